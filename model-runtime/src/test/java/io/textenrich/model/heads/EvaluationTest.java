package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  /**
   * Confusion matrix (rows: truth, columns: prediction) worked out by hand:
   *
   * <pre>
   *            pos  neu  neg  (none)
   *   pos       3    1    0     0      support 4
   *   neu       1    2    1     0      support 4
   *   neg       0    0    1     1      support 2
   * </pre>
   *
   * pos: P = 3/4, R = 3/4, F1 = 0.75; neu: P = 2/3, R = 2/4, F1 = 2·(2/3)(1/2)/(2/3+1/2) = 4/7;
   * neg: P = 1/2, R = 1/2, F1 = 1/2; accuracy 6/10.
   */
  @Test
  void figuresMatchAHandComputedConfusionMatrix() {
    int[] actual = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
    int[] predicted = {0, 0, 0, 1, 0, 1, 1, 2, 2, Evaluation.NO_LABEL};
    Evaluation e = Evaluation.of(List.of("pos", "neu", "neg"), actual, predicted);

    assertEquals(0.6, e.accuracy(), 1e-12);
    assertEquals(0.75, e.precision("pos"), 1e-12);
    assertEquals(0.75, e.recall("pos"), 1e-12);
    assertEquals(0.75, e.f1("pos"), 1e-12);
    assertEquals(2.0 / 3, e.precision("neu"), 1e-12);
    assertEquals(0.5, e.recall("neu"), 1e-12);
    assertEquals(4.0 / 7, e.f1("neu"), 1e-12);
    assertEquals(0.5, e.precision("neg"), 1e-12);
    assertEquals(0.5, e.recall("neg"), 1e-12);
    assertEquals(0.5, e.f1("neg"), 1e-12);
    assertEquals((0.75 + 4.0 / 7 + 0.5) / 3, e.macroF1(), 1e-12);
    assertEquals(2, e.support("neg"));
    assertEquals(1, e.count("neu", "neg"));
    assertEquals(10, e.total());
  }

  @Test
  void aLabelNeverPredictedHasZeroPrecisionAndF1() {
    Evaluation e = Evaluation.of(List.of("a", "b"), new int[] {0, 1}, new int[] {0, 0});
    assertEquals(0, e.precision("b"));
    assertEquals(0, e.f1("b"));
    assertEquals(0.5, e.precision("a"), 1e-12);
  }

  @Test
  void theFalseFlagRateIsTheShareOfLegitimateTextsGivenAnotherLabel() {
    // Four ok texts: one predicted ok, one toxic, one spam, one without a label (not flagged).
    Evaluation e = Evaluation.of(List.of("ok", "toxic", "spam"), new int[] {0, 0, 0, 0, 1}, new int[] {0, 1, 2, Evaluation.NO_LABEL, 1});
    assertEquals(0.5, e.falseFlagRate("ok"), 1e-12);
  }
}
