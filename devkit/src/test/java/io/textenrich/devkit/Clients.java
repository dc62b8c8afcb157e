package io.textenrich.devkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients against a test broker. */
final class Clients {

    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

    private Clients() {
    }

    static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> extraConfig) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(extraConfig);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static void send(String bootstrapServers, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrapServers, Map.of())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    /**
     * Reads the topic from the beginning until {@code last} arrives and returns every value read, in order; fails
     * if it does not arrive within 30 s.
     */
    static List<String> receiveUntil(String bootstrapServers, String topic, String last, String isolationLevel) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                    if (record.value().equals(last)) {
                        return values;
                    }
                }
            }
        }
        throw new AssertionError("No record '" + last + "' on " + topic + " within " + RECEIVE_TIMEOUT.toSeconds()
                + " s; received " + values);
    }
}
