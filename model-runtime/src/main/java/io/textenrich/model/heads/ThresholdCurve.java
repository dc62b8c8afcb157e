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
   * the legitimate texts have any such label's score at or above its threshold (a text flagged by
   * two labels counts once). The budget is shared out greedily: each step lets the label whose
   * recall gains most per legitimate text flagged flag that many more, until no label can gain
   * within the budget. Thresholds are rounded up to four decimals, which can only flag fewer texts.
   */
  public static Map<String, Double> forFalseFlagBudget(List<String> labels, int[] actual, float[][] scores, int legitimate,
      double maxFalseFlagRate) {
    return forFalseFlagBudget(labels, actual, scores, legitimate, maxFalseFlagRate, Map.of());
  }

  /**
   * As {@link #forFalseFlagBudget(List, int[], float[][], int, double)}, but each label named in
   * {@code labelMaxRates} flags at most that share of the legitimate texts by itself.
   */
  public static Map<String, Double> forFalseFlagBudget(List<String> labels, int[] actual, float[][] scores, int legitimate,
      double maxFalseFlagRate, Map<String, Double> labelMaxRates) {
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
    int budget = (int) Math.floor(maxFalseFlagRate * legitimateScores.size() + 1e-9);
    List<Integer> flagging = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      if (k != legitimate) {
        flagging.add(k);
      }
    }
    int[] cap = new int[labels.size()];
    for (int k = 0; k < labels.size(); k++) {
      Double labelRate = labelMaxRates.get(labels.get(k));
      cap[k] = labelRate == null ? budget : Math.min(budget, (int) Math.floor(labelRate * legitimateScores.size() + 1e-9));
    }
    labelMaxRates.keySet().stream().filter(l -> !labels.contains(l)).findFirst().ifPresent(l -> {
      throw new IllegalArgumentException("a false-flag rate is given for label '" + l + "', which is not among the labels "
          + labels);
    });
    int[] allowed = new int[labels.size()];
    while (true) {
      int bestLabel = -1;
      int bestExtra = 0;
      double bestGainPerText = 0;
      for (int k : flagging) {
        double recall = point(k, actual, scores, legitimate, thresholdFlagging(legitimateScores, k, allowed[k])).recall();
        for (int extra = 1; allowed[k] + extra <= cap[k]; extra++) {
          allowed[k] += extra;
          boolean within = flagged(legitimateScores, labels, thresholds(labels, flagging, legitimateScores, allowed)) <= budget;
          double gain = point(k, actual, scores, legitimate, thresholdFlagging(legitimateScores, k, allowed[k])).recall() - recall;
          allowed[k] -= extra;
          if (!within) {
            break;
          }
          if (gain > 0) {
            if (gain / extra > bestGainPerText) {
              bestLabel = k;
              bestExtra = extra;
              bestGainPerText = gain / extra;
            }
            break;
          }
        }
      }
      if (bestLabel < 0) {
        return thresholds(labels, flagging, legitimateScores, allowed);
      }
      allowed[bestLabel] += bestExtra;
    }
  }

  private static Map<String, Double> thresholds(List<String> labels, List<Integer> flagging, List<float[]> legitimateScores,
      int[] allowed) {
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (int k : flagging) {
      thresholds.put(labels.get(k), thresholdFlagging(legitimateScores, k, allowed[k]));
    }
    return thresholds;
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
