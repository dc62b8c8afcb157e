package io.textenrich.model.heads;

import java.util.List;

/**
 * A confusion matrix and the figures read from it: accuracy, and per label precision, recall, F1
 * and support. A prediction of {@link #NO_LABEL} (no label reached its threshold) counts against
 * the recall of the true label and against no label's precision.
 */
public final class Evaluation {

  public static final int NO_LABEL = -1;

  private final List<String> labels;
  private final int[][] counts;
  private final int[] unlabelled;
  private final int total;

  private Evaluation(List<String> labels, int[][] counts, int[] unlabelled, int total) {
    this.labels = labels;
    this.counts = counts;
    this.unlabelled = unlabelled;
    this.total = total;
  }

  /** {@code actual[i]} and {@code predicted[i]} are label indices; a prediction may be {@link #NO_LABEL}. */
  public static Evaluation of(List<String> labels, int[] actual, int[] predicted) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(actual.length + " true labels but " + predicted.length + " predictions");
    }
    int[][] counts = new int[labels.size()][labels.size()];
    int[] unlabelled = new int[labels.size()];
    for (int i = 0; i < actual.length; i++) {
      if (predicted[i] == NO_LABEL) {
        unlabelled[actual[i]]++;
      } else {
        counts[actual[i]][predicted[i]]++;
      }
    }
    return new Evaluation(List.copyOf(labels), counts, unlabelled, actual.length);
  }

  public List<String> labels() {
    return labels;
  }

  public int total() {
    return total;
  }

  /** How often label {@code actual} was predicted as {@code predicted}. */
  public int count(String actual, String predicted) {
    return counts[index(actual)][index(predicted)];
  }

  public double accuracy() {
    int correct = 0;
    for (int k = 0; k < counts.length; k++) {
      correct += counts[k][k];
    }
    return ratio(correct, total);
  }

  /** Of the texts predicted as this label, the share that has it; 0 when it was never predicted. */
  public double precision(String label) {
    int k = index(label);
    int predicted = 0;
    for (int[] row : counts) {
      predicted += row[k];
    }
    return ratio(counts[k][k], predicted);
  }

  /** Of the texts that have this label, the share predicted as it. */
  public double recall(String label) {
    int k = index(label);
    return ratio(counts[k][k], support(label));
  }

  public double f1(String label) {
    double p = precision(label);
    double r = recall(label);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /**
   * Of the texts that truly have the legitimate label, the share predicted as any other label: what
   * a moderation topic fed by every other label would wrongly receive.
   */
  public double falseFlagRate(String legitimate) {
    int k = index(legitimate);
    int flagged = 0;
    for (int predicted = 0; predicted < counts[k].length; predicted++) {
      flagged += predicted == k ? 0 : counts[k][predicted];
    }
    return ratio(flagged, support(legitimate));
  }

  /** Texts that truly have this label. */
  public int support(String label) {
    int k = index(label);
    int sum = unlabelled[k];
    for (int c : counts[k]) {
      sum += c;
    }
    return sum;
  }

  /** Unweighted mean of the per-label F1 scores, so that a small label weighs as much as a large one. */
  public double macroF1() {
    return labels.stream().mapToDouble(this::f1).average().orElse(0);
  }

  private int index(String label) {
    int k = labels.indexOf(label);
    if (k < 0) {
      throw new IllegalArgumentException("no label '" + label + "' among " + labels);
    }
    return k;
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
