package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationTest {

  private static final List<String> LABELS = List.of("ok", "toxic", "spam");

  private static Classification single(Map<String, Double> thresholds, float... p) {
    return Classification.choose("m", "v", LABELS, p, false, thresholds);
  }

  @Test
  void singleLabelWithoutThresholdsIsTheArgmax() {
    assertEquals(List.of("toxic"), single(Map.of(), 0.2f, 0.5f, 0.3f).labels());
    assertEquals("spam", single(Map.of(), 0.1f, 0.1f, 0.8f).label());
  }

  @Test
  void singleLabelBelowItsThresholdFallsToTheNextBestPassingLabel() {
    Map<String, Double> strict = Map.of("toxic", 0.6, "spam", 0.6);
    assertEquals("ok", single(strict, 0.35f, 0.45f, 0.2f).label());
    assertEquals("toxic", single(strict, 0.3f, 0.65f, 0.05f).label());
    assertNull(single(Map.of("ok", 0.9, "toxic", 0.9, "spam", 0.9), 0.3f, 0.4f, 0.3f).label());
  }

  @Test
  void equalScoresChooseTheEarlierLabel() {
    assertEquals("ok", single(Map.of(), 0.4f, 0.4f, 0.2f).label());
  }

  @Test
  void multiLabelTakesEveryLabelAtOrAboveItsThresholdBestFirst() {
    Classification c = Classification.choose("m", "v", LABELS, new float[] {0.5f, 0.9f, 0.2f}, true, Map.of("spam", 0.2));
    assertEquals(List.of("toxic", "ok", "spam"), c.labels());
    assertEquals(Map.of("ok", 0.5f, "toxic", 0.9f, "spam", 0.2f), c.scores());
    assertEquals(List.of(), Classification.choose("m", "v", LABELS, new float[] {0.1f, 0.2f, 0.3f}, true, Map.of()).labels());
  }

  @Test
  void aScoreCountThatDiffersFromTheLabelsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> single(Map.of(), 0.5f, 0.5f));
  }
}
