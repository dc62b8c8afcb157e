package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdCurveTest {

  private static final List<String> LABELS = List.of("ok", "toxic", "spam");

  /**
   * Ten legitimate texts whose toxic scores are 0.05, 0.10, ... 0.50 and spam scores 0.50 down to
   * 0.05, then two toxic and two spam texts scored high.
   */
  private static float[][] scores(int[] actual) {
    float[][] scores = new float[14][];
    for (int i = 0; i < 10; i++) {
      float toxic = 0.05f * (i + 1);
      float spam = 0.05f * (10 - i);
      scores[i] = new float[] {1 - toxic - spam, toxic, spam};
      actual[i] = 0;
    }
    scores[10] = new float[] {0.1f, 0.8f, 0.1f};
    scores[11] = new float[] {0.3f, 0.6f, 0.1f};
    scores[12] = new float[] {0.1f, 0.1f, 0.8f};
    scores[13] = new float[] {0.45f, 0.1f, 0.45f};
    actual[10] = 1;
    actual[11] = 1;
    actual[12] = 2;
    actual[13] = 2;
    return scores;
  }

  @Test
  void pointsCountWhatReachesTheThreshold() {
    int[] actual = new int[14];
    float[][] scores = scores(actual);
    ThresholdCurve.Point toxic = ThresholdCurve.of(LABELS, actual, scores, 0, new double[] {0.45}).get("toxic").get(0);
    // Reaching 0.45: legitimate texts 9 and 10 (0.45, 0.50) and both toxic texts.
    assertEquals(0.5, toxic.precision(), 1e-9);
    assertEquals(1.0, toxic.recall(), 1e-9);
    assertEquals(0.2, toxic.falseFlagRate(), 1e-9);
    assertTrue(Double.isNaN(ThresholdCurve.of(LABELS, actual, scores, -1, new double[] {0.5}).get("spam").get(0).falseFlagRate()));
  }

  @Test
  void thresholdsForABudgetFlagAtMostThatShareOfLegitimateTexts() {
    int[] actual = new int[14];
    float[][] scores = scores(actual);
    // Budget 0.2 = two of ten legitimate texts. Toxic finds both toxic texts (0.8, 0.6) above every
    // legitimate score (at most 0.50) and needs none of it; spam needs both to reach its second
    // text (0.45), so its threshold lies just above the third highest legitimate score, 0.40.
    Map<String, Double> thresholds = ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 0.2);
    assertEquals(List.of("toxic", "spam"), List.copyOf(thresholds.keySet()));
    assertEquals(0.5001, thresholds.get("toxic"), 1e-9);
    assertEquals(0.4001, thresholds.get("spam"), 1e-9);
    assertEquals(0.2, falseFlags(scores, actual, thresholds), 1e-9);

    Map<String, Double> none = ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 0.0);
    assertEquals(0.0, falseFlags(scores, actual, none), 1e-9);
    assertEquals(0.5001, none.get("toxic"), 1e-9);
  }

  @Test
  void aTextTwoLabelsFlagCountsOnceAgainstTheBudget() {
    // Four legitimate texts, the first high on both labels: the budget of one text lets each label
    // flag it, and so reach its one text (0.3), which scores below that legitimate text.
    int[] actual = {0, 0, 0, 0, 1, 2};
    float[][] scores = {{0.1f, 0.45f, 0.45f}, {0.8f, 0.1f, 0.1f}, {0.7f, 0.2f, 0.1f}, {0.7f, 0.1f, 0.2f},
        {0.6f, 0.3f, 0.1f}, {0.6f, 0.1f, 0.3f}};
    Map<String, Double> thresholds = ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 0.25);
    assertEquals(0.2001, thresholds.get("toxic"), 1e-4);
    assertEquals(0.2001, thresholds.get("spam"), 1e-4);
    assertEquals(0.25, falseFlags(scores, actual, thresholds), 1e-9);
  }

  @Test
  void theBudgetGoesWhereItBuysMostRecallAndIsNotSpentWhereItBuysNone() {
    // Ten legitimate texts; spam's two texts sit just under two legitimate spam scores, toxic's one
    // text under eight legitimate toxic scores: spending two texts of the budget on spam finds both,
    // spending them on toxic would find nothing.
    int[] actual = new int[13];
    float[][] scores = new float[13][];
    for (int i = 0; i < 10; i++) {
      float toxic = 0.3f + 0.02f * i;
      float spam = i < 2 ? 0.5f : 0.1f;
      scores[i] = new float[] {1 - toxic - spam, toxic, spam};
    }
    scores[10] = new float[] {0.7f, 0.29f, 0.01f};
    scores[11] = new float[] {0.55f, 0.0f, 0.45f};
    scores[12] = new float[] {0.55f, 0.0f, 0.45f};
    actual[10] = 1;
    actual[11] = 2;
    actual[12] = 2;
    Map<String, Double> thresholds = ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 0.2);
    assertEquals(0.1001, thresholds.get("spam"), 1e-4, "spam's threshold drops below its texts' 0.45: " + thresholds);
    assertTrue(thresholds.get("toxic") > 0.48, "toxic keeps a threshold above every legitimate score: " + thresholds);
    assertEquals(0.2, falseFlags(scores, actual, thresholds), 1e-9);
  }

  @Test
  void aLabelsOwnRateKeepsTheBudgetForTheOtherLabels() {
    // Ten legitimate texts and a budget of one. Letting spam flag its one high legitimate text (0.5)
    // finds both spam texts (0.45); letting toxic flag its one (0.42) finds one of two toxic texts.
    int[] actual = new int[14];
    float[][] scores = new float[14][];
    for (int i = 0; i < 10; i++) {
      float toxic = i == 0 ? 0.42f : 0.2f;
      float spam = i == 1 ? 0.5f : 0.1f;
      scores[i] = new float[] {1 - toxic - spam, toxic, spam};
    }
    scores[10] = new float[] {0.5f, 0.4f, 0.1f};
    scores[11] = new float[] {0.8f, 0.1f, 0.1f};
    scores[12] = new float[] {0.45f, 0.1f, 0.45f};
    scores[13] = new float[] {0.45f, 0.1f, 0.45f};
    actual[10] = 1;
    actual[11] = 1;
    actual[12] = 2;
    actual[13] = 2;

    Map<String, Double> shared = ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 0.1);
    assertEquals(0.1001, shared.get("spam"), 1e-4, "spam buys more recall per text and takes the budget: " + shared);
    assertEquals(0.4201, shared.get("toxic"), 1e-4, shared.toString());

    Map<String, Double> spamHeld = ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 0.1, Map.of("spam", 0.0));
    assertEquals(0.5001, spamHeld.get("spam"), 1e-4, "spam may flag no legitimate text: " + spamHeld);
    assertEquals(0.2001, spamHeld.get("toxic"), 1e-4, "toxic gets the budget: " + spamHeld);
    assertEquals(0.1, falseFlags(scores, actual, spamHeld), 1e-9);
  }

  @Test
  void aRateForALabelTheHeadDoesNotHaveIsRefused() {
    int[] actual = new int[14];
    float[][] scores = scores(actual);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 0.2, Map.of("threat", 0.1)));
    assertTrue(e.getMessage().contains("'threat'"), e.getMessage());
  }

  @Test
  void aBudgetOutsideZeroToOneOrWithoutLegitimateTextsIsRefused() {
    int[] actual = new int[14];
    float[][] scores = scores(actual);
    assertThrows(IllegalArgumentException.class, () -> ThresholdCurve.forFalseFlagBudget(LABELS, actual, scores, 0, 1.0));
    int[] noLegitimate = {1, 2};
    assertThrows(IllegalArgumentException.class, () -> ThresholdCurve.forFalseFlagBudget(LABELS, noLegitimate,
        new float[][] {{0.1f, 0.8f, 0.1f}, {0.1f, 0.1f, 0.8f}}, 0, 0.05));
  }

  private static double falseFlags(float[][] scores, int[] actual, Map<String, Double> thresholds) {
    int legitimate = 0;
    int flagged = 0;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] == 0) {
        legitimate++;
        boolean any = scores[i][1] >= thresholds.get("toxic") || scores[i][2] >= thresholds.get("spam");
        flagged += any ? 1 : 0;
      }
    }
    return (double) flagged / legitimate;
  }
}
