package io.textenrich.model.heads;

/**
 * A multinomial logistic-regression layer: {@code p = softmax(W x + b)}.
 *
 * @param weights {@code [labels][dimensions]}
 * @param bias {@code [labels]}
 */
record LinearWeights(float[][] weights, float[] bias) implements HeadWeights {

  LinearWeights {
    if (weights.length == 0 || weights.length != bias.length) {
      throw new IllegalArgumentException("a head needs one weight row and one bias per label; got "
          + weights.length + " rows and " + bias.length + " biases");
    }
    for (float[] row : weights) {
      if (row.length != weights[0].length) {
        throw new IllegalArgumentException("weight rows differ in length: " + row.length + " and " + weights[0].length);
      }
    }
  }

  @Override
  public int labels() {
    return weights.length;
  }

  @Override
  public int dimensions() {
    return weights[0].length;
  }

  @Override
  public float[] probabilities(float[] x) {
    if (x.length != dimensions()) {
      throw new IllegalArgumentException("vector has " + x.length + " dimensions; the head takes " + dimensions());
    }
    return softmax(logits(x));
  }

  /** {@code W x + b}. */
  double[] logits(float[] x) {
    double[] logits = new double[labels()];
    for (int k = 0; k < logits.length; k++) {
      double z = bias[k];
      float[] w = weights[k];
      for (int j = 0; j < x.length; j++) {
        z += (double) w[j] * x[j];
      }
      logits[k] = z;
    }
    return logits;
  }

  static float[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int k = 0; k < logits.length; k++) {
      logits[k] = Math.exp(logits[k] - max);
      sum += logits[k];
    }
    float[] p = new float[logits.length];
    for (int k = 0; k < p.length; k++) {
      p[k] = (float) (logits[k] / sum);
    }
    return p;
  }
}
