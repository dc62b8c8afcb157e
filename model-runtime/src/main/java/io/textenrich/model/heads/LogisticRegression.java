package io.textenrich.model.heads;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

/**
 * Trains multinomial logistic regression with an L2 penalty on the weights (not the biases) by
 * full-batch L-BFGS from all-zero weights. There is no randomness, so the same data gives the same
 * head; the loss is strictly convex, so there is one optimum to find. A few hundred 384-dimension
 * examples train in well under a second. Rows are dense vectors or sparse ones (a few hundred
 * non-zero text features among tens of thousands): the loss visits only a row's non-zero entries.
 */
final class LogisticRegression {

  private static final int MEMORY = 10;
  private static final int MAX_ITERATIONS = 1000;
  private static final double GRADIENT_TOLERANCE = 1e-6;
  private static final double LOSS_TOLERANCE = 1e-12;
  private static final double ARMIJO = 1e-4;

  /** Per row, the indices of its non-zero entries; null for dense rows. */
  private final int[][] indices;
  private final float[][] x;
  private final int[] y;
  private final int classes;
  private final int dims;
  private final double l2;

  private LogisticRegression(int[][] indices, float[][] x, int dims, int[] y, int classes, double l2) {
    this.indices = indices;
    this.x = x;
    this.y = y;
    this.classes = classes;
    this.dims = dims;
    this.l2 = l2;
  }

  /**
   * Minimises mean cross-entropy + {@code l2}/2 · ‖W‖².
   *
   * @param y label index of each row of {@code x}, in {@code [0, classes)}
   */
  static LinearWeights fit(float[][] x, int[] y, int classes, double l2) {
    check(x.length, y, classes, l2);
    return new LogisticRegression(null, x, x[0].length, y, classes, l2).minimise();
  }

  /**
   * The same on sparse rows: row {@code r} holds {@code values[r][i]} at index {@code indices[r][i]}
   * of {@code dims}, zero elsewhere.
   */
  static LinearWeights fitSparse(int[][] indices, float[][] values, int dims, int[] y, int classes, double l2) {
    check(values.length, y, classes, l2);
    if (indices.length != values.length) {
      throw new IllegalArgumentException(indices.length + " index rows but " + values.length + " value rows");
    }
    return new LogisticRegression(indices, values, dims, y, classes, l2).minimise();
  }

  private static void check(int rows, int[] y, int classes, double l2) {
    if (rows == 0 || rows != y.length) {
      throw new IllegalArgumentException("need as many labels as vectors, and at least one: " + rows + " vs " + y.length);
    }
    if (!(l2 >= 0)) {
      throw new IllegalArgumentException("L2 penalty must be >= 0, got " + l2);
    }
    for (int label : y) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label index " + label + " outside [0, " + classes + ")");
      }
    }
  }

  private LinearWeights minimise() {
    int n = classes * (dims + 1);
    double[] theta = new double[n];
    double[] grad = new double[n];
    double loss = lossAndGradient(theta, grad);
    Deque<double[][]> memory = new ArrayDeque<>();
    double[] next = new double[n];
    double[] nextGrad = new double[n];
    for (int iteration = 0; iteration < MAX_ITERATIONS && maxAbs(grad) > GRADIENT_TOLERANCE; iteration++) {
      double[] direction = direction(grad, memory);
      double slope = dot(grad, direction);
      if (slope >= 0) {
        // The curvature memory no longer gives a descent direction: restart from steepest descent.
        memory.clear();
        direction = negate(grad);
        slope = dot(grad, direction);
      }
      double step = memory.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(dot(grad, grad))) : 1.0;
      double nextLoss;
      int halvings = 0;
      while (true) {
        for (int i = 0; i < n; i++) {
          next[i] = theta[i] + step * direction[i];
        }
        nextLoss = lossAndGradient(next, nextGrad);
        if (nextLoss <= loss + ARMIJO * step * slope || ++halvings > 60) {
          break;
        }
        step *= 0.5;
      }
      double[] s = new double[n];
      double[] change = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = next[i] - theta[i];
        change[i] = nextGrad[i] - grad[i];
      }
      if (dot(s, change) > 1e-12) {
        memory.addLast(new double[][] {s, change});
        if (memory.size() > MEMORY) {
          memory.removeFirst();
        }
      }
      boolean stalled = Math.abs(loss - nextLoss) <= LOSS_TOLERANCE * Math.max(1.0, Math.abs(loss));
      System.arraycopy(next, 0, theta, 0, n);
      System.arraycopy(nextGrad, 0, grad, 0, n);
      loss = nextLoss;
      if (stalled) {
        break;
      }
    }
    return toWeights(theta);
  }

  /** The L-BFGS two-loop recursion: an approximation of -H⁻¹ g from the last steps. */
  private static double[] direction(double[] grad, Deque<double[][]> memory) {
    double[] q = grad.clone();
    double[] alpha = new double[memory.size()];
    int i = memory.size() - 1;
    for (Iterator<double[][]> it = memory.descendingIterator(); it.hasNext(); i--) {
      double[][] pair = it.next();
      alpha[i] = dot(pair[0], q) / dot(pair[1], pair[0]);
      axpy(-alpha[i], pair[1], q);
    }
    if (!memory.isEmpty()) {
      double[][] last = memory.peekLast();
      double scale = dot(last[0], last[1]) / dot(last[1], last[1]);
      for (int j = 0; j < q.length; j++) {
        q[j] *= scale;
      }
    }
    i = 0;
    for (double[][] pair : memory) {
      double beta = dot(pair[1], q) / dot(pair[1], pair[0]);
      axpy(alpha[i] - beta, pair[0], q);
      i++;
    }
    return negate(q);
  }

  /**
   * Parameters are laid out label by label: {@code dims} weights then the bias. Returns the loss and
   * writes its gradient into {@code grad}.
   */
  private double lossAndGradient(double[] theta, double[] grad) {
    Arrays.fill(grad, 0);
    int stride = dims + 1;
    double loss = 0;
    double[] z = new double[classes];
    for (int r = 0; r < x.length; r++) {
      float[] row = x[r];
      int[] at = indices == null ? null : indices[r];
      int entries = row.length;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        int base = k * stride;
        double sum = theta[base + dims];
        for (int i = 0; i < entries; i++) {
          sum += theta[base + (at == null ? i : at[i])] * row[i];
        }
        z[k] = sum;
        max = Math.max(max, sum);
      }
      double norm = 0;
      for (int k = 0; k < classes; k++) {
        z[k] = Math.exp(z[k] - max);
        norm += z[k];
      }
      loss -= Math.log(z[y[r]] / norm);
      for (int k = 0; k < classes; k++) {
        double error = z[k] / norm - (k == y[r] ? 1 : 0);
        int base = k * stride;
        for (int i = 0; i < entries; i++) {
          grad[base + (at == null ? i : at[i])] += error * row[i];
        }
        grad[base + dims] += error;
      }
    }
    double inverseN = 1.0 / x.length;
    loss *= inverseN;
    double penalty = 0;
    for (int k = 0; k < classes; k++) {
      int base = k * stride;
      for (int j = 0; j < dims; j++) {
        grad[base + j] = grad[base + j] * inverseN + l2 * theta[base + j];
        penalty += theta[base + j] * theta[base + j];
      }
      grad[base + dims] *= inverseN;
    }
    return loss + 0.5 * l2 * penalty;
  }

  private LinearWeights toWeights(double[] theta) {
    float[][] w = new float[classes][dims];
    float[] b = new float[classes];
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < dims; j++) {
        w[k][j] = (float) theta[k * (dims + 1) + j];
      }
      b[k] = (float) theta[k * (dims + 1) + dims];
    }
    return new LinearWeights(w, b);
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double[] negate(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = -v[i];
    }
    return out;
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }
}
