package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.DeadLetters;
import io.textenrich.topology.stage.completion.CompletionStage;
import io.textenrich.topology.stage.encoder.EncoderBackend;
import io.textenrich.topology.stage.encoder.EncoderSpec;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The encoder stage's contract with its backend, on a fake backend that answers on the test's
 * thread: no model, no engine thread, no waiting for work to settle. Output order, moderation
 * routing, dead letters with their reason and original bytes, failures narrowed to the event, and
 * a full backend that keeps events in the buffer until it has room.
 */
class EncoderStageContractTest {

  private FakeTopology topology;
  private FakeEncoder backend;

  private void start(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(Map.of("enrich.batch.max.records", "1", "enrich.stage.full.wait.ms", "0"));
    settings.putAll(overrides);
    backend = new FakeEncoder();
    topology = new FakeTopology(settings, backend, CompletionStage.open(ServiceConfig.fromMap(settings).completion(), () -> {
      throw new AssertionError("completions are off here: no decoder is asked for");
    }, 0, () -> false));
  }

  @AfterEach
  void stop() {
    if (topology != null) {
      topology.close();
    }
  }

  private void send(String key, String id, String text) {
    topology.send(key, id, text);
  }

  private void tick() {
    topology.tick();
  }

  private int buffered() {
    return topology.buffered(EncoderSpec.BUFFER_STORE);
  }

  private List<String> enrichedIds() {
    return topology.enrichedIds();
  }

  @Test
  void eachEventLeavesInInputOrderEvenWhenLaterBatchesFinishFirst() {
    start(Map.of());
    backend.holding = true;
    send("k1", "a", "first");
    send("k2", "b", "second");
    send("k1", "c", "third");
    assertEquals(3, backend.held.size(), "one batch per event");

    backend.held.get(2).complete(null);
    backend.held.get(1).complete(null);
    tick();
    assertTrue(topology.enriched.isEmpty(), "later batches wait for the first");

    backend.held.get(0).complete(null);
    tick();
    assertEquals(List.of("a", "b", "c"), enrichedIds());
    assertEquals(0, buffered(), "every event left the buffer with its output");
  }

  @Test
  void aFlaggedEventGoesToTheModerationTopicAndTheEnrichedTopic() {
    start(Map.of());
    send("k", "calm", "a calm text");
    send("k", "rude", "a toxic text");
    tick();

    assertEquals(List.of("rude"), topology.moderation.readValuesToList().stream().map(EnrichedText::getId).toList());
    assertEquals(List.of("calm", "rude"), enrichedIds());
  }

  @Test
  void aFailingEventIsNarrowedDownAndDeadLetteredWithTheStageReasonAndItsOriginalBytes() {
    start(Map.of("enrich.batch.max.records", "4", "enrich.batch.max.delay.ms", "60000"));
    byte[] poisoned = FakeTopology.json("bad", "a poison text");
    send("k", "a", "one");
    topology.input.pipeInput("bad".getBytes(StandardCharsets.UTF_8), poisoned);
    send("k", "b", "two");
    send("k", "c", "three");
    tick();

    assertEquals(List.of("a", "b", "c"), enrichedIds(), "the batch's other events keep their results");
    List<TestRecord<byte[], byte[]>> dead = topology.deadLetters.readRecordsToList();
    assertEquals(1, dead.size());
    assertArrayEquals(poisoned, dead.get(0).value(), "the original bytes");
    assertEquals(EncoderBackend.EMBEDDING_FAILED,
        new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
    assertTrue(new String(dead.get(0).headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8)
        .contains("cannot encode a poisoned text"), "the failure it had alone");
    assertEquals(2, Collections.frequency(backend.calls, List.of("a poison text")), "in a call of its own, then alone");
    assertEquals(6, backend.calls.size(), "4 -> 2 + 2 -> 1 + 1, then alone");
    assertEquals(0, buffered());
  }

  @Test
  void aFullBackendKeepsEventsInTheBufferUntilItHasRoom() {
    start(Map.of());
    backend.full = true;
    send("k", "a", "first");
    send("k", "b", "second");
    tick();
    assertTrue(topology.enriched.isEmpty(), "nothing goes out while the backend is full");
    assertEquals(2, buffered(), "the events wait in the changelogged buffer");
    assertTrue(backend.calls.isEmpty(), "and nothing ran");

    backend.full = false;
    tick(); // offers them again
    tick(); // collects the results
    assertEquals(List.of("a", "b"), enrichedIds(), "offered again at the next punctuation, in order");
    assertEquals(0, buffered());
  }
}
