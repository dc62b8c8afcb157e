package io.textenrich.bench;

import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.TempDirectory;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One end-to-end run of the service over a pre-filled input topic (a backlog): from the moment
 * Kafka Streams runs to the processed time of the last enriched event, with the shared engine's
 * figures at the end.
 */
final class EndToEndRun {

  static final String INPUT = "bench-in";

  /**
   * @param engine the service's embedding engine figures over the run
   * @param engineTuning how the service sized its engine
   */
  record Result(double recordsPerSecond, EmbeddingEngine.Stats engine, String engineTuning) {}

  private EndToEndRun() {}

  /** Fills the input topic (two partitions) with the texts. */
  static void produce(KafkaBroker broker, List<String> texts) {
    broker.createTopics(2, INPUT);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < texts.size(); i++) {
        producer.send(new ProducerRecord<>(INPUT, ("b" + i).getBytes(StandardCharsets.UTF_8),
            texts.get(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /**
   * Drains the input topic through a fresh service (its own application id, so it reads from the
   * start) with {@code settings} over the bench's base settings.
   */
  static Result run(KafkaBroker broker, SentenceEmbedder embedder, int expected, Map<String, String> settings,
      PrintStream progress) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String output = "bench-out-" + run;
    broker.createTopics(2, output, "bench-dead-" + run, "bench-moderation-" + run);
    Map<String, String> values = new HashMap<>(Map.of(
        "bootstrap.servers", broker.bootstrapServers(),
        "application.id", "bench-" + run,
        "num.stream.threads", "2",
        "enrich.input.topic", INPUT,
        "enrich.output.topic", output,
        "enrich.dead.letter.topic", "bench-dead-" + run,
        "enrich.moderation.topic", "bench-moderation-" + run,
        "enrich.http.port", "0"));
    values.putAll(settings);
    long startMs;
    long lastProcessedMs;
    try (TempDirectory stateDir = TempDirectory.create("bench-state")) {
      values.put("state.dir", stateDir.path().toString());
      try (EnrichmentService service = EnrichmentService.start(ServiceConfig.fromMap(values), embedder)) {
        service.awaitRunning(Duration.ofSeconds(60));
        startMs = System.currentTimeMillis();
        lastProcessedMs = drain(broker, output, expected, run, progress);
        return new Result(expected / ((lastProcessedMs - startMs) / 1000.0), service.engineStats(),
            service.engineTuning().explanation());
      }
    }
  }

  /** Reads the output until every event came out; returns the latest processed time. */
  private static long drain(KafkaBroker broker, String output, int expected, String run, PrintStream progress) {
    Map<String, Long> processed = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + run,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(output));
      AvroSerde<EnrichedText> serde = AvroSerde.enrichedText();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      int reported = 0;
      while (processed.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          EnrichedText value = serde.deserialize(output, record.value());
          processed.put(value.getId(), value.getProcessedTime().toEpochMilli());
        }
        if (processed.size() - reported >= expected / 10) {
          reported = processed.size();
          progress.println("bench:   " + reported + "/" + expected + " enriched");
        }
      }
    }
    if (processed.size() < expected) {
      throw new IllegalStateException("only " + processed.size() + " of " + expected + " events came out within 10 minutes");
    }
    return processed.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }
}
