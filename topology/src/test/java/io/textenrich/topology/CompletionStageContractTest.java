package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.input.DeadLetters;
import io.textenrich.topology.stage.completion.CompletionSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The completion stage's contract with its backend, on fake backends that answer on the test's
 * thread: per-key order on the enriched topic, failures narrowed to the event and dead-lettered
 * with {@code completion-failed}, and a full backend that keeps events buffered until it has room.
 */
class CompletionStageContractTest {

  private static final Map<String, String> SETTINGS = Map.of("enrich.batch.max.records", "1",
      "enrich.stage.full.wait.ms", "0", "enrich.completion.mode", "all");

  private final FakeCompletions completions = new FakeCompletions();
  private final FakeTopology topology = new FakeTopology(SETTINGS, new FakeEncoder(), completions);

  @AfterEach
  void stop() {
    topology.close();
  }

  private List<EnrichedText> enriched() {
    return topology.enriched.readValuesToList();
  }

  private int buffered() {
    return topology.buffered(CompletionSpec.BUFFER_STORE);
  }

  @Test
  void aKeyWaitsBehindItsOwnCompletionAndOtherKeysGoOn() {
    completions.holding = true;
    topology.send("A", "a1", "please complete this");
    topology.send("B", "b1", "nothing to do");
    topology.send("A", "a2", "nothing either");
    topology.send("B", "b2", "nothing still");
    topology.tick();
    assertEquals(List.of("b1", "b2"), enriched().stream().map(EnrichedText::getId).toList(),
        "key B has nothing selected and goes out at once");
    assertEquals(2, buffered(), "a1 in generation, a2 behind it");

    completions.held.get(0).complete(null);
    topology.tick();
    List<EnrichedText> out = enriched();
    assertEquals(List.of("a1", "a2"), out.stream().map(EnrichedText::getId).toList(), "key A in input order");
    assertEquals("1a", out.get(0).getCompletion().getText());
    assertNull(out.get(1).getCompletion(), "not selected");
    assertEquals(0, buffered());
  }

  @Test
  void onlyTheEventThatFailsAloneIsDeadLetteredWithCompletionFailedAndItsOriginalBytes() {
    topology.send("k1", "v", "complete me, victim of a shared step");
    topology.input.pipeInput("k2".getBytes(StandardCharsets.UTF_8), FakeTopology.json("p", "complete this cursed text"));
    topology.send("k3", "ok", "complete me too");
    topology.tick();
    topology.tick();

    List<EnrichedText> out = enriched();
    assertEquals(List.of("v", "ok"), out.stream().map(EnrichedText::getId).toList());
    out.forEach(r -> assertNotNull(r.getCompletion(), r.getId()));
    assertEquals(List.of("v", "p"), completions.aloneRuns, "each event whose shared step failed ran alone");

    List<TestRecord<byte[], byte[]>> dead = topology.deadLetters.readRecordsToList();
    assertEquals(1, dead.size());
    assertArrayEquals(FakeTopology.json("p", "complete this cursed text"), dead.get(0).value(), "the original bytes");
    assertEquals(CompletionSpec.COMPLETION_FAILED,
        new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
    assertTrue(new String(dead.get(0).headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8)
        .contains("cannot complete a cursed prompt"));
    assertEquals(0, buffered());
  }

  @Test
  void aFullBackendKeepsSelectedEventsBufferedUntilItHasRoom() {
    completions.full = true;
    topology.send("k", "a", "complete a");
    topology.send("k", "b", "complete b");
    topology.tick();
    assertTrue(topology.enriched.isEmpty());
    assertEquals(2, buffered(), "both wait in the changelogged buffer");

    completions.full = false;
    topology.tick();
    assertEquals(List.of("a", "b"), enriched().stream().map(EnrichedText::getId).toList());
    assertEquals(0, buffered());
  }
}
