package io.textenrich.topology.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.EngineTuning;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.Pooling;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {

  @Test
  void defaultsAreExactlyOnceWithTheBuiltinModel() {
    ServiceConfig config = ServiceConfig.defaults();
    Properties streams = config.streamsProperties();
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("text-enrichment", config.applicationId());
    assertEquals("raw-text", config.inputTopic());
    assertEquals("all-minilm-l6-v2-q", config.embedder().model());
    assertEquals(ExecutionDevice.AUTO, config.embedder().session().device());
    assertTrue(!config.instanceId().isBlank());
  }

  @Test
  void aDynamicMemberByDefaultLeavesTheGroupOnAStopAndKeepsStoresThroughAnUncleanStop() {
    ServiceConfig config = ServiceConfig.defaults();
    assertTrue(config.groupInstanceId().isEmpty());
    assertFalse(config.streamsProperties().containsKey("group.instance.id"));
    assertTrue(config.leaveGroupOnStop());
    assertEquals("true", config.streamsProperties().get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG));
  }

  @Test
  void staticMembershipNamesTheMemberByTheInstanceIdAndStaysInTheGroupOnAStopUnlessToldToLeave() {
    ServiceConfig config = ServiceConfig.fromMap(Map.of("enrich.static.membership", "true", "enrich.instance.id", "enrich-2"));
    assertEquals("enrich-2", config.streamsProperties().get("group.instance.id"));
    assertEquals("enrich-2", config.groupInstanceId().orElseThrow());
    assertFalse(config.leaveGroupOnStop(), "a rolling restart brings the same id back");

    assertTrue(ServiceConfig.fromMap(Map.of("enrich.static.membership", "true", "enrich.stop.group", "leave"))
        .leaveGroupOnStop(), "a scale down hands the partitions over at once");
    assertFalse(ServiceConfig.fromMap(Map.of("enrich.stop.group", "stay")).leaveGroupOnStop());
    assertEquals("pod-0", ServiceConfig.fromMap(Map.of("group.instance.id", "pod-0")).groupInstanceId().orElseThrow(),
        "Kafka's own key makes a static member too");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("enrich.stop.group", "later")));
    assertTrue(e.getMessage().contains("auto, leave or stay"), e.getMessage());
  }

  @Test
  void fileValuesThenEnvironmentOverridesApplyAndOtherKeysPassToKafkaStreams(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("service.properties");
    Files.writeString(file, String.join("\n",
        "bootstrap.servers=broker-a:9092",
        "num.stream.threads=3",
        "enrich.input.topic=posts",
        "enrich.embedding.pooling=cls",
        "enrich.model.device=cpu"));

    ServiceConfig config = ServiceConfig.load(file, Map.of(
        "ENRICH_INPUT_TOPIC", "comments",
        "KAFKA_BOOTSTRAP_SERVERS", "broker-b:9092",
        "PATH", "/usr/bin"));

    assertEquals("comments", config.inputTopic());
    assertEquals("broker-b:9092", config.bootstrapServers());
    assertEquals("3", config.streamsProperties().get("num.stream.threads"));
    assertEquals(Pooling.CLS, config.embedder().pooling());
    assertEquals(ExecutionDevice.CPU, config.embedder().session().device());
    assertTrue(!config.streamsProperties().containsKey("enrich.input.topic"));
  }

  @Test
  void theLaunchersJvmOptionsVariableIsNoServiceSetting(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("service.properties");
    Files.writeString(file, "enrich.input.topic=posts\n");

    ServiceConfig config = ServiceConfig.load(file, Map.of("ENRICH_JAVA_OPTS", "-Xmx2g", "ENRICH_OUTPUT_TOPIC", "out"));

    assertEquals(Map.of("enrich.output.topic", "out"), ServiceConfig.fromEnvironment(Map.of(
        "ENRICH_JAVA_OPTS", "-Xmx2g", "ENRICH_OUTPUT_TOPIC", "out")));
    assertEquals("posts", config.inputTopic());
    assertEquals("out", config.outputTopic());
    assertFalse(config.streamsProperties().containsKey("enrich.java.opts"));
  }

  @Test
  void misspelledServiceKeyIsRejectedListingTheKnownKeys() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("enrich.input.topik", "x")));
    assertTrue(e.getMessage().contains("enrich.input.topik"), e.getMessage());
    assertTrue(e.getMessage().contains("enrich.input.topic"), e.getMessage());
  }

  @Test
  void aRetiredSettingStartsWithAWarningNamingWhatReplacedIt() {
    ServiceConfig config = ServiceConfig.fromMap(Map.of("enrich.batch.flush.timeout.ms", "60000",
        "enrich.batch.max.padding.share", "0.10", "enrich.input.topic", "in"));
    assertEquals("in", config.inputTopic());
    assertEquals(2, config.warnings().size(), config.warnings().toString());
    String warnings = String.join("\n", config.warnings());
    assertTrue(warnings.contains("enrich.batch.flush.timeout.ms=60000 is ignored") && warnings.contains("enrich.stage.full.wait.ms"),
        warnings);
    assertTrue(warnings.contains("enrich.batch.max.padding.share=0.10 is ignored")
        && warnings.contains("enrich.engine.max.call.padding.share"), warnings);
    assertFalse(config.streamsProperties().containsKey("enrich.batch.flush.timeout.ms"));
    assertTrue(ServiceConfig.defaults().warnings().isEmpty());
  }

  @Test
  void everyInvalidValueIsReportedAtOnceNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromMap(Map.of(
        "enrich.input.max.text.bytes", "lots",
        "enrich.model.device", "tpu",
        "enrich.output.topic", "raw-text",
        "enrich.dead.letter.topic", "bad topic")));
    String message = e.getMessage();
    assertTrue(message.contains("enrich.input.max.text.bytes='lots': not a number"), message);
    assertTrue(message.contains("enrich.model.device='tpu'"), message);
    assertTrue(message.contains("must be different topics"), message);
    assertTrue(message.contains("enrich.dead.letter.topic='bad topic': not a valid Kafka topic name"), message);
  }

  @Test
  void missingFileNamesThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.load(missing, Map.of()));
    assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
  }

  @Test
  void engineSizesDefaultToAutoAndTakeWholeNumbersOverIt() {
    ServiceConfig auto = ServiceConfig.defaults();
    assertEquals(BatchSettings.EngineRequest.AUTO, auto.batch().engine());
    assertEquals(1, auto.embedder().session().intraOpThreads(), "on a CPU, auto runs single-threaded calls");
    assertEquals(0, auto.completion().session(auto.embedder().session()).intraOpThreads(),
        "the decoder's one scheduler keeps ONNX Runtime's default");
    EngineTuning tuning = auto.batch().tuning("cpu", auto.embedder().session().intraOpThreads());
    assertEquals(Runtime.getRuntime().availableProcessors(), tuning.parallelism());

    ServiceConfig fixed = ServiceConfig.fromMap(Map.of("enrich.engine.parallelism", "3", "enrich.engine.max.call.sequences", "16",
        "enrich.engine.max.call.padded.tokens", "4096", "enrich.engine.max.call.padding.share", "1",
        "enrich.model.intra.op.threads", "0"));
    assertEquals(new BatchSettings.EngineRequest(3, 16, 4096, 1.0), fixed.batch().engine());
    assertEquals(0, fixed.embedder().session().intraOpThreads());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("enrich.engine.parallelism", "0", "enrich.engine.max.call.padded.tokens", "lots",
            "enrich.engine.max.call.padding.share", "0")));
    assertTrue(e.getMessage().contains("enrich.engine.parallelism='0': must be auto or >= 1"), e.getMessage());
    assertTrue(e.getMessage().contains("enrich.engine.max.call.padded.tokens='lots': not a number"), e.getMessage());
    assertTrue(e.getMessage().contains("enrich.engine.max.call.padding.share='0': must be auto or in (0, 1]"), e.getMessage());
  }

  @Test
  void decoderRunsWithTheEncoderSessionUnlessItsOwnOperatorThreadsAreSet() {
    ServiceConfig shared = ServiceConfig.fromMap(Map.of("enrich.model.intra.op.threads", "2"));
    assertEquals(2, shared.completion().session(shared.embedder().session()).intraOpThreads());

    ServiceConfig own = ServiceConfig.fromMap(Map.of("enrich.model.intra.op.threads", "2",
        "enrich.completion.intra.op.threads", "1"));
    assertEquals(1, own.completion().session(own.embedder().session()).intraOpThreads());
    assertEquals(2, own.embedder().session().intraOpThreads());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("enrich.completion.intra.op.threads", "-1")));
    assertTrue(e.getMessage().contains("enrich.completion.intra.op.threads='-1': must be >= 0"), e.getMessage());
  }

  @Test
  void theSchemaRegistryIsOffByDefaultAndTypedWhenConfigured() {
    assertTrue(ServiceConfig.defaults().schemaRegistry().isEmpty());
    SchemaRegistrySettings registry = ServiceConfig.fromMap(Map.of(
        "enrich.schema.registry.url", "https://registry.example.com:8081",
        "enrich.schema.registry.basic.auth.user.info", "svc:s3cret",
        "enrich.schema.registry.subject.name.strategy", "topic-record",
        "enrich.schema.registry.auto.register", "false",
        "enrich.schema.registry.request.timeout.ms", "2000")).schemaRegistry().orElseThrow();
    assertEquals(URI.create("https://registry.example.com:8081"), registry.url());
    assertEquals("svc:s3cret", registry.basicAuthUserInfo());
    assertEquals(SubjectNameStrategy.TOPIC_RECORD, registry.subjects());
    assertFalse(registry.autoRegister());
    assertEquals(Duration.ofSeconds(2), registry.requestTimeout());
    assertFalse(registry.toString().contains("s3cret"), registry.toString());
    assertTrue(ServiceConfig.fromMap(Map.of("enrich.schema.registry.url", "http://localhost:8081"))
        .schemaRegistry().orElseThrow().autoRegister());
  }

  @Test
  void schemaRegistryMistakesAreReportedNamingTheKeyAndTheFix() {
    String message = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromMap(Map.of(
        "enrich.schema.registry.url", "registry:8081",
        "enrich.schema.registry.basic.auth.user.info", "svc",
        "enrich.schema.registry.subject.name.strategy", "TopicNameStrategy",
        "enrich.schema.registry.request.timeout.ms", "120000"))).getMessage();
    assertTrue(message.contains("enrich.schema.registry.url='registry:8081' is not an http(s) URL"), message);
    assertTrue(message.contains("enrich.schema.registry.basic.auth.user.info must be user:password"), message);
    assertTrue(message.contains("enrich.schema.registry.subject.name.strategy='TopicNameStrategy': use topic, record, topic-record"),
        message);
    assertTrue(message.contains("must be below max.poll.interval.ms=300000"), message);

    String withoutUrl = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromMap(Map.of(
        "enrich.schema.registry.auto.register", "false"))).getMessage();
    assertTrue(withoutUrl.contains("enrich.schema.registry.auto.register set but enrich.schema.registry.url is empty"), withoutUrl);
  }

  @Test
  void chineseLabelsComeFromTheChineseEncodersHeadsByDefaultAndRoutesAreChecked() {
    assertEquals(Map.of("zh", "bge-small-zh-v15-q"), ServiceConfig.defaults().classification().headsByLanguage());
    assertEquals(Map.of(), ServiceConfig.fromMap(Map.of("enrich.heads.by.language", "")).classification().headsByLanguage());

    String message = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromMap(Map.of(
        "enrich.heads.by.language", "Chinese:bge-small-zh-v15-q,ja:my-encoder"))).getMessage();
    assertTrue(message.contains("'Chinese:bge-small-zh-v15-q' is not language:encoder"), message);
    assertTrue(message.contains("an encoder with built-in heads (all-minilm-l6-v2-q, bge-small-zh-v15-q)"), message);
  }
}
