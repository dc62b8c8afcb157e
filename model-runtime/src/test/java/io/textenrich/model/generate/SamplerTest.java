package io.textenrich.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplerTest {

  private static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 3.0f, 0.5f};

  private static int[] draws(Sampler sampler, int n) {
    int[] counts = new int[LOGITS.length];
    for (int i = 0; i < n; i++) {
      counts[sampler.next(LOGITS.clone())]++;
    }
    return counts;
  }

  @Test
  void greedyTakesTheLargestLogitAndTheFirstOfATie() {
    assertEquals(1, new Sampler(0, 0, 1, 1, 1).next(LOGITS.clone()));
  }

  @Test
  void repetitionPenaltyMakesSeenTokensLessLikelyWhateverTheirSign() {
    Sampler sampler = new Sampler(0, 0, 1, 2.0, 1);
    sampler.observe(1);
    sampler.observe(4);
    float[] logits = LOGITS.clone();
    assertEquals(2, sampler.next(logits));
    assertEquals(1.5f, logits[1]);
    Sampler negative = new Sampler(0, 0, 1, 2.0, 1);
    negative.observe(3);
    float[] more = LOGITS.clone();
    negative.next(more);
    assertEquals(-2.0f, more[3]);
  }

  @Test
  void topKOfOneAndATinyTopPAreGreedy() {
    int[] topK = draws(new Sampler(1.0, 1, 1, 1, 3), 200);
    assertEquals(200, topK[1]);
    int[] topP = draws(new Sampler(1.0, 0, 0.01, 1, 3), 200);
    assertEquals(200, topP[1]);
  }

  @Test
  void topKAndTopPKeepOnlyTheMostLikelyTokens() {
    int[] topK = draws(new Sampler(1.0, 3, 1, 1, 5), 3000);
    assertEquals(0, topK[0] + topK[3] + topK[5], Arrays.toString(topK));
    assertTrue(topK[1] > 0 && topK[2] > 0 && topK[4] > 0, Arrays.toString(topK));
    // Probabilities: logits 3.0 and 3.0 -> 0.35 each, 2.5 -> 0.21: 0.8 needs exactly the three best.
    int[] topP = draws(new Sampler(1.0, 0, 0.8, 1, 5), 3000);
    assertEquals(0, topP[0] + topP[3] + topP[5], Arrays.toString(topP));
  }

  @Test
  void samplesFollowTheSoftmaxAtTheTemperature() {
    double temperature = 2.0;
    int n = 40_000;
    int[] counts = draws(new Sampler(temperature, 0, 1, 1, 11), n);
    double total = 0;
    for (float l : LOGITS) {
      total += Math.exp(l / temperature);
    }
    for (int t = 0; t < LOGITS.length; t++) {
      double expected = Math.exp(LOGITS[t] / temperature) / total;
      assertEquals(expected, (double) counts[t] / n, 0.01, "token " + t);
    }
  }

  @Test
  void theSameSeedDrawsTheSameTokens() {
    assertEquals(Arrays.toString(draws(new Sampler(1.0, 0, 0.95, 1.1, 99), 50)),
        Arrays.toString(draws(new Sampler(1.0, 0, 0.95, 1.1, 99), 50)));
    int[] a = new int[30];
    int[] b = new int[30];
    Sampler first = new Sampler(1.5, 0, 1, 1, 99);
    Sampler second = new Sampler(1.5, 0, 1, 1, 100);
    for (int i = 0; i < 30; i++) {
      a[i] = first.next(LOGITS.clone());
      b[i] = second.next(LOGITS.clone());
    }
    assertTrue(!Arrays.equals(a, b), "different seeds, different draws");
  }

  @Test
  void aMaskedTokenIsNeverSampled() {
    Sampler sampler = new Sampler(1.0, 0, 1, 1, 4);
    for (int i = 0; i < 500; i++) {
      float[] logits = LOGITS.clone();
      logits[1] = Float.NEGATIVE_INFINITY;
      assertTrue(sampler.next(logits) != 1);
    }
  }
}
