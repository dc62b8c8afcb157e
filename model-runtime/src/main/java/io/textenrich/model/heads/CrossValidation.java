package io.textenrich.model.heads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Stratified k-fold cross-validation: every fold holds each label in about the same share as the
 * whole data, and a fixed seed gives the same folds on every run and every JVM
 * ({@link java.util.Random}'s sequence is specified).
 */
final class CrossValidation {

  private CrossValidation() {}

  /**
   * Fold of each example. Each label's examples are shuffled and dealt to folds in turn; the dealing
   * continues across labels, so fold sizes differ by at most one.
   */
  static int[] stratifiedFolds(int[] labels, int classes, int folds, long seed) {
    if (folds < 2 || folds > labels.length) {
      throw new IllegalArgumentException("folds must be between 2 and the number of examples (" + labels.length + "), got " + folds);
    }
    Random random = new Random(seed);
    int[] fold = new int[labels.length];
    int dealt = 0;
    for (int k = 0; k < classes; k++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == k) {
          members.add(i);
        }
      }
      Collections.shuffle(members, random);
      for (int i : members) {
        fold[i] = dealt++ % folds;
      }
    }
    return fold;
  }

  /**
   * Out-of-fold scores: each example is scored by a model trained on the other folds.
   *
   * @param fit trains on vectors and label indices
   * @param score the scores of one vector, such as each label's probability
   */
  static <M> float[][] scores(float[][] x, int[] y, int[] fold, int folds, BiFunction<float[][], int[], M> fit,
      BiFunction<M, float[], float[]> score) {
    float[][] scores = new float[x.length][];
    for (int held = 0; held < folds; held++) {
      List<float[]> trainX = new ArrayList<>();
      List<Integer> trainY = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        if (fold[i] != held) {
          trainX.add(x[i]);
          trainY.add(y[i]);
        }
      }
      M model = fit.apply(trainX.toArray(float[][]::new), trainY.stream().mapToInt(Integer::intValue).toArray());
      for (int i = 0; i < x.length; i++) {
        if (fold[i] == held) {
          scores[i] = score.apply(model, x[i]);
        }
      }
    }
    return scores;
  }
}
