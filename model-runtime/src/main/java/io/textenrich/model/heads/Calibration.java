package io.textenrich.model.heads;

import java.util.ArrayList;
import java.util.List;

/**
 * How far a head's probabilities can be taken at their word: texts are put in equal-width bins by
 * the probability of their top label (the confidence), and in each bin the mean confidence is set
 * against the share of texts whose top label is right. The expected calibration error is the mean
 * gap, weighted by the bins' sizes: 0 for a head whose "0.8" is right 80% of the time.
 *
 * @param bins every bin in order, empty ones included
 */
public record Calibration(List<Bin> bins, int total) {

  public static final int DEFAULT_BINS = 10;

  /**
   * One bin of confidences, {@code [from, to)} (the last one includes 1).
   *
   * @param meanConfidence mean top-label probability of its texts; NaN when empty
   * @param accuracy share of its texts whose top label is the true one; NaN when empty
   */
  public record Bin(double from, double to, int texts, double meanConfidence, double accuracy) {}

  public Calibration {
    bins = List.copyOf(bins);
  }

  /**
   * @param actual the true label index of each text
   * @param scores per text, the probability of each label
   */
  public static Calibration of(int[] actual, float[][] scores, int binCount) {
    if (actual.length != scores.length) {
      throw new IllegalArgumentException(actual.length + " true labels but " + scores.length + " score rows");
    }
    if (binCount < 1) {
      throw new IllegalArgumentException("need at least one bin, got " + binCount);
    }
    int[] texts = new int[binCount];
    double[] confidence = new double[binCount];
    int[] correct = new int[binCount];
    for (int i = 0; i < actual.length; i++) {
      int top = 0;
      for (int k = 1; k < scores[i].length; k++) {
        top = scores[i][k] > scores[i][top] ? k : top;
      }
      double p = scores[i][top];
      int bin = Math.min(binCount - 1, (int) Math.floor(p * binCount));
      texts[bin]++;
      confidence[bin] += p;
      correct[bin] += top == actual[i] ? 1 : 0;
    }
    List<Bin> bins = new ArrayList<>();
    for (int b = 0; b < binCount; b++) {
      bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, texts[b],
          texts[b] == 0 ? Double.NaN : confidence[b] / texts[b], texts[b] == 0 ? Double.NaN : (double) correct[b] / texts[b]));
    }
    return new Calibration(bins, actual.length);
  }

  /** The size-weighted mean of |accuracy - mean confidence| over the bins; 0 without texts. */
  public double expectedCalibrationError() {
    double sum = 0;
    for (Bin bin : bins) {
      if (bin.texts() > 0) {
        sum += bin.texts() * Math.abs(bin.accuracy() - bin.meanConfidence());
      }
    }
    return total == 0 ? 0 : sum / total;
  }
}
