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
 */
final class ReadBack {

  private static final AvroSerde<EnrichedText> ENRICHED = AvroSerde.enrichedText();

  /** Counts per event id, and the dead-letter reasons seen. */
  record Tally(Map<String, Integer> enriched, Map<String, Integer> deadLettered, Map<String, String> reasons) {

    int total(String id) {
      return enriched.getOrDefault(id, 0) + deadLettered.getOrDefault(id, 0);
    }
  }

  private ReadBack() {}

  /** @param each sees every enriched record read */
  static Tally read(Map<String, Object> client, String outputTopic, String deadLetterTopic, Consumer<EnrichedText> each) {
    Map<String, Object> config = new HashMap<>(client);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-read-back-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
    Map<String, Integer> enriched = new HashMap<>();
    Map<String, Integer> dead = new HashMap<>();
    Map<String, String> reasons = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(outputTopic, deadLetterTopic)) {
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed the end offsets are the last stable offsets: everything committed so far.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
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
    }
    return new Tally(enriched, dead, reasons);
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
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
