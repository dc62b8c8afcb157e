package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.Classification;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.TextEncoder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.DeadLetters;
import io.textenrich.topology.stage.encoder.EncoderSpec;
import io.textenrich.topology.stage.encoder.Labeler;
import io.textenrich.topology.throughput.ThroughputStores;
import io.textenrich.topology.throughput.ThroughputWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The encoder stage's contract: batches in when full or due, one result or one dead letter per
 * event out, in input order, nothing left in its buffer. The driver's wall clock decides when a
 * batch is due; the engines run on their own threads.
 */
class EncoderStageTest {

  private static final SentenceEmbedder embedder = TestStages.embedder();

  private ServiceConfig config;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<byte[], EnrichedText> enriched;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @AfterEach
  void stopDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  private void start(Map<String, String> settings) {
    start(settings, embedder);
  }

  private void start(Map<String, String> settings, TextEncoder model) {
    start(settings, model, UnaryOperator.identity());
  }

  private void start(Map<String, String> settings, TextEncoder model, UnaryOperator<Labeler> labels) {
    config = ServiceConfig.fromMap(settings);
    driver = new TopologyTestDriver(EnrichmentTopology.build(config, TestStages.shared(config, embedder, model, labels)),
        config.streamsProperties(), Instant.parse("2026-01-01T00:00:00Z"));
    input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    enriched = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText());
    deadLetters = driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private void send(String id, String text) {
    input.pipeInput(id.getBytes(StandardCharsets.UTF_8),
        ("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private List<String> outputIds() {
    TestStages.settle(driver);
    return enriched.readValuesToList().stream().map(EnrichedText::getId).toList();
  }

  private KeyValueStore<Long, byte[]> buffer() {
    return driver.getKeyValueStore(EncoderSpec.BUFFER_STORE);
  }

  @Test
  void submitsABatchWhenTheBufferReachesMaxRecordsAndLeavesNothingBehind() {
    start(Map.of("enrich.batch.max.records", "3", "enrich.batch.max.delay.ms", "60000"));
    send("a", "first event");
    send("b", "second event");
    driver.advanceWallClockTime(Duration.ofMillis(500));
    assertTrue(enriched.isEmpty());
    assertEquals(2, buffer().approximateNumEntries());

    send("c", "third event");
    TestStages.settle(driver);

    List<EnrichedText> out = enriched.readValuesToList();
    assertEquals(List.of("a", "b", "c"), out.stream().map(EnrichedText::getId).toList());
    out.forEach(r -> assertEquals(3, r.getEmbedding().getStats().getBatchSize()));
    assertEquals(0, buffer().approximateNumEntries(), "flushed events leave the buffer");
  }

  @Test
  void flushesWhenTheBufferedTokensReachTheBudget() {
    int tokens = embedder.countTokens("one two three four five");
    start(Map.of("enrich.batch.max.tokens", Integer.toString(2 * tokens), "enrich.batch.max.delay.ms", "60000"));
    send("a", "one two three four five");
    driver.advanceWallClockTime(Duration.ofMillis(500));
    assertTrue(enriched.isEmpty());
    send("b", "one two three four five");
    assertEquals(List.of("a", "b"), outputIds());
  }

  @Test
  void flushesWhenTheOldestEventHasWaitedMaxDelay() {
    start(Map.of("enrich.batch.max.delay.ms", "1000"));
    send("a", "waiting event");
    driver.advanceWallClockTime(Duration.ofMillis(600));
    send("b", "later event");
    driver.advanceWallClockTime(Duration.ofMillis(300));
    assertTrue(enriched.isEmpty(), "the oldest event has waited 900 ms");
    assertEquals(2, buffer().approximateNumEntries(), "neither is submitted yet");

    driver.advanceWallClockTime(Duration.ofMillis(150));
    TestStages.settle(driver);

    List<EnrichedText> out = enriched.readValuesToList();
    assertEquals(List.of("a", "b"), out.stream().map(EnrichedText::getId).toList());
    long queueA = out.get(0).getEmbedding().getStats().getQueueWaitMs();
    assertTrue(queueA >= 1000 && queueA < 2000, "queue wait of the first event: " + queueA);
  }

  @Test
  void outputsKeepInputOrderWhenThePaddedTokenBudgetCutsAndReordersModelCalls() {
    // Long texts of about 20 tokens: two fit a budget of 48 padded tokens; the short ones share a call.
    start(Map.of("enrich.batch.max.records", "8", "enrich.batch.max.delay.ms", "60000",
        "enrich.engine.max.call.padded.tokens", "48"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = "e" + i;
      ids.add(id);
      send(id, i % 2 == 0 ? "short " + i : "a much longer event text that has many more tokens than its neighbours " + i);
    }
    TestStages.settle(driver);
    List<EnrichedText> out = enriched.readValuesToList();
    assertEquals(ids, out.stream().map(EnrichedText::getId).toList());
    assertTrue(out.stream().allMatch(r -> r.getEmbedding().getStats().getBatchSize() < 8), "cut into several calls");
    assertTrue(out.stream().anyMatch(r -> r.getEmbedding().getStats().getBatchSize() > 1), "similar lengths share a call");
  }

  @Test
  void anEventTheEmbeddingModelFailsOnIsNarrowedDownAndDeadLetteredAndItsBatchNeighboursAreStillEnriched() {
    TextEncoder poisoned = new TextEncoder() {
      @Override
      public EmbeddingBatch embed(List<String> texts) {
        if (texts.stream().anyMatch(t -> t.contains("POISON"))) {
          throw new IllegalStateException("kernel failed on this input");
        }
        return embedder.embed(texts);
      }

      @Override
      public String modelName() {
        return embedder.modelName();
      }
    };
    start(Map.of("enrich.batch.max.records", "8", "enrich.batch.max.delay.ms", "60000"), poisoned);
    for (String id : List.of("a", "b", "c", "d", "e", "f", "g")) {
      send(id, "fine event " + id);
    }
    send("p", "POISON pill");

    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), outputIds());
    var dead = deadLetters.readRecord();
    assertEquals("p", new String(dead.key(), StandardCharsets.UTF_8));
    assertEquals("embedding-failed", new String(dead.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
    assertTrue(new String(dead.headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8).contains("kernel failed"));
    assertEquals("{\"id\":\"p\",\"text\":\"POISON pill\"}", new String(dead.value(), StandardCharsets.UTF_8));
  }

  @Test
  void aClassifierThatThrowsOnOneInputDeadLettersOnlyThatEventAndItsNeighboursAreEnriched() {
    // A real head cannot be driven into failing on one text, so this wraps the real labeler with
    // one that fails on any batch holding the marked text, as a model failing on one input would.
    UnaryOperator<Labeler> failingOnPoison = real -> new Labeler() {
      @Override
      public List<Map<String, Classification>> classify(List<TextEvent> events, List<float[]> vectors, String model, String version) {
        if (events.stream().anyMatch(e -> e.getText().contains("POISON"))) {
          throw new IllegalStateException("classifier kernel failed on this input");
        }
        return real.classify(events, vectors, model, version);
      }

      @Override
      public List<String> flags(Map<String, Classification> labels) {
        return real.flags(labels);
      }

      @Override
      public boolean active() {
        return real.active();
      }

      @Override
      public String modelNames() {
        return real.modelNames();
      }
    };
    start(Map.of("enrich.batch.max.records", "5", "enrich.batch.max.delay.ms", "60000"), embedder, failingOnPoison);
    send("a", "fine one");
    send("b", "fine two");
    send("p", "POISON in the labels");
    send("c", "fine three");
    send("d", "fine four");

    List<EnrichedText> out = drained();
    assertEquals(List.of("a", "b", "c", "d"), out.stream().map(EnrichedText::getId).toList());
    out.forEach(r -> assertTrue(r.getClassifications().containsKey("sentiment"), "neighbours keep their labels"));
    var dead = deadLetters.readRecordsToList();
    assertEquals(1, dead.size());
    assertEquals("p", new String(dead.get(0).key(), StandardCharsets.UTF_8));
    assertEquals("classification-failed", new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
    assertEquals("{\"id\":\"p\",\"text\":\"POISON in the labels\"}", new String(dead.get(0).value(), StandardCharsets.UTF_8));

    send("later", "the stage goes on after the failure");
    assertEquals(List.of("later"), outputIds());
  }

  private List<EnrichedText> drained() {
    TestStages.settle(driver);
    return enriched.readValuesToList();
  }

  @Test
  void eachBatchAddsEmbedAndClassifyRowsToTheWindowedThroughputStores() {
    start(Map.of("enrich.batch.max.records", "2", "enrich.batch.max.delay.ms", "60000"));
    send("a", "one");
    send("b", "two words");
    send("c", "three more words");
    send("d", "four");
    TestStages.settle(driver);

    Map<String, ThroughputWindow> byKey = new HashMap<>();
    WindowStore<String, byte[]> store = driver.getWindowStore(ThroughputStores.SECONDS.storeName());
    try (KeyValueIterator<Windowed<String>, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Windowed<String>, byte[]> e = it.next();
        byKey.computeIfAbsent(e.key.key(), k -> new ThroughputWindow()).merge(ThroughputWindow.fromBytes(e.value));
      }
    }
    ThroughputWindow w = byKey.get(ThroughputStores.key("embed", embedder.modelName()));
    assertEquals(4, w.records);
    int expectedTokens = List.of("one", "two words", "three more words", "four").stream().mapToInt(embedder::countTokens).sum();
    assertEquals(expectedTokens, w.realTokens);
    assertTrue(w.paddedTokens >= w.realTokens);
    assertEquals(4, w.latencyMs.count());
    ThroughputWindow labels = byKey.get(ThroughputStores.key("classify", "sentiment,moderation"));
    assertEquals(4, labels.records, "the built-in heads labelled every event: " + byKey.keySet());
  }
}
