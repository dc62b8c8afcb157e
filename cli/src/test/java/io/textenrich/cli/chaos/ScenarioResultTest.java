package io.textenrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioResultTest {

  @Test
  void countsLostDuplicatedAndMisplacedEventsById() {
    Ledger ledger = new Ledger();
    ledger.add("ok", Ledger.Expect.ENRICHED);
    ledger.add("twice", Ledger.Expect.ENRICHED);
    ledger.add("gone", Ledger.Expect.ENRICHED);
    ledger.add("bad", Ledger.Expect.DEAD_LETTERED);
    ledger.add("wrongly-dead", Ledger.Expect.ENRICHED);
    ledger.add("odd", Ledger.Expect.EITHER);
    ReadBack.Tally tally = new ReadBack.Tally(
        Map.of("ok", 1, "twice", 2, "odd", 1, "not-in-ledger", 1),
        Map.of("bad", 1, "wrongly-dead", 1),
        Map.of("bad", "no-text", "wrongly-dead", "enrichment-failed"));

    ScenarioResult result = new ScenarioResult("test").count(ledger, tally);

    assertEquals(6, result.eventsIn);
    assertEquals(3, result.enriched);
    assertEquals(2, result.deadLettered);
    assertEquals(1, result.lost);
    assertEquals(1, result.duplicated);
    assertFalse(result.passed());
    assertTrue(result.problems.contains("1 event(s) lost"), result.problems.toString());
    assertTrue(result.problems.stream().anyMatch(p -> p.contains("wrongly-dead (enrichment-failed)")), result.problems.toString());
  }

  @Test
  void duplicatesFailOnlyWhereExactlyOnceIsRequired() {
    Ledger ledger = new Ledger();
    ledger.add("a", Ledger.Expect.ENRICHED);
    ReadBack.Tally tally = new ReadBack.Tally(Map.of("a", 3), Map.of(), Map.of());

    ScenarioResult atLeastOnce = new ScenarioResult("alos").count(ledger, tally);
    ScenarioResult exactlyOnce = new ScenarioResult("eos").count(ledger, tally);
    exactlyOnce.requireNoDuplicates();

    assertEquals(2, atLeastOnce.duplicated);
    assertTrue(atLeastOnce.passed());
    assertFalse(exactlyOnce.passed());
  }

  @Test
  void aDeadLetterWithoutAReasonIsAProblem() {
    Ledger ledger = new Ledger();
    ledger.add("a", Ledger.Expect.DEAD_LETTERED);
    ScenarioResult result = new ScenarioResult("r").count(ledger, new ReadBack.Tally(Map.of(), Map.of("a", 1), Map.of("a", "")));
    assertFalse(result.passed());
  }
}
