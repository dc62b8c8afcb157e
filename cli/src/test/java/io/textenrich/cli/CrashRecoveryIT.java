package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service runs as a child process and is killed with SIGKILL while its events sit in the
 * batching buffer, after Kafka Streams committed their input offsets. A restarted service, with an
 * empty local state directory, must restore the buffer from the changelog: every input id then has
 * exactly one committed output.
 */
class CrashRecoveryIT {

  private static final String APP = "crash-it";
  private static final String INPUT = "raw-text";
  private static final String OUTPUT = "enriched-text";

  @Test
  void eventsBufferedAtAKillAreEnrichedExactlyOnceAfterRestart(@TempDir Path dir) throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, INPUT, OUTPUT, "raw-text-dead-letter", "moderation");
      Process first = startService(dir, "first", broker.bootstrapServers(), "600000");
      try {
        produce(broker.bootstrapServers(), "before-", 30);
        waitForCommittedInput(broker.bootstrapServers(), 30, first, dir.resolve("first.log"));
        assertEquals(0, readCommittedOutputs(broker.bootstrapServers(), Duration.ofSeconds(2)).size(),
            "with a ten-minute batch delay nothing may be emitted before the kill");
      } finally {
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      }
      assertEquals(137, first.exitValue(), "killed by SIGKILL");

      Process second = startService(dir, "second", broker.bootstrapServers(), "50");
      try {
        produce(broker.bootstrapServers(), "after-", 10);
        Map<String, Integer> counts = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (counts.size() < 40 && System.nanoTime() < deadline) {
          for (String id : readCommittedOutputs(broker.bootstrapServers(), Duration.ofSeconds(2))) {
            counts.merge(id, 1, Integer::sum);
          }
          if (counts.size() < 40) {
            counts.clear();
            assertTrue(second.isAlive(), "restarted service died:\n" + tail(dir.resolve("second.log")));
          }
        }
        assertEquals(40, counts.size(), "ids seen: " + counts.keySet() + "\n" + tail(dir.resolve("second.log")));
        counts.forEach((id, n) -> assertEquals(1, n, "outputs for " + id));
        assertTrue(Files.readString(dir.resolve("second.log")).contains("restored from the changelog"),
            "the restarted service reports the restored buffer");
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Process startService(Path dir, String name, String bootstrap, String maxDelayMs) throws IOException {
    Path config = dir.resolve(name + ".properties");
    Files.writeString(config, String.join("\n",
        "bootstrap.servers=" + bootstrap,
        "application.id=" + APP,
        "state.dir=" + dir.resolve("state-" + name),
        "commit.interval.ms=100",
        // Detect the killed instance and abort its open transaction in seconds, not the default minute.
        "session.timeout.ms=6000",
        "transaction.timeout.ms=5000",
        "enrich.batch.max.records=1000",
        "enrich.batch.max.delay.ms=" + maxDelayMs,
        "enrich.model.device=cpu",
        "enrich.http.port=0"));
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), EnrichCommand.class.getName(), "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private static void produce(String bootstrap, String prefix, int count) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        String id = prefix + i;
        producer.send(new ProducerRecord<>(INPUT, id.getBytes(StandardCharsets.UTF_8),
            ("{\"id\":\"" + id + "\",\"text\":\"event number " + i + " waiting in the buffer\"}").getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** Waits until the service's consumer group has committed all {@code expected} input offsets. */
  private static void waitForCommittedInput(String bootstrap, long expected, Process service, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      while (System.nanoTime() < deadline) {
        assertTrue(service.isAlive(), "service died:\n" + tail(log));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APP).partitionsToOffsetAndMetadata().get();
        long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(INPUT) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        if (sum >= expected) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("input offsets never committed:\n" + tail(log));
  }

  private static List<String> readCommittedOutputs(String bootstrap, Duration idle) {
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(OUTPUT));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < idle.toNanos()) {
        var records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          ids.add(new String(record.key(), StandardCharsets.UTF_8));
        }
        if (!records.isEmpty()) {
          quietSince = System.nanoTime();
        }
      }
    }
    return ids;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
