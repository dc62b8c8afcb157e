package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.DeadLetters;
import io.textenrich.topology.input.InputDecoder;
import io.textenrich.topology.stage.BufferChangelog;
import io.textenrich.topology.stage.completion.CompletionSpec;
import io.textenrich.topology.stage.encoder.EncoderSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end scenarios on a real broker with the real model. Subclasses say which broker: the
 * embedded KRaft broker always, a Testcontainers broker when a Docker engine is there.
 */
abstract class EnrichmentScenarios {

  private static final SentenceEmbedder embedder = TestStages.embedder();
  /** A buffer changelog's segments roll after a minute and its tombstones stay five: a restore reads minutes of traffic. */
  private static final Map<String, String> BOUNDED_CHANGELOG = Map.of("segment.ms", "60000", "delete.retention.ms", "300000",
      "segment.bytes", "67108864");

  /** Bootstrap servers of a running broker. */
  protected abstract String bootstrapServers();

  /** Base URL of a running Confluent-compatible schema registry that uses this broker, or an in-test registry. */
  protected abstract String schemaRegistryUrl();

  @Test
  void everyValidEventIsEnrichedExactlyOnceAndInvalidOnesAreDeadLettered(@TempDir Path stateDir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int port = freePort();
    // As in a container: HTTP on every interface, a reachable name advertised to the other instances.
    ServiceConfig config = ServiceConfig.fromMap(Map.ofEntries(
        Map.entry("bootstrap.servers", bootstrapServers()),
        Map.entry("application.id", "it-" + run),
        Map.entry("state.dir", stateDir.toString()),
        Map.entry("enrich.input.topic", "raw-" + run),
        Map.entry("enrich.output.topic", "enriched-" + run),
        Map.entry("enrich.dead.letter.topic", "dead-" + run),
        Map.entry("enrich.moderation.topic", "moderation-" + run),
        Map.entry("enrich.input.max.text.bytes", "1000"),
        Map.entry("enrich.http.host", "0.0.0.0"),
        Map.entry("enrich.http.port", Integer.toString(port)),
        Map.entry("application.server", "localhost:" + port)));
    createTopics(config, 3);
    // The encoder buffer's changelog as an earlier version left it: compacted, Kafka's defaults otherwise.
    String changelog = BufferChangelog.topic(config.applicationId(), EncoderSpec.BUFFER_STORE);
    KafkaRecords.createCompactedTopic(bootstrapServers(), changelog, 3);

    Map<String, byte[]> valid = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      String text = i % 2 == 0 ? "English event number " + i + " about stream processing" : "第" + i + "条中文消息，今天天气很好";
      valid.put("ok-" + i, ("{\"id\":\"ok-" + i + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    Map<String, byte[]> invalid = Map.of(
        "bad-binary", new byte[] {(byte) 0xC0, (byte) 0xFF, 0x00},
        "bad-json", "{\"text\": ".getBytes(StandardCharsets.UTF_8),
        "bad-large", "x".repeat(1001).getBytes(StandardCharsets.UTF_8));

    try (EnrichmentService service = EnrichmentService.start(config, embedder)) {
      service.awaitRunning(Duration.ofSeconds(60));
      Map<String, byte[]> all = new HashMap<>(valid);
      all.putAll(invalid);
      produce(all, config.inputTopic());

      Map<String, List<ConsumerRecord<byte[], byte[]>>> outputs =
          consumeCommitted(List.of(config.outputTopic(), config.deadLetterTopic()), all.size(), Duration.ofSeconds(90));

      List<ConsumerRecord<byte[], byte[]>> enriched = outputs.getOrDefault(config.outputTopic(), List.of());
      List<ConsumerRecord<byte[], byte[]>> dead = outputs.getOrDefault(config.deadLetterTopic(), List.of());
      assertEquals(valid.keySet(), KafkaRecords.keys(enriched));
      assertEquals(valid.size(), enriched.size(), "one enriched record per valid event, no duplicates");
      assertEquals(invalid.keySet(), KafkaRecords.keys(dead));
      for (ConsumerRecord<byte[], byte[]> record : enriched) {
        EnrichedText value = AvroSerde.enrichedText().deserialize(record.topic(), record.value());
        assertEquals(new String(record.key(), StandardCharsets.UTF_8), value.getId());
        assertEquals(384, value.getEmbedding().getVector().size());
      }
      assertEquals(KafkaStreams.State.RUNNING, service.state(), "bad input must not stop the service");

      String base = "http://127.0.0.1:" + service.httpPort();
      assertEquals(200, get(base + "/health").statusCode());
      assertEquals(200, get(base + "/ready").statusCode());
      JsonNode throughput = new ObjectMapper().readTree(get(base + "/throughput?window=1m&last=5").body());
      assertEquals(1, throughput.at("/instances").asInt(), "this instance must know itself by its advertised address");
      Map<String, Integer> recordsByStage = new HashMap<>();
      throughput.at("/totals").forEach(row -> recordsByStage.put(row.at("/stage").asText(), row.at("/records").asInt()));
      assertEquals(Map.of("embed", valid.size(), "classify", valid.size()), recordsByStage, throughput.toString());
      assertTrue(get(base + "/metrics").body().contains("enrich_enriched_records_total{stage=\"embed\"} 40.0"));
    }
    assertEquals(BOUNDED_CHANGELOG, KafkaRecords.topicConfig(bootstrapServers(), changelog, BOUNDED_CHANGELOG.keySet()),
        "the service brings an existing buffer changelog to the config that keeps restores short");
  }

  @Test
  void withASchemaRegistryTheOutputIsInItsWireFormatAndFramedInputIsRead(@TempDir Path stateDir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    ServiceConfig config = ServiceConfig.fromMap(Map.of(
        "bootstrap.servers", bootstrapServers(),
        "application.id", "it-registry-" + run,
        "state.dir", stateDir.toString(),
        "enrich.input.topic", "raw-" + run,
        "enrich.output.topic", "enriched-" + run,
        "enrich.dead.letter.topic", "dead-" + run,
        "enrich.moderation.topic", "",
        "enrich.schema.registry.url", schemaRegistryUrl(),
        "enrich.http.port", "0"));
    createTopics(config, 2);
    SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(schemaRegistryUrl()), null, Duration.ofSeconds(10));
    RegistryAvroSerde<TextEvent> producerSerde = RegistryAvroSerde.of(TextEvent.class, registry, SubjectNameStrategy.TOPIC, true);
    Map<String, byte[]> valid = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      valid.put("framed-" + i, producerSerde.serialize(config.inputTopic(),
          TextEvent.newBuilder().setId("framed-" + i).setText("Registry framed event number " + i).build()));
      valid.put("json-" + i, ("{\"id\":\"json-" + i + "\",\"text\":\"JSON event " + i + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    Map<String, byte[]> all = new HashMap<>(valid);
    all.put("unknown-id", new byte[] {0, 0x7f, 0, 0, 0, 2, 'x'});

    try (EnrichmentService service = EnrichmentService.start(config, embedder)) {
      service.awaitRunning(Duration.ofSeconds(60));
      produce(all, config.inputTopic());
      Map<String, List<ConsumerRecord<byte[], byte[]>>> outputs =
          consumeCommitted(List.of(config.outputTopic(), config.deadLetterTopic()), all.size(), Duration.ofSeconds(90));

      List<ConsumerRecord<byte[], byte[]>> enriched = outputs.getOrDefault(config.outputTopic(), List.of());
      assertEquals(valid.keySet(), KafkaRecords.keys(enriched));
      assertEquals(valid.size(), enriched.size());
      int outputId = RegistryAvroSerde.of(EnrichedText.class, registry, SubjectNameStrategy.TOPIC, false).schemaId(config.outputTopic());
      RegistryAvroSerde<EnrichedText> consumerSerde = RegistryAvroSerde.of(EnrichedText.class,
          new SchemaRegistryClient(URI.create(schemaRegistryUrl()), null, Duration.ofSeconds(10)), SubjectNameStrategy.TOPIC, false);
      for (ConsumerRecord<byte[], byte[]> record : enriched) {
        assertEquals(outputId, RegistryWireFormat.schemaId(record.value()));
        assertEquals(new String(record.key(), StandardCharsets.UTF_8), consumerSerde.deserialize(record.topic(), record.value()).getId());
      }
      List<ConsumerRecord<byte[], byte[]>> dead = outputs.getOrDefault(config.deadLetterTopic(), List.of());
      assertEquals(Set.of("unknown-id"), KafkaRecords.keys(dead));
      assertEquals(InputDecoder.UNKNOWN_SCHEMA_ID,
          new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aSecondInstanceJoiningAndLeavingWhileBothStagesHaveWorkInFlightLosesAndDuplicatesNothing(@TempDir Path dir)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = Map.ofEntries(
        Map.entry("bootstrap.servers", bootstrapServers()),
        Map.entry("application.id", "it-rebalance-" + run),
        Map.entry("enrich.input.topic", "raw-" + run),
        Map.entry("enrich.output.topic", "enriched-" + run),
        Map.entry("enrich.dead.letter.topic", "dead-" + run),
        Map.entry("enrich.moderation.topic", "moderation-" + run),
        Map.entry("enrich.completion.mode", "rule"),
        Map.entry("enrich.completion.rule", "attr:complete=yes"),
        Map.entry("enrich.completion.max.new.tokens", "32"),
        Map.entry("enrich.completion.min.new.tokens", "16"),
        Map.entry("enrich.completion.max.sequences", "4"),
        Map.entry("commit.interval.ms", "100"),
        Map.entry("enrich.http.port", "0"));
    ServiceConfig first = ServiceConfig.fromMap(with(settings, "state.dir", dir.resolve("first").toString()));
    ServiceConfig second = ServiceConfig.fromMap(with(settings, "state.dir", dir.resolve("second").toString()));
    createTopics(first, 4);

    Map<String, byte[]> events = new HashMap<>();
    try (EnrichmentService a = EnrichmentService.start(first, embedder)) {
      a.awaitRunning(Duration.ofSeconds(60));
      produce(batch("before-join-", 60, events), first.inputTopic());
      // Joins while A's encoder and completion stages hold the first events: tasks move with work in flight.
      try (EnrichmentService b = EnrichmentService.start(second, embedder)) {
        produce(batch("while-two-", 60, events), first.inputTopic());
        b.awaitRunning(Duration.ofSeconds(120));
        produce(batch("before-leave-", 60, events), first.inputTopic());
      }
      // B left with work in flight: its tasks move back to A, which restores their buffers.
      produce(batch("after-leave-", 30, events), first.inputTopic());

      List<ConsumerRecord<byte[], byte[]>> enriched = consumeCommitted(List.of(first.outputTopic()), events.size(),
          Duration.ofSeconds(240)).getOrDefault(first.outputTopic(), List.of());
      assertEquals(events.keySet(), KafkaRecords.keys(enriched), "nothing lost");
      assertEquals(events.size(), enriched.size(), "nothing written twice");
      for (ConsumerRecord<byte[], byte[]> record : enriched) {
        EnrichedText value = AvroSerde.enrichedText().deserialize(record.topic(), record.value());
        assertEquals("yes".equals(value.getAttributes().get("complete")), value.getCompletion() != null,
            value.getId() + " has a completion exactly when the rule selects it");
      }
      assertEquals(KafkaStreams.State.RUNNING, a.state());
    }
    for (String store : List.of(EncoderSpec.BUFFER_STORE, CompletionSpec.BUFFER_STORE)) {
      assertEquals(BOUNDED_CHANGELOG, KafkaRecords.topicConfig(bootstrapServers(),
          BufferChangelog.topic(first.applicationId(), store), BOUNDED_CHANGELOG.keySet()), store + "'s changelog as created");
    }
  }

  /** {@code count} events, every other one selected for a completion; also added to {@code all}. */
  private static Map<String, byte[]> batch(String prefix, int count, Map<String, byte[]> all) {
    Map<String, byte[]> events = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      events.put(id, ("{\"id\":\"" + id + "\",\"text\":\"Event " + i + " of " + prefix + " on its way\","
          + "\"attributes\":{\"complete\":\"" + (i % 2 == 0 ? "yes" : "no") + "\"}}").getBytes(StandardCharsets.UTF_8));
    }
    all.putAll(events);
    return events;
  }

  private static Map<String, String> with(Map<String, String> settings, String key, String value) {
    Map<String, String> all = new HashMap<>(settings);
    all.put(key, value);
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void createTopics(ServiceConfig config, int partitions) throws Exception {
    KafkaRecords.createTopics(bootstrapServers(), config.topics(), partitions);
  }

  private void produce(Map<String, byte[]> records, String topic) {
    KafkaRecords.produce(bootstrapServers(), topic, records);
  }

  private Map<String, List<ConsumerRecord<byte[], byte[]>>> consumeCommitted(List<String> topics, int expected, Duration timeout) {
    return KafkaRecords.consumeCommitted(bootstrapServers(), topics, expected, timeout);
  }
}
