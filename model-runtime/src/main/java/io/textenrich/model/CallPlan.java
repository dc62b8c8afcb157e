package io.textenrich.model;

import java.util.ArrayList;
import java.util.List;

/** Cuts merged work into model calls: length groups when wanted, then the per-call limits. */
final class CallPlan {

  private CallPlan() {}

  static List<int[]> split(int[] tokens, EmbeddingEngine.Settings settings) {
    List<int[]> groups;
    if (settings.groupByLength()) {
      groups = LengthBuckets.plan(tokens, settings.maxPaddingShare());
    } else {
      int[] all = new int[tokens.length];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      groups = List.of(all);
    }
    List<int[]> calls = new ArrayList<>();
    for (int[] group : groups) {
      int start = 0;
      while (start < group.length) {
        int end = start;
        long callTokens = 0;
        while (end < group.length && end - start < settings.maxCallRecords()
            && (end == start || callTokens + tokens[group[end]] <= settings.maxCallTokens())) {
          callTokens += tokens[group[end]];
          end++;
        }
        int[] call = new int[end - start];
        System.arraycopy(group, start, call, 0, call.length);
        calls.add(call);
        start = end;
      }
    }
    return calls;
  }
}
