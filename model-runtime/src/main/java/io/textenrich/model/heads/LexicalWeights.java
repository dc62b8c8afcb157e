package io.textenrich.model.heads;

import java.util.List;

/**
 * A head's lexical part: multinomial logistic regression on a text's {@link TextFeatures}, each
 * count weighted by its bucket's inverse document frequency in the training texts and each block
 * L2-normalised. Words carry what an encoder's sentence vector blurs (a link, "claim your prize", a
 * slur spelled oddly), so it catches spam and abuse the vector alone misses.
 *
 * @param buckets buckets per block (two blocks: words, characters)
 * @param idf {@code [2 * buckets]}: {@code ln((1 + texts) / (1 + texts with the bucket)) + 1}
 * @param linear weights {@code [labels][2 * buckets]} and biases
 * @param l2 the penalty it was fitted with
 */
record LexicalWeights(int buckets, float[] idf, LinearWeights linear, double l2) {

  /**
   * Buckets per block of the heads {@code train-head} makes: in cross-validation on the built-in
   * heads' training data, four times as many did no better, and the head file stays small.
   */
  static final int DEFAULT_BUCKETS = 1 << 14;

  LexicalWeights {
    if (buckets < 1) {
      throw new IllegalArgumentException("lexical buckets must be >= 1, got " + buckets);
    }
    if (idf.length != 2 * buckets || linear.dimensions() != 2 * buckets) {
      throw new IllegalArgumentException("lexical part of " + buckets + " buckets per block needs " + 2 * buckets
          + " idf values and weight columns; got " + idf.length + " and " + linear.dimensions());
    }
  }

  /** The probability of each label, in label order. */
  float[] probabilities(String text) {
    TextFeatures.Sparse x = features(text, buckets, idf);
    double[] logits = new double[linear.labels()];
    for (int k = 0; k < logits.length; k++) {
      double z = linear.bias()[k];
      float[] w = linear.weights()[k];
      for (int i = 0; i < x.indices().length; i++) {
        z += (double) w[x.indices()[i]] * x.values()[i];
      }
      logits[k] = z;
    }
    return LinearWeights.softmax(logits);
  }

  /** The text's counts, weighted by idf and L2-normalised per block. */
  private static TextFeatures.Sparse features(String text, int buckets, float[] idf) {
    return weigh(TextFeatures.counts(text, buckets), buckets, idf);
  }

  private static TextFeatures.Sparse weigh(TextFeatures.Sparse counts, int buckets, float[] idf) {
    int[] at = counts.indices();
    float[] v = counts.values().clone();
    double[] norm = new double[2];
    for (int i = 0; i < at.length; i++) {
      v[i] *= idf[at[i]];
      norm[at[i] / buckets] += (double) v[i] * v[i];
    }
    for (int i = 0; i < at.length; i++) {
      double n = norm[at[i] / buckets];
      if (n > 0) {
        v[i] = (float) (v[i] / Math.sqrt(n));
      }
    }
    return new TextFeatures.Sparse(at, v);
  }

  /** Fits a lexical part on training texts and their label indices. */
  static LexicalWeights fit(List<String> texts, int[] y, int classes, double l2, int buckets) {
    TextFeatures.Sparse[] counts = texts.stream().map(t -> TextFeatures.counts(t, buckets)).toArray(TextFeatures.Sparse[]::new);
    int[] df = new int[2 * buckets];
    for (TextFeatures.Sparse c : counts) {
      for (int index : c.indices()) {
        df[index]++;
      }
    }
    float[] idf = new float[2 * buckets];
    for (int j = 0; j < idf.length; j++) {
      idf[j] = (float) (Math.log((1.0 + counts.length) / (1.0 + df[j])) + 1);
    }
    int[][] indices = new int[counts.length][];
    float[][] values = new float[counts.length][];
    for (int r = 0; r < counts.length; r++) {
      TextFeatures.Sparse f = weigh(counts[r], buckets, idf);
      indices[r] = f.indices();
      values[r] = f.values();
    }
    return new LexicalWeights(buckets, idf, LogisticRegression.fitSparse(indices, values, 2 * buckets, y, classes, l2), l2);
  }
}
