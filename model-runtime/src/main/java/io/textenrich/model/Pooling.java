package io.textenrich.model;

import java.nio.FloatBuffer;
import java.util.Locale;

/** How token vectors become one sentence vector. */
public enum Pooling {
  /** Average of the token vectors the attention mask keeps (sentence-transformers' default). */
  MEAN,
  /** The vector of the first token ([CLS]), as BGE models are trained. */
  CLS;

  public static Pooling parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Unknown pooling '" + text + "': use mean or cls");
    }
  }

  /**
   * Pools row {@code row} of a {@code [batch, seqLen, hidden]} tensor laid out row-major in
   * {@code hidden}.
   */
  float[] pool(FloatBuffer states, int row, int seqLen, int hiddenSize, long[] attentionMask) {
    float[] out = new float[hiddenSize];
    int rowOffset = row * seqLen * hiddenSize;
    if (this == CLS) {
      states.get(rowOffset, out);
      return out;
    }
    int kept = 0;
    float[] token = new float[hiddenSize];
    for (int t = 0; t < seqLen; t++) {
      if (attentionMask[t] == 0) {
        continue;
      }
      kept++;
      // A bulk copy, then a loop over an array the JIT vectorizes: a buffer read per float costs several times more.
      states.get(rowOffset + t * hiddenSize, token);
      for (int h = 0; h < hiddenSize; h++) {
        out[h] += token[h];
      }
    }
    float scale = 1f / Math.max(kept, 1);
    for (int h = 0; h < hiddenSize; h++) {
      out[h] *= scale;
    }
    return out;
  }

  /** Scales {@code v} in place to unit Euclidean length; a zero vector stays zero. */
  static void normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum == 0) {
      return;
    }
    float inv = (float) (1.0 / Math.sqrt(sum));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
  }
}
