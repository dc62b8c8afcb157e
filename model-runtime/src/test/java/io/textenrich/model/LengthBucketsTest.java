package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

  @Test
  void similarLengthsShareACallAndOutliersGetTheirOwn() {
    int[] lengths = {10, 200, 11, 12, 190};
    List<int[]> groups = LengthBuckets.plan(lengths, 0.10);
    assertEquals(2, groups.size());
    assertArrayEquals(new int[] {0, 2, 3}, groups.get(0));
    assertArrayEquals(new int[] {4, 1}, groups.get(1));
  }

  @Test
  void everyGroupStaysWithinThePaddingBoundAndEveryIndexAppearsOnce() {
    Random random = new Random(7);
    int[] lengths = random.ints(500, 5, 201).toArray();
    List<int[]> groups = LengthBuckets.plan(lengths, 0.15);
    int[] seen = groups.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertArrayEquals(java.util.stream.IntStream.range(0, 500).toArray(), seen);
    for (int[] group : groups) {
      int max = Arrays.stream(group).map(i -> lengths[i]).max().orElseThrow();
      int sum = Arrays.stream(group).map(i -> lengths[i]).sum();
      assertTrue(1.0 - (double) sum / ((long) max * group.length) <= 0.15 + 1e-9);
    }
  }

  @Test
  void callLimitsCutGroupsIntoSeveralCalls() {
    int[] tokens = new int[10];
    Arrays.fill(tokens, 100);
    EmbeddingEngine.Settings settings = new EmbeddingEngine.Settings(4, 250, 100, true, 0.1, 1);
    List<int[]> calls = CallPlan.split(tokens, settings);
    assertEquals(List.of(2, 2, 2, 2, 2), calls.stream().map(c -> c.length).toList());
  }

  @Test
  void withoutGroupingCallsKeepArrivalOrder() {
    int[] tokens = {50, 5, 40, 7};
    List<int[]> calls = CallPlan.split(tokens, EmbeddingEngine.Settings.defaults().withGroupByLength(false));
    assertEquals(1, calls.size());
    assertArrayEquals(new int[] {0, 1, 2, 3}, calls.get(0));
  }

  @Test
  void aSingleTextOverTheTokenLimitStillRunsAlone() {
    EmbeddingEngine.Settings settings = new EmbeddingEngine.Settings(8, 100, 100, false, 0.1, 1);
    assertEquals(2, CallPlan.split(new int[] {500, 20}, settings).size());
  }
}
