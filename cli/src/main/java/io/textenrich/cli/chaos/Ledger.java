package io.textenrich.cli.chaos;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The events the broker acknowledged, by event id, and where each is expected to come out. */
final class Ledger {

  enum Expect {
    /** Valid text: one enriched record. */
    ENRICHED,
    /** Not text the service can read: one dead letter with a reason. */
    DEAD_LETTERED,
    /** Odd input whose outcome is the service's call; either way exactly one of the two. */
    EITHER
  }

  private final Map<String, Expect> events = new ConcurrentHashMap<>();

  void add(String id, Expect expect) {
    if (events.put(id, expect) != null) {
      throw new IllegalStateException("event id " + id + " was produced twice; ids must be unique within a scenario");
    }
  }

  Map<String, Expect> events() {
    return events;
  }

  int size() {
    return events.size();
  }
}
