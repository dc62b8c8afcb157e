package io.textenrich.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Filling a benchmark's input topic and reading its output, the same way for every application under test. */
final class BenchTopics {

  private BenchTopics() {}

  /**
   * Reads {@code topic} read_committed from the start until {@code expected} records arrived (or,
   * with -1, until {@code stop}), giving each to {@code each}; at most ten minutes.
   */
  static void drain(String bootstrap, String topic, int expected, AtomicBoolean stop,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    read(bootstrap, topic, () -> stop != null && stop.get(), (seenBefore, records) -> {
      records.forEach(each);
      return expected < 0 || seenBefore + records.count() < expected;
    });
  }

  /**
   * What a reader learns at each poll that returned records: how many it had seen before, and how many came; it
   * answers whether to read on.
   */
  @FunctionalInterface
  interface PollListener {
    boolean polled(int seenBefore, int count);
  }

  /** Reads committed records from {@code topic}, telling {@code each} of every poll that found some, until it says stop. */
  static void drainByPoll(String bootstrap, String topic, PollListener each) {
    read(bootstrap, topic, () -> false, (seenBefore, records) -> each.polled(seenBefore, records.count()));
  }

  private interface PollConsumer {
    /** Whether to read on. */
    boolean polled(int seenBefore, ConsumerRecords<byte[], byte[]> records);
  }

  /** Reads until {@code each} or {@code stopped} says stop, at most ten minutes. */
  private static void read(String bootstrap, String topic, BooleanSupplier stopped, PollConsumer each) {
    try (KafkaConsumer<byte[], byte[]> consumer = reader(bootstrap)) {
      consumer.subscribe(List.of(topic));
      int seen = 0;
      boolean more = true;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (more && !stopped.getAsBoolean()) {
        if (System.nanoTime() >= deadline) {
          throw new IllegalStateException("only " + seen + " records reached " + topic + " within 10 minutes, and more were"
              + " awaited");
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(20));
        if (!records.isEmpty()) {
          more = each.polled(seen, records);
          seen += records.count();
        }
      }
    }
  }

  private static KafkaConsumer<byte[], byte[]> reader(String bootstrap) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Not idempotent, one request in flight: a partition whose leader the broker has not taken up yet (a topic just
   * created) answers NOT_LEADER_OR_FOLLOWER, which an idempotent producer can turn into out-of-order retries until
   * its delivery timeout fails the records; a refused batch is not written, so a plain retry neither loses nor doubles.
   */
  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends every value and fails naming the first cause if any could not be sent: a phase must not wait for lost input. */
  static void produce(String bootstrap, String topic, List<String> values) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (int i = 0; i < values.size(); i++) {
        sends.add(producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
            values.get(i).getBytes(StandardCharsets.UTF_8))));
      }
      producer.flush();
    }
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("Could not send the benchmark's input to " + topic + ": " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while sending to " + topic, e);
      }
    }
  }
}
