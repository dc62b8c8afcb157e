package io.textenrich.model.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per label, what a threshold on its score does on labelled validation scores: the precision and
 * recall of "score reaches the threshold", and the share of legitimate texts it flags. Also chooses
 * the flagging labels' thresholds for a false-flag budget.
 */
public final class ThresholdCurve {

  /**
   * @param falseFlagRate share of the legitimate texts whose score for this label reaches the
   *     threshold; NaN without a legitimate label
   */
  public record Point(double threshold, double precision, double recall, double falseFlagRate) {}

  private ThresholdCurve() {}

  /**
   * Points at the given thresholds for every label.
   *
   * @param scores per text, the probability of each label
   * @param legitimate index of the label that must not be flagged, or -1 when there is none
   */
  public static Map<String, List<Point>> of(List<String> labels, int[] actual, float[][] scores, int legitimate, double[] thresholds) {
    Map<String, List<Point>> out = new LinkedHashMap<>();
    for (int k = 0; k < labels.size(); k++) {
      List<Point> points = new ArrayList<>();
      for (double t : thresholds) {
        points.add(point(k, actual, scores, legitimate, t));
      }
      out.put(labels.get(k), points);
    }
    return out;
  }

  static Point point(int label, int[] actual, float[][] scores, int legitimate, double threshold) {
    int reached = 0;
    int hits = 0;
    int support = 0;
    int legitimateTexts = 0;
    int legitimateReached = 0;
    for (int i = 0; i < actual.length; i++) {
      boolean reaches = scores[i][label] >= threshold;
      support += actual[i] == label ? 1 : 0;
      legitimateTexts += actual[i] == legitimate ? 1 : 0;
      if (reaches) {
        reached++;
        hits += actual[i] == label ? 1 : 0;
        legitimateReached += actual[i] == legitimate ? 1 : 0;
      }
    }
    return new Point(threshold, ratio(hits, reached), ratio(hits, support),
        legitimate < 0 ? Double.NaN : ratio(legitimateReached, legitimateTexts));
  }

  /**
   * Thresholds for every label but the legitimate one such that at most {@code maxFalseFlagRate} of
   * the legitimate texts have any such label's score at or above its threshold. Each label gets the
   * same share of the budget, the largest share for which the labels together stay within it (a
   * text flagged by two labels counts once). Thresholds are rounded up to four decimals, which can
   * only flag fewer texts.
   */
  public static Map<String, Double> forFalseFlagBudget(List<String> labels, int[] actual, float[][] scores, int legitimate,
      double maxFalseFlagRate) {
    if (!(maxFalseFlagRate >= 0 && maxFalseFlagRate < 1)) {
      throw new IllegalArgumentException("the false-flag budget must be in [0, 1), got " + maxFalseFlagRate);
    }
    List<float[]> legitimateScores = new ArrayList<>();
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] == legitimate) {
        legitimateScores.add(scores[i]);
      }
    }
    if (legitimateScores.isEmpty()) {
      throw new IllegalArgumentException("no validation text has the legitimate label '" + labels.get(legitimate)
          + "'; a false-flag rate needs some");
    }
    int n = legitimateScores.size();
    int budget = (int) Math.floor(maxFalseFlagRate * n + 1e-9);
    for (int perLabel = budget; perLabel >= 0; perLabel--) {
      Map<String, Double> thresholds = new LinkedHashMap<>();
      for (int k = 0; k < labels.size(); k++) {
        if (k != legitimate) {
          thresholds.put(labels.get(k), thresholdFlagging(legitimateScores, k, perLabel));
        }
      }
      if (flagged(legitimateScores, labels, thresholds) <= budget) {
        return thresholds;
      }
    }
    throw new IllegalStateException("thresholds that flag no legitimate text always exist");
  }

  /** The lowest four-decimal threshold at which at most {@code allowed} of the scores of label k reach it. */
  private static double thresholdFlagging(List<float[]> legitimateScores, int k, int allowed) {
    float[] sorted = new float[legitimateScores.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = legitimateScores.get(i)[k];
    }
    Arrays.sort(sorted);
    if (allowed >= sorted.length) {
      return 0;
    }
    // Scores at or below the (allowed+1)-th highest must stay under the threshold.
    double highestUnflagged = sorted[sorted.length - 1 - allowed];
    double threshold = Math.ceil(Math.nextUp(highestUnflagged) * 10_000) / 10_000;
    return Math.min(1, threshold);
  }

  private static int flagged(List<float[]> legitimateScores, List<String> labels, Map<String, Double> thresholds) {
    int flagged = 0;
    for (float[] s : legitimateScores) {
      boolean any = false;
      for (Map.Entry<String, Double> t : thresholds.entrySet()) {
        any |= s[labels.indexOf(t.getKey())] >= t.getValue();
      }
      flagged += any ? 1 : 0;
    }
    return flagged;
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
