package io.textenrich.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a batch into model calls of similar token length, so that padding (compute spent on
 * nothing) stays under a bound. Sequences are sorted by length; a call grows while the padding
 * it would carry stays within {@code maxPaddingShare} of its padded size.
 */
final class LengthBuckets {

  private LengthBuckets() {}

  /** @return groups of indices into {@code lengths}, each group one model call */
  static List<int[]> plan(int[] lengths, double maxPaddingShare) {
    Integer[] order = new Integer[lengths.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
    List<int[]> groups = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    long realTokens = 0;
    for (int index : order) {
      long withNext = realTokens + lengths[index];
      long padded = (long) lengths[index] * (current.size() + 1);
      if (!current.isEmpty() && padded > 0 && 1.0 - (double) withNext / padded > maxPaddingShare) {
        groups.add(current.stream().mapToInt(Integer::intValue).toArray());
        current = new ArrayList<>();
        withNext = lengths[index];
      }
      current.add(index);
      realTokens = withNext;
    }
    if (!current.isEmpty()) {
      groups.add(current.stream().mapToInt(Integer::intValue).toArray());
    }
    return groups;
  }
}
