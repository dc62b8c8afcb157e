package io.textenrich.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, records in and committed records out, for the integration tests on a real broker. */
final class KafkaRecords {

  private KafkaRecords() {}

  static void createTopics(String bootstrap, Collection<String> topics, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
    }
  }

  /**
   * A compacted topic with the broker's defaults otherwise, as Kafka Streams creates a changelog without topic config;
   * returns once the broker lists it, as a topic that existed before a start would be.
   */
  static void createCompactedTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!admin.listTopics().names().get().contains(topic)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the broker did not list topic " + topic + " within 30 s of creating it");
        }
        Thread.sleep(100);
      }
    }
  }

  /** The value of each of {@code keys} in the topic's config, as the broker describes it. */
  static Map<String, String> topicConfig(String bootstrap, String topic, Collection<String> keys) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      Map<String, String> values = new HashMap<>();
      keys.forEach(key -> values.put(key, config.get(key).value()));
      return values;
    }
  }

  /** Sends every record, keyed by its map key, and waits until the broker has them all. */
  static void produce(String bootstrap, String topic, Map<String, byte[]> records) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      records.forEach((key, value) -> producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)));
      producer.flush();
    }
  }

  /** Reads committed records until {@code expected} arrived, then a little longer to catch duplicates. */
  static Map<String, List<ConsumerRecord<byte[], byte[]>>> consumeCommitted(String bootstrap, List<String> topics, int expected,
      Duration timeout) {
    Map<String, List<ConsumerRecord<byte[], byte[]>>> byTopic = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(topics);
      long deadline = System.nanoTime() + timeout.toNanos();
      int seen = 0;
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
          seen++;
        }
        if (seen >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return byTopic;
  }

  static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> keys = new HashSet<>();
    records.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
    return keys;
  }
}
