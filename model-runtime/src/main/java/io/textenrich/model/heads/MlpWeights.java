package io.textenrich.model.heads;

/**
 * A perceptron with one hidden layer: {@code p = softmax(W₂ relu(W₁ x + b₁) + b₂)}.
 *
 * @param hiddenWeights {@code [hidden units][dimensions]}
 * @param hiddenBias {@code [hidden units]}
 * @param output the layer from the hidden units to the labels
 */
record MlpWeights(float[][] hiddenWeights, float[] hiddenBias, LinearWeights output) implements HeadWeights {

  MlpWeights {
    if (hiddenWeights.length == 0 || hiddenWeights.length != hiddenBias.length) {
      throw new IllegalArgumentException("a hidden layer needs one weight row and one bias per unit; got "
          + hiddenWeights.length + " rows and " + hiddenBias.length + " biases");
    }
    for (float[] row : hiddenWeights) {
      if (row.length != hiddenWeights[0].length) {
        throw new IllegalArgumentException("hidden weight rows differ in length: " + row.length + " and " + hiddenWeights[0].length);
      }
    }
    if (output.dimensions() != hiddenWeights.length) {
      throw new IllegalArgumentException("the output layer takes " + output.dimensions() + " inputs but the hidden layer has "
          + hiddenWeights.length + " units");
    }
  }

  int hiddenUnits() {
    return hiddenWeights.length;
  }

  @Override
  public int labels() {
    return output.labels();
  }

  @Override
  public int dimensions() {
    return hiddenWeights[0].length;
  }

  @Override
  public float[] probabilities(float[] x) {
    if (x.length != dimensions()) {
      throw new IllegalArgumentException("vector has " + x.length + " dimensions; the head takes " + dimensions());
    }
    return output.probabilities(hidden(x));
  }

  /** The hidden layer's activations, {@code relu(W₁ x + b₁)}. */
  float[] hidden(float[] x) {
    float[] h = new float[hiddenWeights.length];
    for (int u = 0; u < h.length; u++) {
      double z = hiddenBias[u];
      float[] w = hiddenWeights[u];
      for (int j = 0; j < x.length; j++) {
        z += (double) w[j] * x[j];
      }
      h[u] = (float) Math.max(0, z);
    }
    return h;
  }
}
