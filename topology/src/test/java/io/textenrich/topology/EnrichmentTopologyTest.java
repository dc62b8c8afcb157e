package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrichmentTopologyTest {

  private static final SentenceEmbedder embedder = TestStages.embedder();

  private final ServiceConfig config = ServiceConfig.fromMap(Map.of(
      "enrich.instance.id", "test-instance", "enrich.input.max.text.bytes", "200"));
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<byte[], EnrichedText> enriched;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void startDriver() {
    driver = new TopologyTestDriver(EnrichmentTopology.build(config, TestStages.shared(config, embedder)), config.streamsProperties());
    input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    enriched = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText());
    deadLetters = driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stopDriver() {
    driver.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyInputFormatGivesOneEnrichedRecordWithTheKeyKept() {
    input.pipeInput(utf8("k1"), utf8("{\"id\":\"j1\",\"text\":\"The weather is lovely today.\",\"attributes\":{\"user\":\"u9\"}}"));
    input.pipeInput(utf8("k2"), utf8("今天天气很好"));
    input.pipeInput(utf8("k3"), AvroSerde.textEvent().serialize("t",
        TextEvent.newBuilder().setId("a1").setText("Avro events work too").setLanguage("en").build()));
    TestStages.settle(driver);

    List<TestRecord<byte[], EnrichedText>> out = enriched.readRecordsToList();

    assertEquals(3, out.size());
    assertEquals(List.of("k1", "k2", "k3"), out.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList());
    assertEquals(List.of("j1", config.inputTopic() + "-0-1", "a1"), out.stream().map(r -> r.value().getId()).toList());
    EnrichedText first = out.get(0).value();
    assertEquals("u9", first.getAttributes().get("user"));
    assertEquals("test-instance", first.getInstanceId());
    assertEquals(embedder.modelName(), first.getEmbedding().getModel());
    assertEquals(embedder.modelVersion(), first.getEmbedding().getModelVersion());
    assertEquals(384, first.getEmbedding().getVector().size());
    double norm = Math.sqrt(first.getEmbedding().getVector().stream().mapToDouble(v -> v * v).sum());
    assertEquals(1.0, norm, 1e-4);
    assertTrue(first.getEmbedding().getStats().getBatchSize() >= 1);
    assertTrue(first.getEmbedding().getStats().getTokenCount() > 3);
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void aDeadLetterOfAValueOverHalfAMegabyteCarriesItsStartAndTheOriginalSize() {
    // DeadLetters' limit: half of Kafka's default max.request.size.
    final int deadLetterMaxValueBytes = 512 * 1024;
    byte[] huge = new byte[2 * deadLetterMaxValueBytes];
    Arrays.fill(huge, (byte) 'x');
    input.pipeInput(utf8("big"), huge);
    input.pipeInput(utf8("good"), utf8("still running"));
    TestStages.settle(driver);

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertEquals("text-too-large", header(dead, DeadLetters.REASON));
    assertArrayEquals(Arrays.copyOf(huge, deadLetterMaxValueBytes), dead.value());
    assertEquals(Integer.toString(huge.length), header(dead, "enrich.error.original.bytes"));
    assertEquals(List.of("good"), enriched.readRecordsToList().stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList());
  }

  @Test
  void theEmbeddingIsTheModelsEmbeddingOfTheText() {
    input.pipeInput(utf8("k"), utf8("Kafka Streams keeps per-partition order."));
    TestStages.settle(driver);
    List<Float> vector = enriched.readValue().getEmbedding().getVector();
    float[] expected = embedder.embed(List.of("Kafka Streams keeps per-partition order.")).vectors().get(0);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], vector.get(i), 1e-6f);
    }
  }

  @Test
  void invalidRecordsGoToTheDeadLetterTopicWithOriginalBytesAndReasonWhileValidOnesFlow() {
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, (byte) 0x00, 0x41};
    Headers headers = new RecordHeaders().add("trace-id", utf8("abc"));
    input.pipeInput(new TestRecord<>(utf8("bad1"), notUtf8, headers));
    input.pipeInput(utf8("bad2"), utf8("{\"id\":\"x\"}"));
    input.pipeInput(utf8("bad3"), utf8("x".repeat(201)));
    input.pipeInput(utf8("good"), utf8("still running"));
    TestStages.settle(driver);

    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertEquals(3, dead.size());
    TestRecord<byte[], byte[]> first = dead.get(0);
    assertArrayEquals(notUtf8, first.value());
    assertArrayEquals(utf8("bad1"), first.key());
    assertEquals("not-utf8", header(first, DeadLetters.REASON));
    assertEquals(config.inputTopic(), header(first, DeadLetters.SOURCE_TOPIC));
    assertEquals("0", header(first, DeadLetters.SOURCE_OFFSET));
    assertEquals("abc", header(first, "trace-id"));
    assertEquals(List.of("not-utf8", "no-text", "text-too-large"),
        dead.stream().map(r -> header(r, DeadLetters.REASON)).toList());
    assertTrue(header(dead.get(2), DeadLetters.MESSAGE).contains("enrich.input.max.text.bytes=200"));

    assertEquals("still running", enriched.readValue().getText());
    assertTrue(enriched.isEmpty());
  }


  private static String header(TestRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }
}
