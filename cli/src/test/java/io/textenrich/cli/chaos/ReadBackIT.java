package io.textenrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The drill's read-back on a real broker: read in steps, it counts what one read at the end would. */
class ReadBackIT {

  private static final AvroSerde<EnrichedText> ENRICHED = AvroSerde.enrichedText();

  @Test
  void readingInStepsCountsEveryCommittedRecordOnceAndNoAbortedOne() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, "out", "dlq");
      Map<String, Object> client = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
      Map<String, Object> producerConfig = new HashMap<>(client);
      producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "read-back-test");
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
           ReadBack readBack = new ReadBack(client, "out", "dlq")) {
        producer.initTransactions();
        inTransaction(producer, true, enriched("a"), enriched("b"), deadLetter("c", "no-text"));
        inTransaction(producer, false, enriched("aborted"), deadLetter("also-aborted", "no-text"));
        List<String> seen = new ArrayList<>();

        ReadBack.Tally first = readBack.readCommitted(r -> seen.add(r.getId()));
        assertEquals(Map.of("a", 1, "b", 1), first.enriched());
        assertEquals(Map.of("c", 1), first.deadLettered());
        assertEquals("no-text", first.reasons().get("c"));

        inTransaction(producer, true, enriched("a"), enriched("d"));
        ReadBack.Tally second = readBack.readCommitted(r -> seen.add(r.getId()));
        assertEquals(Map.of("a", 2, "b", 1, "d", 1), second.enriched(), "the counts so far, the repeated id twice");
        assertEquals(1, second.total("c"));
        assertEquals(List.of("a", "a", "b", "d"), seen.stream().sorted().toList(), "each record handed over once");
      }
    }
  }

  @SafeVarargs
  private static void inTransaction(KafkaProducer<byte[], byte[]> producer, boolean commit,
      ProducerRecord<byte[], byte[]>... records) {
    producer.beginTransaction();
    for (ProducerRecord<byte[], byte[]> record : records) {
      producer.send(record);
    }
    producer.flush();
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  private static ProducerRecord<byte[], byte[]> enriched(String id) {
    EnrichedText value = EnrichedText.newBuilder().setId(id).setText("t").setEventTime(Instant.EPOCH)
        .setProcessedTime(Instant.EPOCH).setInstanceId("i").build();
    return new ProducerRecord<>("out", id.getBytes(StandardCharsets.UTF_8), ENRICHED.serialize("out", value));
  }

  private static ProducerRecord<byte[], byte[]> deadLetter(String id, String reason) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("dlq", id.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});
    record.headers().add("enrich.error.reason", reason.getBytes(StandardCharsets.UTF_8));
    return record;
  }
}
