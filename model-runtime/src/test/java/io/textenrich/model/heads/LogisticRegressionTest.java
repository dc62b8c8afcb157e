package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

  /** Three clusters around orthogonal directions, with noise, like unit sentence vectors. */
  static float[][] clusters(int perClass, int dims, long seed, int[] labelsOut) {
    Random random = new Random(seed);
    float[][] x = new float[3 * perClass][dims];
    for (int i = 0; i < x.length; i++) {
      int label = i % 3;
      labelsOut[i] = label;
      for (int j = 0; j < dims; j++) {
        x[i][j] = (float) (random.nextGaussian() * 0.3);
      }
      x[i][label] += 1.0f;
    }
    return x;
  }

  @Test
  void learnsASeparableToySetAndGivesCalibratedProbabilities() {
    int[] y = new int[90];
    float[][] x = clusters(30, 16, 7, y);
    LinearWeights weights = LogisticRegression.fit(x, y, 3, 1e-3);
    int correct = 0;
    for (int i = 0; i < x.length; i++) {
      float[] p = weights.probabilities(x[i]);
      assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
      int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
      correct += best == y[i] ? 1 : 0;
    }
    assertEquals(x.length, correct);
    float[] clear = new float[16];
    clear[2] = 1f;
    assertTrue(weights.probabilities(clear)[2] > 0.9, "a clean example of label 2 is confidently label 2");
  }

  @Test
  void sameDataGivesTheSameWeights() {
    int[] y = new int[60];
    float[][] x = clusters(20, 8, 3, y);
    LinearWeights a = LogisticRegression.fit(x, y, 3, 1e-2);
    LinearWeights b = LogisticRegression.fit(x, y, 3, 1e-2);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(a.weights()[k], b.weights()[k]);
    }
    assertArrayEquals(a.bias(), b.bias());
  }

  @Test
  void aStrongerPenaltyGivesSmallerWeights() {
    int[] y = new int[60];
    float[][] x = clusters(20, 8, 5, y);
    assertTrue(norm(LogisticRegression.fit(x, y, 3, 1.0)) < norm(LogisticRegression.fit(x, y, 3, 1e-3)));
  }

  @Test
  void theGradientVanishesAtTheSolution() {
    // At the optimum of mean cross-entropy + l2/2 |W|^2, sum_i (p_i - onehot_i) x_i / n = -l2 W for every label.
    int[] y = new int[45];
    float[][] x = clusters(15, 6, 11, y);
    double l2 = 0.05;
    LinearWeights w = LogisticRegression.fit(x, y, 3, l2);
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 6; j++) {
        double g = 0;
        for (int i = 0; i < x.length; i++) {
          g += (w.probabilities(x[i])[k] - (y[i] == k ? 1 : 0)) * x[i][j];
        }
        assertEquals(0, g / x.length + l2 * w.weights()[k][j], 1e-4);
      }
    }
  }

  private static double norm(LinearWeights w) {
    double sum = 0;
    for (float[] row : w.weights()) {
      for (float v : row) {
        sum += v * v;
      }
    }
    return Math.sqrt(sum);
  }

  @Test
  void sparseRowsGiveTheSameWeightsAsTheSameRowsDense() {
    int[] y = new int[60];
    float[][] x = clusters(20, 12, 5, y);
    int[][] indices = new int[x.length][];
    float[][] values = new float[x.length][];
    for (int r = 0; r < x.length; r++) {
      // Every other column is zero in the dense rows and absent from the sparse ones.
      int[] at = new int[6];
      float[] v = new float[6];
      for (int j = 0; j < 12; j++) {
        if (j % 2 == 1) {
          x[r][j] = 0;
        } else {
          at[j / 2] = j;
          v[j / 2] = x[r][j];
        }
      }
      indices[r] = at;
      values[r] = v;
    }
    LinearWeights dense = LogisticRegression.fit(x, y, 3, 1e-3);
    LinearWeights sparse = LogisticRegression.fitSparse(indices, values, 12, y, 3, 1e-3);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(dense.weights()[k], sparse.weights()[k], 1e-6f);
    }
    assertArrayEquals(dense.bias(), sparse.bias(), 1e-6f);
  }
}
