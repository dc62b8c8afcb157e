package io.textenrich.cli.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured. Counts are events (distinct ids from the ledger), except {@code duplicated}: the
 * records beyond the first for an id. {@code problems} lists every check that failed; empty means it passed.
 */
final class ScenarioResult {

  final String scenario;
  long eventsIn;
  long enriched;
  long deadLettered;
  long lost;
  long duplicated;
  long maxHeapMib;
  /** Longest time from a fault's end to the first new output; negative when the scenario has no fault. */
  double recoverySeconds = -1;
  boolean stayedUp = true;
  final Map<String, Object> figures = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();

  ScenarioResult(String scenario) {
    this.scenario = scenario;
  }

  /** Fills the counts from what was sent and what came back; events not where the ledger expects them are problems. */
  ScenarioResult count(Ledger ledger, ReadBack.Tally tally) {
    eventsIn = ledger.size();
    List<String> misplaced = new ArrayList<>();
    ledger.events().forEach((id, expect) -> {
      int out = tally.enriched().getOrDefault(id, 0);
      int dead = tally.deadLettered().getOrDefault(id, 0);
      if (out > 0) {
        enriched++;
      }
      if (dead > 0) {
        deadLettered++;
        if (tally.reasons().getOrDefault(id, "").isEmpty()) {
          problems.add("dead letter of " + id + " carries no reason");
        }
      }
      if (out + dead == 0) {
        lost++;
      }
      duplicated += Math.max(0, out + dead - 1);
      if ((expect == Ledger.Expect.ENRICHED && dead > 0) || (expect == Ledger.Expect.DEAD_LETTERED && out > 0)) {
        misplaced.add(id + (dead > 0 ? " (" + tally.reasons().get(id) + ")" : ""));
      }
    });
    if (lost > 0) {
      problems.add(lost + " event(s) lost");
    }
    if (!misplaced.isEmpty()) {
      problems.add(misplaced.size() + " event(s) not where expected, e.g. " + misplaced.subList(0, Math.min(5, misplaced.size())));
    }
    return this;
  }

  void requireNoDuplicates() {
    if (duplicated > 0) {
      problems.add(duplicated + " duplicate record(s) under exactly-once");
    }
  }

  void check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  boolean passed() {
    return problems.isEmpty();
  }
}
