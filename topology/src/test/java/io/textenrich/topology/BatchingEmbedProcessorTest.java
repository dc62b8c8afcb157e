package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.TextEncoder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/** Flush rules, order and failure isolation of the batching stage; the wall clock is the driver's. */
class BatchingEmbedProcessorTest {

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
    config = ServiceConfig.fromMap(settings);
    driver = new TopologyTestDriver(EnrichmentTopology.build(config, TestStages.shared(config, embedder, model)),
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
    return enriched.readValuesToList().stream().map(EnrichedText::getId).toList();
  }

  private KeyValueStore<Long, byte[]> buffer() {
    return driver.getKeyValueStore(BatchingEmbedProcessor.BUFFER_STORE);
  }

  @Test
  void flushesWhenTheBufferReachesMaxRecords() {
    start(Map.of("enrich.batch.max.records", "3", "enrich.batch.max.delay.ms", "60000"));
    send("a", "first event");
    send("b", "second event");
    assertTrue(enriched.isEmpty());
    assertEquals(2, buffer().approximateNumEntries());

    send("c", "third event");

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

    driver.advanceWallClockTime(Duration.ofMillis(150));

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
    List<EnrichedText> out = enriched.readValuesToList();
    assertEquals(ids, out.stream().map(EnrichedText::getId).toList());
    assertTrue(out.stream().allMatch(r -> r.getEmbedding().getStats().getBatchSize() < 8), "cut into several calls");
    assertTrue(out.stream().anyMatch(r -> r.getEmbedding().getStats().getBatchSize() > 1), "similar lengths share a call");
  }

  @Test
  void anEventTheModelFailsOnIsDeadLetteredAndItsBatchNeighboursAreStillEnriched() {
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
    start(Map.of("enrich.batch.max.records", "3", "enrich.batch.max.delay.ms", "60000"), poisoned);
    send("a", "fine one");
    send("p", "POISON pill");
    send("c", "fine two");

    assertEquals(List.of("a", "c"), outputIds());
    var dead = deadLetters.readRecord();
    assertEquals("p", new String(dead.key(), StandardCharsets.UTF_8));
    assertEquals("enrichment-failed", new String(dead.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
    assertTrue(new String(dead.headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8).contains("kernel failed"));
    assertEquals("{\"id\":\"p\",\"text\":\"POISON pill\"}", new String(dead.value(), StandardCharsets.UTF_8));
  }

  @Test
  void eachFlushAddsItsFiguresToTheWindowedThroughputStores() {
    start(Map.of("enrich.batch.max.records", "2", "enrich.batch.max.delay.ms", "60000"));
    send("a", "one");
    send("b", "two words");
    send("c", "three more words");
    send("d", "four");

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
  }
}
