package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PendingTextsTest {

  private static PendingTexts<String> queue(int... lengths) {
    PendingTexts<String> pending = new PendingTexts<>();
    for (int i = 0; i < lengths.length; i++) {
      pending.add("r", i, lengths[i]);
    }
    return pending;
  }

  private static List<Integer> indices(List<PendingTexts.Entry<String>> call) {
    return call.stream().map(e -> e.index).sorted().toList();
  }

  @Test
  void aCallStartsFromTheOldestTextAndTakesItsNeighboursInLength() {
    PendingTexts<String> pending = queue(100, 10, 12, 98, 11, 101);
    assertEquals(List.of(0, 3, 5), indices(pending.takeCall(3, 10_000, 1.0, true)));
    assertEquals(List.of(1, 2, 4), indices(pending.takeCall(3, 10_000, 1.0, true)));
    assertTrue(pending.isEmpty());
  }

  @Test
  void theBudgetBoundsTextsTimesTheLongestAndALongTextStillRunsAlone() {
    PendingTexts<String> pending = queue(500, 40, 40, 40);
    assertEquals(List.of(0), indices(pending.takeCall(64, 100, 1.0, true)));
    assertEquals(List.of(1, 2), indices(pending.takeCall(64, 100, 1.0, true)));
    assertEquals(List.of(3), indices(pending.takeCall(64, 100, 1.0, true)));
  }

  @Test
  void aPaddingBoundStopsACallGrowingButAFirstTextAlwaysRuns() {
    PendingTexts<String> pending = queue(100, 10, 90, 95, 50);
    assertEquals(List.of(0, 2, 3), indices(pending.takeCall(64, 10_000, 0.10, true)));
    assertEquals(List.of(1), indices(pending.takeCall(64, 10_000, 0.10, true)), "10 beside 50 would be 40% padding");
    assertEquals(List.of(4), indices(pending.takeCall(64, 10_000, 0.10, true)));
  }

  @Test
  void withoutGroupingCallsKeepArrivalOrderUnderTheSameLimits() {
    PendingTexts<String> pending = queue(50, 5, 40, 7, 60);
    assertEquals(List.of(0, 1, 2, 3), indices(pending.takeCall(4, 10_000, 1.0, false)));
    assertEquals(List.of(4), indices(pending.takeCall(4, 10_000, 1.0, false)));
  }

  @Test
  void aRemovedTextIsNeverTakenAndEveryOtherIsTakenOnce() {
    Random random = new Random(3);
    PendingTexts<String> pending = new PendingTexts<>();
    List<PendingTexts.Entry<String>> entries = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      entries.add(pending.add("r", i, 5 + random.nextInt(200)));
    }
    assertTrue(pending.remove(entries.get(7)));
    assertFalse(pending.remove(entries.get(7)));
    List<Integer> taken = new ArrayList<>();
    while (!pending.isEmpty()) {
      List<PendingTexts.Entry<String>> call = pending.takeCall(32, 4096, 1.0, true);
      int longest = call.stream().mapToInt(e -> e.tokens).max().orElseThrow();
      assertTrue(call.size() == 1 || (long) call.size() * longest <= 4096);
      call.forEach(e -> taken.add(e.index));
    }
    assertEquals(IntStream.range(0, 500).filter(i -> i != 7).boxed().toList(), taken.stream().sorted().toList());
  }
}
