package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.textenrich.devkit.ApicurioRegistry;
import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.output.WireFormats;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry mode against a real schema registry, Apicurio Registry, with clients that are not ours: Apicurio's
 * own Avro serializer and deserializer, set to Confluent-compatible framing (the 4-byte id of the schema's content,
 * no headers), the way a team whose other services use Apicurio would set them.
 *
 * <p>Basic auth is not run against it: Apicurio Registry checks credentials only through an OpenID Connect server
 * (its basic-auth option trades them for a token there), so WireFormatsTest checks refused credentials on the
 * in-test registry.
 */
class ApicurioRegistryIT {

  private static final SentenceEmbedder embedder = TestStages.embedder();

  private static KafkaBroker broker;
  private static ApicurioRegistry registry;

  @BeforeAll
  static void start() {
    broker = KafkaBroker.start(BrokerOptions.defaults());
    registry = SharedApicurioRegistry.get();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void apicuriosSerializerFeedsTheServiceAndItsDeserializerReadsEveryEnrichedAndModerationRecord(@TempDir Path stateDir)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    ServiceConfig config = ServiceConfig.fromMap(Map.of(
        "bootstrap.servers", broker.bootstrapServers(),
        "application.id", "it-apicurio-" + run,
        "state.dir", stateDir.toString(),
        "enrich.input.topic", "raw-" + run,
        "enrich.output.topic", "enriched-" + run,
        "enrich.dead.letter.topic", "dead-" + run,
        "enrich.moderation.topic", "moderation-" + run,
        // Every event is flagged, so every one also goes to the moderation topic.
        "enrich.moderation.thresholds", "toxic=0",
        "enrich.schema.registry.url", registry.confluentApiUrl(),
        "enrich.http.port", "0"));
    KafkaRecords.createTopics(broker.bootstrapServers(), config.topics(), 2);

    Map<String, String> texts = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      texts.put("apicurio-" + i, "Event number " + i + " written by another team's Apicurio serializer");
    }
    try (KafkaProducer<String, TextEvent> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), apicurioSerializer())) {
      texts.forEach((id, text) -> producer.send(new ProducerRecord<>(config.inputTopic(), id,
          TextEvent.newBuilder().setId(id).setText(text).build())));
      producer.flush();
    }

    String moderationTopic = config.classification().moderationTopic();
    Map<String, List<ConsumerRecord<byte[], byte[]>>> outputs;
    try (EnrichmentService service = EnrichmentService.start(config, embedder)) {
      service.awaitRunning(Duration.ofSeconds(60));
      outputs = KafkaRecords.consumeCommitted(broker.bootstrapServers(),
          List.of(config.outputTopic(), moderationTopic, config.deadLetterTopic()), 2 * texts.size(), Duration.ofSeconds(90));
    }

    assertEquals(List.of(), outputs.getOrDefault(config.deadLetterTopic(), List.of()),
        "Apicurio's framing is the registry wire format the service reads");
    int outputId = RegistryAvroSerde.of(EnrichedText.class, ourClient(), SubjectNameStrategy.TOPIC, false)
        .schemaId(config.outputTopic());
    try (AvroKafkaDeserializer<EnrichedText> deserializer = apicurioDeserializer()) {
      for (String topic : List.of(config.outputTopic(), moderationTopic)) {
        List<ConsumerRecord<byte[], byte[]>> records = outputs.getOrDefault(topic, List.of());
        assertEquals(texts.keySet(), KafkaRecords.keys(records), topic);
        assertEquals(texts.size(), records.size(), "one record per event on " + topic);
        Set<String> decoded = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          assertEquals(outputId, RegistryWireFormat.schemaId(record.value()), "the id registered under the topic's subject");
          EnrichedText value = deserializer.deserialize(topic, record.value());
          assertEquals(texts.get(value.getId()), value.getText());
          assertEquals(384, value.getEmbedding().getVector().size());
          decoded.add(value.getId());
        }
        assertEquals(texts.keySet(), decoded, "Apicurio's deserializer decodes every record on " + topic);
      }
    }
  }

  @Test
  void anIncompatibleSchemaUnderTheOutputSubjectStopsTheStartNamingTheRule() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String outputTopic = "enriched-" + run;
    // An earlier record of the same name that the current one cannot read: the current one adds fields without defaults.
    Schema earlier = SchemaBuilder.record("EnrichedText").namespace("io.textenrich.schemas").fields()
        .requiredString("id").requiredDouble("legacy_score").endRecord();
    ourClient().register(outputTopic + "-value", earlier);
    ServiceConfig config = ServiceConfig.fromMap(Map.of(
        "enrich.output.topic", outputTopic,
        "enrich.moderation.topic", "",
        "enrich.schema.registry.url", registry.confluentApiUrl()));

    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> WireFormats.open(config));

    assertTrue(refused.getMessage().contains("compatibility rule rejects this schema"), refused.getMessage());
    assertTrue(refused.getMessage().contains("409"), refused.getMessage());
    assertTrue(refused.getMessage().contains("subject " + outputTopic + "-value"), refused.getMessage());
  }

  /** Apicurio's settings for Confluent's framing: the 4-byte content id in the value, nothing in the headers. */
  private static Map<String, Object> confluentFraming() {
    return Map.of(
        SerdeConfig.REGISTRY_URL, registry.registryApiUrl(),
        SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName(),
        SerdeConfig.ENABLE_HEADERS, false,
        SerdeConfig.USE_ID, "contentId");
  }

  private static AvroKafkaSerializer<TextEvent> apicurioSerializer() {
    AvroKafkaSerializer<TextEvent> serializer = new AvroKafkaSerializer<>();
    Map<String, Object> config = new HashMap<>(confluentFraming());
    config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    serializer.configure(config, false);
    return serializer;
  }

  private static AvroKafkaDeserializer<EnrichedText> apicurioDeserializer() {
    AvroKafkaDeserializer<EnrichedText> deserializer = new AvroKafkaDeserializer<>();
    Map<String, Object> config = new HashMap<>(confluentFraming());
    config.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
    deserializer.configure(config, false);
    return deserializer;
  }

  private static SchemaRegistryClient ourClient() {
    return new SchemaRegistryClient(URI.create(registry.confluentApiUrl()), null, Duration.ofSeconds(10));
  }
}
