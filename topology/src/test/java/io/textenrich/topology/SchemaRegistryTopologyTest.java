package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SchemaRegistryException;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.schemas.registry.TestSchemaRegistry;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.DeadLetters;
import io.textenrich.topology.input.InputDecoder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The topology with a schema registry configured: registry-framed output, registry-framed input, and registry
 * failures. The registry is a real one, Apicurio Registry's Confluent-compatible API, except for the outage, which
 * the in-test registry stands in for: a real registry cannot be made to answer 503 on demand.
 */
class SchemaRegistryTopologyTest {

  private static final SentenceEmbedder embedder = TestStages.embedder();
  /** An older producer's TextEvent: no language, attributes or event time, and a field the service does not know. */
  private static final Schema OLD_TEXT_EVENT = SchemaBuilder.record("TextEvent").namespace("io.textenrich.schemas").fields()
      .requiredString("id").requiredString("text").optionalString("source").requiredString("origin").endRecord();

  private String registryUrl;
  private SchemaRegistryClient client;
  private ServiceConfig config;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<byte[], byte[]> enriched;
  private TestOutputTopic<byte[], byte[]> moderation;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  /** A driver on the shared real registry, with topics of this test's own so that its subjects are too. */
  @BeforeEach
  void useTheRealRegistry() {
    useRegistry(SharedApicurioRegistry.get().confluentApiUrl());
  }

  private void useRegistry(String url) {
    if (driver != null) {
      driver.close();
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    registryUrl = url;
    client = new SchemaRegistryClient(URI.create(url), null, Duration.ofSeconds(5));
    config = ServiceConfig.fromMap(Map.of(
        "enrich.instance.id", "test-instance",
        "enrich.input.topic", "raw-" + run,
        "enrich.output.topic", "enriched-" + run,
        "enrich.moderation.topic", "moderation-" + run,
        "enrich.schema.registry.url", url,
        "enrich.moderation.thresholds", "toxic=0"));
    startDriver();
  }

  private void startDriver() {
    driver = new TopologyTestDriver(EnrichmentTopology.build(config, TestStages.shared(config, embedder)), config.streamsProperties());
    input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    enriched = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    moderation = driver.createOutputTopic(config.classification().moderationTopic(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    deadLetters = driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void outputIsMagicByteAndTheRegisteredIdThenTheRecordReadableWithTheSchemaFetchedById() throws IOException {
    int enrichedId = lookup(config.outputTopic());
    int moderationId = lookup(config.classification().moderationTopic());
    assertEquals(enrichedId, moderationId, "one schema, one id, under both subjects");

    input.pipeInput(utf8("k1"), utf8("{\"id\":\"j1\",\"text\":\"The weather is lovely today.\"}"));
    TestStages.settle(driver);

    byte[] value = enriched.readValue();
    assertEquals(RegistryWireFormat.MAGIC_BYTE, value[0]);
    assertEquals(enrichedId, RegistryWireFormat.schemaId(value));
    Schema writer = new SchemaRegistryClient(URI.create(registryUrl), null, Duration.ofSeconds(5)).schemaById(enrichedId);
    GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null,
        DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    assertEquals("j1", record.get("id").toString());
    assertEquals("The weather is lovely today.", record.get("text").toString());
    assertEquals("test-instance", record.get("instance_id").toString());
    assertEquals(384, ((List<?>) ((GenericRecord) record.get("embedding")).get("vector")).size());

    byte[] flagged = moderation.readValue();
    assertEquals(enrichedId, RegistryWireFormat.schemaId(flagged));
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void textEventsInTheRegistryFormatAreEnrichedNextToEveryOtherFormat() {
    int oldId = client.register(config.inputTopic() + "-value", OLD_TEXT_EVENT);
    GenericRecord old = new GenericData.Record(OLD_TEXT_EVENT);
    old.put("id", "old-1");
    old.put("text", "Written with an older schema.");
    old.put("source", "legacy-app");
    old.put("origin", "kept by the producer only");
    RegistryAvroSerde<TextEvent> current = RegistryAvroSerde.of(TextEvent.class, client, SubjectNameStrategy.TOPIC, true);

    input.pipeInput(utf8("a"), TestSchemaRegistry.framed(oldId, OLD_TEXT_EVENT, old));
    input.pipeInput(utf8("b"), current.serialize(config.inputTopic(),
        TextEvent.newBuilder().setId("new-1").setText("Written with the current schema.").setLanguage("en").build()));
    input.pipeInput(utf8("c"), AvroSerde.textEvent().serialize(config.inputTopic(),
        TextEvent.newBuilder().setId("so-1").setText("Single-object encoding still works.").build()));
    input.pipeInput(utf8("d"), utf8("{\"id\":\"json-1\",\"text\":\"JSON still works.\"}"));
    input.pipeInput(utf8("e"), utf8("Plain text still works."));
    TestStages.settle(driver);

    RegistryAvroSerde<EnrichedText> reader = RegistryAvroSerde.of(EnrichedText.class, client, SubjectNameStrategy.TOPIC, true);
    List<EnrichedText> out = enriched.readValuesToList().stream().map(v -> reader.deserialize(config.outputTopic(), v)).toList();
    assertEquals(List.of("old-1", "new-1", "so-1", "json-1", config.inputTopic() + "-0-4"), out.stream().map(EnrichedText::getId).toList());
    assertEquals("legacy-app", out.get(0).getSource());
    assertEquals(Map.of(), out.get(0).getAttributes());
    assertEquals("en", out.get(1).getLanguage());
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void anUnknownSchemaIdIsDeadLetteredWithItsOriginalBytes() {
    byte[] unknown = {0, 0, 0, 0x03, (byte) 0xE7, 2, 'x'};
    input.pipeInput(utf8("bad"), unknown);
    input.pipeInput(utf8("good"), utf8("still running"));
    TestStages.settle(driver);

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertArrayEquals(unknown, dead.value());
    assertEquals(InputDecoder.UNKNOWN_SCHEMA_ID, header(dead, DeadLetters.REASON));
    assertTrue(header(dead, DeadLetters.MESSAGE).contains("999"), header(dead, DeadLetters.MESSAGE));
    assertTrue(deadLetters.isEmpty());
    assertEquals(1, enriched.readValuesToList().size());
  }

  @Test
  void aRegistryOutageFailsTheTaskInsteadOfDeadLetteringAndTheRecordIsEnrichedOnceItIsBack() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start(100_001, null)) {
      useRegistry(registry.url());
      outageThenRecovery(registry);
    }
  }

  private void outageThenRecovery(TestSchemaRegistry registry) {
    int id = client.register(config.inputTopic() + "-value", OLD_TEXT_EVENT);
    GenericRecord event = new GenericData.Record(OLD_TEXT_EVENT);
    event.put("id", "during-outage");
    event.put("text", "Nobody could fetch my schema for a while.");
    event.put("origin", "x");
    byte[] value = TestSchemaRegistry.framed(id, OLD_TEXT_EVENT, event);

    registry.failNext(Integer.MAX_VALUE);
    RuntimeException failure = assertThrows(RuntimeException.class, () -> input.pipeInput(utf8("k"), value));
    SchemaRegistryException cause = registryCause(failure);
    assertNotNull(cause, "the registry failure is the cause: " + failure);
    assertTrue(cause.retriable());
    assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, EnrichmentService.onStreamThreadFailure(failure));
    assertTrue(deadLetters.isEmpty(), "an outage must not dead-letter good records");

    registry.failNext(0);
    driver.close();
    startDriver();
    input.pipeInput(utf8("k"), value);
    TestStages.settle(driver);
    RegistryAvroSerde<EnrichedText> reader = RegistryAvroSerde.of(EnrichedText.class, client, SubjectNameStrategy.TOPIC, true);
    assertEquals("during-outage", reader.deserialize(config.outputTopic(), enriched.readValue()).getId());
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void otherStreamThreadFailuresStopTheService() {
    assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
        EnrichmentService.onStreamThreadFailure(new IllegalStateException("model gone")));
  }

  private int lookup(String topic) {
    return RegistryAvroSerde.of(EnrichedText.class, client, SubjectNameStrategy.TOPIC, false).schemaId(topic);
  }

  private static SchemaRegistryException registryCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryException registryException) {
        return registryException;
      }
    }
    return null;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(TestRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }
}
