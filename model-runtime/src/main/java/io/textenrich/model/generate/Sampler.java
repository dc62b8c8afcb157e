package io.textenrich.model.generate;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Picks each next token of one sequence: repetition penalty, then greedy argmax (temperature 0) or
 * temperature, top-k, top-p and a draw, in Hugging Face's order. Each sequence owns its sampler and
 * its random source, seeded from the request, so a completion depends on its seed and never on the
 * sequences batched beside it. Not thread-safe; one sequence is advanced by one thread at a time.
 */
final class Sampler {

  private final double temperature;
  private final int topK;
  private final double topP;
  private final double repetitionPenalty;
  private final SplittableRandom random;
  private final BitSet seen = new BitSet();

  Sampler(double temperature, int topK, double topP, double repetitionPenalty, long seed) {
    this.temperature = temperature;
    this.topK = topK;
    this.topP = topP;
    this.repetitionPenalty = repetitionPenalty;
    this.random = new SplittableRandom(seed);
  }

  /** Records a token of the prompt or the completion, for the repetition penalty. */
  void observe(int token) {
    seen.set(token);
  }

  /** The next token; {@code logits} is overwritten. */
  int next(float[] logits) {
    if (repetitionPenalty != 1.0) {
      // CTRL's penalty as Hugging Face applies it: seen tokens become less likely whatever their sign.
      for (int t = seen.nextSetBit(0); t >= 0 && t < logits.length; t = seen.nextSetBit(t + 1)) {
        logits[t] = (float) (logits[t] > 0 ? logits[t] / repetitionPenalty : logits[t] * repetitionPenalty);
      }
    }
    if (temperature == 0) {
      return argmax(logits);
    }
    int[] candidates = candidates(logits);
    double max = Double.NEGATIVE_INFINITY;
    for (int token : candidates) {
      max = Math.max(max, logits[token]);
    }
    double[] weights = new double[candidates.length];
    double total = 0;
    for (int i = 0; i < candidates.length; i++) {
      weights[i] = Math.exp((logits[candidates[i]] - max) / temperature);
      total += weights[i];
    }
    int kept = candidates.length;
    if (topP < 1.0) {
      double cumulative = 0;
      for (int i = 0; i < candidates.length; i++) {
        cumulative += weights[i] / total;
        if (cumulative >= topP) {
          kept = i + 1;
          break;
        }
      }
    }
    double keptTotal = 0;
    for (int i = 0; i < kept; i++) {
      keptTotal += weights[i];
    }
    double draw = random.nextDouble() * keptTotal;
    for (int i = 0; i < kept - 1; i++) {
      draw -= weights[i];
      if (draw < 0) {
        return candidates[i];
      }
    }
    return candidates[kept - 1];
  }

  /** The first index of the largest logit, so ties go the same way every time. */
  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The tokens to draw from: the top k by logit when k is set, every token ranked by logit when
   * top-p needs the ranking, else every token unranked (sorting a large vocabulary per token is
   * the one cost here that grows with it). Ranked lists are highest first, ties by id.
   */
  private int[] candidates(float[] logits) {
    if (topK > 0 && topK < logits.length) {
      return ranked(topKeys(logits, topK), topK);
    }
    if (topP < 1.0) {
      long[] keys = new long[logits.length];
      for (int i = 0; i < logits.length; i++) {
        keys[i] = key(logits, i);
      }
      return ranked(keys, keys.length);
    }
    int[] all = new int[logits.length];
    Arrays.setAll(all, i -> i);
    return all;
  }

  /** The k smallest keys (largest logits), by a bounded max-heap over one pass. */
  private static long[] topKeys(float[] logits, int k) {
    long[] heap = new long[k];
    for (int i = 0; i < k; i++) {
      heap[i] = key(logits, i);
      siftUp(heap, i);
    }
    for (int i = k; i < logits.length; i++) {
      long candidate = key(logits, i);
      if (candidate < heap[0]) {
        heap[0] = candidate;
        siftDown(heap, k);
      }
    }
    return heap;
  }

  private static void siftUp(long[] heap, int index) {
    while (index > 0 && heap[(index - 1) / 2] < heap[index]) {
      int parent = (index - 1) / 2;
      long swap = heap[parent];
      heap[parent] = heap[index];
      heap[index] = swap;
      index = parent;
    }
  }

  private static void siftDown(long[] heap, int size) {
    int index = 0;
    while (true) {
      int largest = index;
      for (int child = 2 * index + 1; child <= 2 * index + 2 && child < size; child++) {
        if (heap[child] > heap[largest]) {
          largest = child;
        }
      }
      if (largest == index) {
        return;
      }
      long swap = heap[largest];
      heap[largest] = heap[index];
      heap[index] = swap;
      index = largest;
    }
  }

  private static int[] ranked(long[] keys, int count) {
    Arrays.sort(keys, 0, count);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = (int) (keys[i] & 0xFFFFFFFFL);
    }
    return out;
  }

  /** Logit and id packed into one long that sorts ascending as the logit sorts descending, then by id. */
  private static long key(float[] logits, int token) {
    return (long) descendingKey(logits[token]) << 32 | token;
  }

  /** An int that sorts ascending as the float sorts descending. */
  private static int descendingKey(float value) {
    int bits = Float.floatToIntBits(value);
    int ascending = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
    return ~ascending;
  }
}
