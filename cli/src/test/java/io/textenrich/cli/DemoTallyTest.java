package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.EnrichedText;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTallyTest {

  private static final List<SampleEvents.Sample> SAMPLES = List.of(
      new SampleEvents.Sample("a", new byte[0], true, "json"),
      new SampleEvents.Sample("b", new byte[0], true, "json"),
      new SampleEvents.Sample("bad", new byte[0], false, "json"));

  private static EnrichedText record(String id) {
    return EnrichedText.newBuilder().setId(id).setText("t").setEventTime(Instant.EPOCH)
        .setProcessedTime(Instant.EPOCH).setInstanceId("i").build();
  }

  @Test
  void everySampleWhereItBelongsOnceIsComplete() {
    DemoTally tally = new DemoTally(SAMPLES);
    tally.enriched("b", record("b"));
    tally.deadLetter("bad", new DemoTally.DeadLetter("no-text", "m"));
    assertFalse(tally.complete());
    tally.enriched("a", record("a"));

    assertTrue(tally.complete());
    assertEquals(List.of(), tally.problems());
    assertEquals(List.of("a", "b"), List.copyOf(tally.enriched().keySet()), "sample order, not arrival order");
  }

  @Test
  void missingDuplicateMisroutedAndUnknownOutputsAreProblems() {
    DemoTally tally = new DemoTally(SAMPLES);
    tally.deadLetter("a", new DemoTally.DeadLetter("enrichment-failed", "boom"));
    tally.enriched("bad", record("bad"));
    tally.enriched("bad", record("bad"));
    tally.enriched("zzz", record("zzz"));

    List<String> problems = tally.problems();

    assertEquals(5, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("valid event a was dead-lettered"));
    assertTrue(problems.get(1).startsWith("event b is unaccounted for"));
    assertTrue(problems.get(2).startsWith("invalid event bad was enriched"));
    assertTrue(problems.get(3).startsWith("event bad has more than one output record"));
    assertTrue(problems.get(4).startsWith("output record with unknown key zzz"));
  }
}
