package io.textenrich.model.heads;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a head was trained, saved with it so that anyone can tell what data and settings made it and
 * how well it did in cross-validation on its training data (its validation figures; figures on
 * held-out evaluation data come from {@link Head#evaluate}).
 *
 * @param data the training files' names
 * @param dataSha256 SHA-256 of the examples (text, label, language; not the file's formatting)
 * @param examplesPerLabel training examples of each label
 * @param l2 the penalty the head was fitted with, chosen among {@code l2Candidates}
 * @param l2Candidates the penalties cross-validation chose from; just {@code l2} when there was no choice
 * @param hiddenUnits units of the hidden layer; 0 for a linear head
 * @param hiddenUnitsCandidates the hidden-layer sizes cross-validation chose from (0: linear)
 * @param encoderBatchSize texts per encoder call when the training vectors were made
 * @param falseFlagBudget the budget the thresholds were chosen for; null when they were given or absent
 * @param cvAccuracyByLanguage cross-validated accuracy per language; empty when the data has none
 *     (figures are kept to four decimals, as saved)
 */
public record TrainingInfo(String data, String dataSha256, Map<String, Integer> examplesPerLabel, double l2,
    List<Double> l2Candidates, int hiddenUnits, List<Integer> hiddenUnitsCandidates, int encoderBatchSize, FalseFlagBudget falseFlagBudget, int folds, long seed, double cvAccuracy,
    double cvMacroF1, Map<String, Double> cvAccuracyByLanguage) {

  public TrainingInfo {
    // Insertion order is kept so that a saved head lists labels and languages the same way every time.
    examplesPerLabel = Collections.unmodifiableMap(new LinkedHashMap<>(examplesPerLabel));
    l2Candidates = List.copyOf(l2Candidates);
    hiddenUnitsCandidates = List.copyOf(hiddenUnitsCandidates);
    Map<String, Double> byLanguage = new LinkedHashMap<>();
    cvAccuracyByLanguage.forEach((lang, value) -> byLanguage.put(lang, round(value)));
    cvAccuracyByLanguage = Collections.unmodifiableMap(byLanguage);
    cvAccuracy = round(cvAccuracy);
    cvMacroF1 = round(cvMacroF1);
  }

  public int examples() {
    return examplesPerLabel.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
