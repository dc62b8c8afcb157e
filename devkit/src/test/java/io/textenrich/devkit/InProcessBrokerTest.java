package io.textenrich.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InProcessBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(BrokerOptions.defaults().withMode(BrokerOptions.Mode.IN_PROCESS));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void runsInThisJvmAndRoundTripsARecord() throws Exception {
        assertTrue(broker.childPid().isEmpty());
        broker.createTopics(1, "in-process");

        Clients.send(broker.bootstrapServers(), "in-process", "hello");

        assertEquals(List.of("hello"),
                Clients.receiveUntil(broker.bootstrapServers(), "in-process", "hello", "read_uncommitted"));
    }

    @Test
    void createdTopicsHaveALeaderForEveryPartitionWhenCreateTopicsReturns() throws Exception {
        broker.createTopics(6, "led-a", "led-b");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("led-a", "led-b")).allTopicNames().get();
            for (TopicDescription topic : topics.values()) {
                assertEquals(6, topic.partitions().size(), topic.name());
                for (TopicPartitionInfo partition : topic.partitions()) {
                    assertTrue(partition.leader() != null && !partition.leader().isEmpty(), topic.name() + "-" + partition.partition());
                }
            }
        }
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsButNotAbortedOnes() {
        broker.createTopics(1, "transactional");
        try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "devkit-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "committed"));
            producer.commitTransaction();
        }

        assertEquals(List.of("committed"),
                Clients.receiveUntil(broker.bootstrapServers(), "transactional", "committed", "read_committed"));
    }
}
