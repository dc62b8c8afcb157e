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
import java.util.List;
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
  void theRestoreConsumerDoesNotLongPollForHalfASecondUnlessTold() {
    String key = StreamsConfig.restoreConsumerPrefix("fetch.max.wait.ms");
    assertEquals("50", ServiceConfig.defaults().streamsProperties().get(key));
    assertEquals("500", ServiceConfig.fromMap(Map.of(key, "500")).streamsProperties().get(key), "a user's value wins");
  }

  @Test
  void theProducersBatchEnoughEnrichedRecordsPerRequestUnlessTold() {
    assertEquals(262144, producerBatchSize(ServiceConfig.defaults()));
    assertEquals(16384, producerBatchSize(ServiceConfig.fromMap(Map.of("batch.size", "16384"))), "a user's value wins");
    assertEquals(16384, producerBatchSize(ServiceConfig.fromMap(Map.of("producer.batch.size", "16384"))),
        "also under Kafka Streams' producer prefix");
  }

  /** The batch size Kafka Streams gives its producers with these settings. */
  private static int producerBatchSize(ServiceConfig config) {
    return Integer.parseInt(String.valueOf(new StreamsConfig(config.streamsProperties()).getProducerConfigs("client").get("batch.size")));
  }

  @Test
  void theSettingsKafkaStreamsReadsEnableTheProcessingHandlerForGlobalStores() {
    assertEquals("true", ServiceConfig.defaults().streamsProperties()
        .get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
    assertEquals("false", ServiceConfig.fromMap(Map.of(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "false"))
        .streamsProperties().get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "a user's value wins");
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
  void theLaunchersJvmOptionsVariablesAreNoServiceSettings(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("service.properties");
    Files.writeString(file, "enrich.input.topic=posts\n");

    ServiceConfig config = ServiceConfig.load(file, Map.of("ENRICH_JAVA_OPTS", "-Xmx2g", "ENRICH_OUTPUT_TOPIC", "out",
        "KAFKA_HEAP_OPTS", "-Xmx1g", "KAFKA_OPTS", "-Dx=y"));

    assertEquals(Map.of("enrich.output.topic", "out"), ServiceConfig.fromEnvironment(Map.of(
        "ENRICH_JAVA_OPTS", "-Xmx2g", "ENRICH_OUTPUT_TOPIC", "out")));
    assertEquals("posts", config.inputTopic());
    assertEquals("out", config.outputTopic());
    assertFalse(config.streamsProperties().containsKey("enrich.java.opts"));
  }

  @Test
  void aMisspelledKeyIsRejectedWithTheNearestKeyNotAListOfAll() {
    String message = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("enrich.batch.maxdelay", "5"))).getMessage();
    assertTrue(message.contains("enrich.batch.maxdelay is not a setting; did you mean enrich.batch.max.delay.ms?"), message);
    assertFalse(message.contains("enrich.http.port"), "one suggestion, not every key: " + message);
    String far = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("enrich.something.else.entirely", "5"))).getMessage();
    assertTrue(far.contains("enrich.something.else.entirely is not a setting of the service or of Kafka Streams"), far);
  }

  @Test
  void unknownKeysAndInvalidValuesOfTheServiceAndOfKafkaAreReportedTogether() {
    String message = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromMap(Map.of(
        "enrich.batch.maxdelay", "5",
        "enrich.batch.max.records", "lots",
        "bootstrp.servers", "broker:9092",
        "num.stream.thread", "2",
        "processing.guarantee", "exactly_once_v3",
        "consumer.max.poll.record", "10",
        "producer.linger.ms", "soon"))).getMessage();
    assertTrue(message.startsWith("Invalid configuration (7 mistakes"), message);
    assertTrue(message.contains("enrich.batch.maxdelay is not a setting; did you mean enrich.batch.max.delay.ms?"), message);
    assertTrue(message.contains("enrich.batch.max.records='lots': not a number"), message);
    assertTrue(message.contains("bootstrp.servers is not a setting; did you mean bootstrap.servers?"), message);
    assertTrue(message.contains("num.stream.thread is not a setting; did you mean num.stream.threads?"), message);
    assertTrue(message.contains("processing.guarantee='exactly_once_v3': String must be one of: at_least_once, exactly_once_v2"),
        message);
    assertTrue(message.contains("consumer.max.poll.record is not a setting; did you mean consumer.max.poll.records?"), message);
    assertTrue(message.contains("producer.linger.ms='soon':"), message);
  }

  @Test
  void kafkaSettingsUnderKafkaStreamsPrefixesAreAccepted() {
    ServiceConfig config = ServiceConfig.fromMap(Map.of(
        "main.consumer.max.poll.records", "50",
        "restore.consumer.max.poll.records", "500",
        "producer.compression.type", "lz4",
        "admin.retries", "3",
        "topic.min.insync.replicas", "2",
        "client.tag.zone", "eu-1",
        "sasl.mechanism", "SCRAM-SHA-512"));
    assertEquals("lz4", config.streamsProperties().get("producer.compression.type"));
    assertEquals("2", config.streamsProperties().get("topic.min.insync.replicas"));
  }

  @Test
  void aSettingKafkaStreamsDeclaresIsCheckedByKafkaStreamsNotByTheConsumer() {
    // The consumer knows group.protocol as classic or consumer; Kafka Streams reads it, and also accepts streams.
    ServiceConfig config = ServiceConfig.fromMap(Map.of("group.protocol", "streams"));
    assertEquals("streams", config.streamsProperties().get("group.protocol"));
    String message = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("group.protocol", "gossip"))).getMessage();
    assertTrue(message.contains("group.protocol='gossip'"), message);
  }

  @Test
  void kafkaSettingsValidAloneAreCheckedTogetherAsKafkaStreamsWouldAtStart() {
    String message = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("rack.aware.assignment.tags", "zone"))).getMessage();
    assertTrue(message.contains("Kafka Streams rejects the settings: ") && message.contains("client.tag."), message);
    assertEquals("eu-1", ServiceConfig.fromMap(Map.of("rack.aware.assignment.tags", "zone", "client.tag.zone", "eu-1"))
        .streamsProperties().get("client.tag.zone"));
  }

  @Test
  void environmentVariablesAreNamedInMistakesAsTheUserSetThem(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("service.properties"), "enrich.input.topic=posts\n");
    String message = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.load(file, Map.of(
        "ENRICH_BATCH_MAXRECORDS", "5",
        "ENRICH_BATCH_MAX_TOKENS", "lots",
        "KAFKA_NUM_STREAM_THREAD", "2",
        "KAFKA_PROCESSING_GUARANTEE", "exactly_once_v3"))).getMessage();
    assertTrue(message.contains("ENRICH_BATCH_MAXRECORDS (environment variable) is not a setting; did you mean"
        + " ENRICH_BATCH_MAX_RECORDS?"), message);
    assertTrue(message.contains("ENRICH_BATCH_MAX_TOKENS='lots': not a number"), message);
    assertTrue(message.contains("KAFKA_NUM_STREAM_THREAD (environment variable) is not a setting; did you mean"
        + " KAFKA_NUM_STREAM_THREADS?"), message);
    assertTrue(message.contains("KAFKA_PROCESSING_GUARANTEE='exactly_once_v3'"), message);
    assertFalse(message.contains("enrich.batch.maxrecords") || message.contains("enrich.batch.max.tokens"), message);
  }

  @Test
  void anEmptyOrMalformedBootstrapServersIsAMistakeNamingTheFix() {
    String empty = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("bootstrap.servers", " "))).getMessage();
    assertTrue(empty.contains("bootstrap.servers='': empty; set it to the brokers' host:port, e.g."
        + " bootstrap.servers=localhost:9092"), empty);
    String noPort = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromMap(Map.of("bootstrap.servers", "broker-a:9092,broker-b"))).getMessage();
    assertTrue(noPort.contains("bootstrap.servers='broker-a:9092,broker-b': 'broker-b' is not host:port"), noPort);
  }

  @Test
  void aStopStringThatIsWhitespaceIsKeptAsAPropertiesFileAndTheEnvironmentWriteIt(@TempDir Path dir) throws IOException {
    // As the reference shows it: the properties reader turns \n into a newline before the service sees it.
    Path file = Files.writeString(dir.resolve("service.properties"), "enrich.completion.stop=\\n\n");
    assertEquals(List.of("\n"), ServiceConfig.load(file, Map.of()).completion().stop());

    Path several = Files.writeString(dir.resolve("several.properties"), "enrich.completion.stop=\\n, END ,\\t\n");
    assertEquals(List.of("\n", "END", "\t"), ServiceConfig.load(several, Map.of()).completion().stop());

    assertEquals(List.of("\n\n"), ServiceConfig.load(Map.of("ENRICH_COMPLETION_STOP", "\\n\\n")).completion().stop());
    assertEquals(List.of("\n"), ServiceConfig.fromMap(Map.of("enrich.completion.stop", "\n")).completion().stop());
    assertEquals(List.of(), ServiceConfig.defaults().completion().stop());
  }

  @Test
  void effectiveSettingsNameTheirSourceAndMaskSecrets(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("service.properties"), String.join("\n",
        "enrich.input.topic=posts",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"pw1\";",
        "ssl.truststore.password=pw2",
        "ssl.truststore.location=/etc/kafka/ca.p12",
        "enrich.schema.registry.url=http://registry:8081",
        "enrich.schema.registry.basic.auth.user.info=svc:pw3",
        "enrich.batch.flush.timeout.ms=60000"));
    ServiceConfig config = ServiceConfig.load(file, Map.of("ENRICH_OUTPUT_TOPIC", "out", "KAFKA_NUM_STREAM_THREADS", "2"));
    Map<String, ServiceConfig.Setting> settings = new java.util.LinkedHashMap<>();
    config.effectiveSettings().forEach(s -> settings.put(s.key(), s));

    assertEquals(new ServiceConfig.Setting("enrich.input.topic", "posts", "file " + file), settings.get("enrich.input.topic"));
    assertEquals(new ServiceConfig.Setting("enrich.output.topic", "out", "environment variable ENRICH_OUTPUT_TOPIC"),
        settings.get("enrich.output.topic"));
    assertEquals(new ServiceConfig.Setting("num.stream.threads", "2", "environment variable KAFKA_NUM_STREAM_THREADS"),
        settings.get("num.stream.threads"));
    assertEquals(new ServiceConfig.Setting("enrich.http.port", "8080", "default"), settings.get("enrich.http.port"));
    assertEquals(new ServiceConfig.Setting("application.id", "text-enrichment", "default"), settings.get("application.id"));
    assertEquals("[hidden]", settings.get("sasl.jaas.config").value());
    assertEquals("[hidden]", settings.get("ssl.truststore.password").value());
    assertEquals("[hidden]", settings.get("enrich.schema.registry.basic.auth.user.info").value());
    assertEquals("SCRAM-SHA-512", settings.get("sasl.mechanism").value());
    assertEquals("/etc/kafka/ca.p12", settings.get("ssl.truststore.location").value(), "a path is no secret");
    assertEquals("8192", settings.get("enrich.batch.max.tokens").value(), "tokens of text are no secret");
    assertEquals(ServiceConfig.keys(), settings.keySet().stream().filter(k -> k.startsWith("enrich.")).toList(),
        "every enrich.* key, in the reference's order; retired ones are warnings, not settings");
    String all = config.effectiveSettings().toString();
    assertFalse(all.contains("pw1") || all.contains("pw2") || all.contains("pw3"), all);
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
