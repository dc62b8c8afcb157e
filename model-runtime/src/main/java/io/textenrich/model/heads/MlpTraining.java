package io.textenrich.model.heads;

import java.util.Arrays;
import java.util.Random;

/**
 * Trains {@link MlpWeights} by mini-batch Adam on mean cross-entropy + {@code l2}/2 · ‖weights‖²
 * (biases not penalised), for a fixed number of epochs. The initial weights and the order of the
 * examples come from the seed, so the same data and seed give the same head.
 */
final class MlpTraining {

  static final int EPOCHS = 40;
  private static final int BATCH = 32;
  private static final double LEARNING_RATE = 2e-3;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private MlpTraining() {}

  /**
   * @param y label index of each row of {@code x}, in {@code [0, classes)}
   */
  static MlpWeights fit(float[][] x, int[] y, int classes, int hiddenUnits, double l2, long seed) {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("need as many labels as vectors, and at least one: " + x.length + " vs " + y.length);
    }
    if (hiddenUnits < 1 || !(l2 >= 0)) {
      throw new IllegalArgumentException("need hidden units >= 1 and an L2 penalty >= 0, got " + hiddenUnits + " and " + l2);
    }
    int dims = x[0].length;
    Random random = new Random(seed);
    Layer hidden = new Layer(hiddenUnits, dims, Math.sqrt(2.0 / dims), random);
    Layer output = new Layer(classes, hiddenUnits, Math.sqrt(1.0 / hiddenUnits), random);
    int[] order = new int[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] h = new float[hiddenUnits];
    double[] p = new double[classes];
    double[] dh = new double[hiddenUnits];
    int step = 0;
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      shuffle(order, random);
      for (int from = 0; from < order.length; from += BATCH) {
        int to = Math.min(order.length, from + BATCH);
        hidden.clearGradient();
        output.clearGradient();
        for (int b = from; b < to; b++) {
          float[] row = x[order[b]];
          int label = y[order[b]];
          hidden.forward(row, h, true);
          output.logits(h, p);
          softmaxInPlace(p);
          p[label] -= 1;
          output.accumulate(p, h);
          output.backward(p, dh);
          for (int u = 0; u < hiddenUnits; u++) {
            dh[u] = h[u] > 0 ? dh[u] : 0;
          }
          hidden.accumulate(dh, row);
        }
        step++;
        double scale = 1.0 / (to - from);
        hidden.adam(scale, l2, step);
        output.adam(scale, l2, step);
      }
    }
    return new MlpWeights(hidden.weightsAsFloats(), hidden.biasAsFloats(),
        new LinearWeights(output.weightsAsFloats(), output.biasAsFloats()));
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private static void softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      z[k] = Math.exp(z[k] - max);
      sum += z[k];
    }
    for (int k = 0; k < z.length; k++) {
      z[k] /= sum;
    }
  }

  /** A dense layer's weights, their gradient over a batch and Adam's moment estimates. */
  private static final class Layer {

    private final int outputs;
    private final int inputs;
    // Floats, not doubles: the loops over the weights then run on twice as many SIMD lanes.
    private final float[] w;
    private final float[] b;
    private final float[] gw;
    private final float[] gb;
    private final float[] mw;
    private final float[] vw;
    private final float[] mb;
    private final float[] vb;

    Layer(int outputs, int inputs, double initialScale, Random random) {
      this.outputs = outputs;
      this.inputs = inputs;
      w = new float[outputs * inputs];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextGaussian() * initialScale);
      }
      b = new float[outputs];
      gw = new float[w.length];
      gb = new float[outputs];
      mw = new float[w.length];
      vw = new float[w.length];
      mb = new float[outputs];
      vb = new float[outputs];
    }

    void forward(float[] in, float[] out, boolean relu) {
      for (int o = 0; o < outputs; o++) {
        float z = b[o];
        int base = o * inputs;
        for (int j = 0; j < inputs; j++) {
          z += w[base + j] * in[j];
        }
        out[o] = relu ? Math.max(0, z) : z;
      }
    }

    void logits(float[] in, double[] out) {
      for (int o = 0; o < outputs; o++) {
        double z = b[o];
        int base = o * inputs;
        for (int j = 0; j < inputs; j++) {
          z += w[base + j] * in[j];
        }
        out[o] = z;
      }
    }

    /** Adds the gradient of one example, given the loss's gradient at this layer's outputs. */
    void accumulate(double[] outGradient, float[] in) {
      for (int o = 0; o < outputs; o++) {
        float g = (float) outGradient[o];
        if (g == 0) {
          continue;
        }
        gb[o] += g;
        int base = o * inputs;
        for (int j = 0; j < inputs; j++) {
          gw[base + j] += g * in[j];
        }
      }
    }

    /** The loss's gradient at this layer's inputs. */
    void backward(double[] outGradient, double[] inGradient) {
      Arrays.fill(inGradient, 0);
      for (int o = 0; o < outputs; o++) {
        double g = outGradient[o];
        int base = o * inputs;
        for (int j = 0; j < inputs; j++) {
          inGradient[j] += g * w[base + j];
        }
      }
    }

    void clearGradient() {
      Arrays.fill(gw, 0);
      Arrays.fill(gb, 0);
    }

    void adam(double scale, double l2, int step) {
      double correction1 = 1 - Math.pow(BETA1, step);
      double correction2 = 1 - Math.pow(BETA2, step);
      for (int i = 0; i < w.length; i++) {
        w[i] -= update(gw[i] * scale + l2 * w[i], mw, vw, i, correction1, correction2);
      }
      for (int i = 0; i < b.length; i++) {
        b[i] -= update(gb[i] * scale, mb, vb, i, correction1, correction2);
      }
    }

    private static float update(double g, float[] m, float[] v, int i, double correction1, double correction2) {
      m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
      v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
      return (float) (LEARNING_RATE * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON));
    }

    float[][] weightsAsFloats() {
      float[][] out = new float[outputs][inputs];
      for (int o = 0; o < outputs; o++) {
        for (int j = 0; j < inputs; j++) {
          out[o][j] = w[o * inputs + j];
        }
      }
      return out;
    }

    float[] biasAsFloats() {
      float[] out = new float[outputs];
      for (int o = 0; o < outputs; o++) {
        out[o] = b[o];
      }
      return out;
    }
  }
}
