package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void probabilitiesThatAreRightAsOftenAsTheySayHaveNoCalibrationError() {
    // Ten texts at 0.8 of which eight are right, ten at 0.6 of which six are right.
    int[] actual = new int[20];
    float[][] scores = new float[20][];
    for (int i = 0; i < 20; i++) {
      float top = i < 10 ? 0.8f : 0.6f;
      scores[i] = new float[] {top, 1 - top};
      actual[i] = (i < 10 ? i < 8 : i < 16) ? 0 : 1;
    }
    Calibration c = Calibration.of(actual, scores, 10);
    assertEquals(0.0, c.expectedCalibrationError(), 1e-6);
    assertEquals(10, c.bins().size());
    Calibration.Bin bin = c.bins().get(8);
    assertEquals(10, bin.texts());
    assertEquals(0.8, bin.meanConfidence(), 1e-6);
    assertEquals(0.8, bin.accuracy(), 1e-9);
    assertTrue(Double.isNaN(c.bins().get(0).accuracy()), "an empty bin has no accuracy");
  }

  @Test
  void overconfidentProbabilitiesShowTheGapWeightedByTheBinsSizes() {
    // Thirty texts at 0.95 of which half are right (gap 0.45), ten at 0.55 all right (gap 0.45 the other way).
    int[] actual = new int[40];
    float[][] scores = new float[40][];
    for (int i = 0; i < 40; i++) {
      boolean overconfident = i < 30;
      scores[i] = overconfident ? new float[] {0.95f, 0.05f} : new float[] {0.45f, 0.55f};
      actual[i] = overconfident ? i % 2 : 1;
    }
    Calibration c = Calibration.of(actual, scores, 10);
    assertEquals(0.45, c.expectedCalibrationError(), 1e-6);
    assertEquals(30, c.bins().get(9).texts(), "a probability of 0.95 is in the last bin");
    assertEquals(10, c.bins().get(5).texts());
  }

  @Test
  void aProbabilityOfOneFallsInTheLastBin() {
    Calibration c = Calibration.of(new int[] {0}, new float[][] {{1f, 0f}}, 10);
    assertEquals(1, c.bins().get(9).texts());
    assertEquals(0.0, c.expectedCalibrationError(), 1e-9);
  }
}
