package io.textenrich.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Every text queued in an engine, from every caller, kept both in arrival order and sorted by token
 * length, and the rule that cuts the next model call from them.
 *
 * <p>A call starts from the oldest queued text, so nothing waits behind newer work for ever, and
 * grows with its neighbours in length, each time taking the shorter or longer neighbour that adds
 * less padding, until it holds {@code maxSequences} texts or one more would push its padded size
 * (texts x longest text) over {@code maxPaddedTokens} or its padding share over
 * {@code maxPaddingShare}. A deep queue thus gives large calls of similar lengths; a shallow one
 * gives whatever is there at once, without waiting to fill.
 *
 * <p>Not thread-safe: the engine guards it with its lock.
 *
 * @param <O> what owns a text (the engine's request)
 */
final class PendingTexts<O> {

  /** One queued text: its owner, its index in the owner, its token count, its place in arrival order. */
  static final class Entry<O> {
    final O owner;
    final int index;
    final int tokens;
    final long arrival;

    private Entry(O owner, int index, int tokens, long arrival) {
      this.owner = owner;
      this.index = index;
      this.tokens = tokens;
      this.arrival = arrival;
    }
  }

  private final TreeSet<Entry<O>> byArrival = new TreeSet<>(Comparator.comparingLong(e -> e.arrival));
  private final TreeSet<Entry<O>> byLength = new TreeSet<>(
      Comparator.<Entry<O>>comparingInt(e -> e.tokens).thenComparingLong(e -> e.arrival));
  private long nextArrival;

  Entry<O> add(O owner, int index, int tokens) {
    Entry<O> entry = new Entry<>(owner, index, Math.max(1, tokens), nextArrival++);
    byArrival.add(entry);
    byLength.add(entry);
    return entry;
  }

  /** @return whether the entry was still queued (and now is not) */
  boolean remove(Entry<O> entry) {
    if (byArrival.remove(entry)) {
      byLength.remove(entry);
      return true;
    }
    return false;
  }

  boolean isEmpty() {
    return byArrival.isEmpty();
  }

  int size() {
    return byArrival.size();
  }

  /** Every owner with a text queued, each once, oldest first. */
  List<O> owners() {
    return byArrival.stream().map(e -> e.owner).distinct().toList();
  }

  /**
   * Takes the next call out of the queue: empty only when the queue is.
   *
   * @param maxPaddingShare the most padding a call may carry as it grows; 1 for no bound (a
   *     first text always runs)
   * @param groupByLength false takes texts in arrival order, under the same limits
   */
  List<Entry<O>> takeCall(int maxSequences, long maxPaddedTokens, double maxPaddingShare, boolean groupByLength) {
    List<Entry<O>> call = new ArrayList<>();
    if (byArrival.isEmpty()) {
      return call;
    }
    Entry<O> anchor = byArrival.first();
    call.add(anchor);
    int longest = anchor.tokens;
    long real = anchor.tokens;
    if (groupByLength) {
      Entry<O> shorter = byLength.lower(anchor);
      Entry<O> longer = byLength.higher(anchor);
      while (call.size() < maxSequences && (shorter != null || longer != null)) {
        int n = call.size();
        boolean longerFits = longer != null && fits(n + 1, longer.tokens, real + longer.tokens, maxPaddedTokens, maxPaddingShare);
        boolean shorterFits = shorter != null && fits(n + 1, longest, real + shorter.tokens, maxPaddedTokens, maxPaddingShare);
        if (!longerFits && !shorterFits) {
          break;
        }
        // Padding a shorter text adds (longest - its length); a longer one pads every text already in.
        long shorterCost = shorterFits ? longest - shorter.tokens : Long.MAX_VALUE;
        long longerCost = longerFits ? (long) n * (longer.tokens - longest) : Long.MAX_VALUE;
        if (shorterCost <= longerCost) {
          call.add(shorter);
          real += shorter.tokens;
          shorter = byLength.lower(shorter);
        } else {
          call.add(longer);
          real += longer.tokens;
          longest = longer.tokens;
          longer = byLength.higher(longer);
        }
      }
    } else {
      for (Entry<O> next = byArrival.higher(anchor); next != null && call.size() < maxSequences;
          next = byArrival.higher(next)) {
        int widest = Math.max(longest, next.tokens);
        if (!fits(call.size() + 1, widest, real + next.tokens, maxPaddedTokens, maxPaddingShare)) {
          break;
        }
        call.add(next);
        real += next.tokens;
        longest = widest;
      }
    }
    call.forEach(this::remove);
    return call;
  }

  /** Whether a call of {@code texts} texts, padded to {@code longest}, holding {@code real} real tokens, is within both bounds. */
  private static boolean fits(int texts, int longest, long real, long maxPaddedTokens, double maxPaddingShare) {
    long padded = (long) texts * longest;
    return padded <= maxPaddedTokens && 1.0 - (double) real / padded <= maxPaddingShare + 1e-9;
  }
}
