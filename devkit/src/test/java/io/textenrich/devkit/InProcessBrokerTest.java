package io.textenrich.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
