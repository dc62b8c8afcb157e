package io.textenrich.cli.chaos;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output and dead-letter topics from the beginning with an independent {@code read_committed} consumer
 * (no group, so it commits nothing and disturbs no one) and counts records per event id. The id is the record key,
 * which the service keeps; for a record without a key, the id the service gives it: the enriched record's id, or the
 * dead letter's source topic-partition-offset.
 *
 * <p>Each {@link #readCommitted} goes on from where the last one stopped, so a drill that waits for hundreds of
 * thousands of events reads each record once rather than the whole topics every few seconds, which would take CPU
 * from the service it measures. Under {@code read_committed} a record appears only once its transaction committed,
 * and never if it aborted, so reading in steps counts the same as reading once at the end.
 */
final class ReadBack implements AutoCloseable {

  private static final AvroSerde<EnrichedText> ENRICHED = AvroSerde.enrichedText();

  /** Counts per event id, and the dead-letter reasons seen. */
  record Tally(Map<String, Integer> enriched, Map<String, Integer> deadLettered, Map<String, String> reasons) {

    int total(String id) {
      return enriched.getOrDefault(id, 0) + deadLettered.getOrDefault(id, 0);
    }
  }

  private final String outputTopic;
  private final String deadLetterTopic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final Map<String, Integer> enriched = new HashMap<>();
  private final Map<String, Integer> dead = new HashMap<>();
  private final Map<String, String> reasons = new HashMap<>();

  ReadBack(Map<String, Object> client, String outputTopic, String deadLetterTopic) {
    this.outputTopic = outputTopic;
    this.deadLetterTopic = deadLetterTopic;
    Map<String, Object> config = new HashMap<>(client);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-read-back-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
    this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    for (String topic : List.of(outputTopic, deadLetterTopic)) {
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads on up to everything committed now and returns the counts of all records read so far.
   *
   * @param each sees every enriched record read by this call
   */
  Tally readCommitted(Consumer<EnrichedText> each) {
    // Under read_committed the end offsets are the last stable offsets: everything committed so far.
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!caughtUp(end) && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (record.topic().equals(outputTopic)) {
          EnrichedText value = ENRICHED.deserialize(outputTopic, record.value());
          String id = record.key() != null ? new String(record.key(), StandardCharsets.UTF_8) : value.getId();
          enriched.merge(id, 1, Integer::sum);
          each.accept(value);
        } else {
          String id = record.key() != null ? new String(record.key(), StandardCharsets.UTF_8) : sourceOf(record);
          dead.merge(id, 1, Integer::sum);
          Header reason = record.headers().lastHeader("enrich.error.reason");
          reasons.put(id, reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return new Tally(Map.copyOf(enriched), Map.copyOf(dead), Map.copyOf(reasons));
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  @Override
  public void close() {
    consumer.close();
  }

  private static String sourceOf(ConsumerRecord<byte[], byte[]> record) {
    return header(record, "enrich.source.topic") + "-" + header(record, "enrich.source.partition") + "-"
        + header(record, "enrich.source.offset");
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
