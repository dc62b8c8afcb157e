package io.textenrich.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one classifier says about one text.
 *
 * @param model the classifier's name (a model directory's name, or a head's name)
 * @param version {@code sha256:} and the first 12 hex digits of the file that holds its weights
 * @param scores every label's probability, in the classifier's label order
 * @param labels the chosen labels, highest score first: one (or none) for a single-label
 *     classifier, any number for a multi-label one
 */
public record Classification(String model, String version, Map<String, Float> scores, List<String> labels) {

  /** A sigmoid label without its own threshold is chosen when its probability reaches this. */
  public static final double DEFAULT_MULTI_LABEL_THRESHOLD = 0.5;

  public Classification {
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    labels = List.copyOf(labels);
  }

  /** The best chosen label, or null when no label reached its threshold. */
  public String label() {
    return labels.isEmpty() ? null : labels.get(0);
  }

  /**
   * Chooses labels from probabilities by one rule for both kinds of classifier: labels are ranked by
   * probability and a label passes when its probability reaches its threshold. A single-label
   * classifier takes the best passing label, where labels without a threshold always pass, so that
   * with no thresholds it is plain argmax and a threshold on, say, {@code toxic} makes the label
   * fall to the next best when toxic wins with low confidence. A multi-label classifier takes every
   * passing label, with {@value #DEFAULT_MULTI_LABEL_THRESHOLD} for labels without a threshold.
   */
  public static Classification choose(String model, String version, List<String> labelNames, float[] probabilities,
      boolean multiLabel, Map<String, Double> thresholds) {
    if (labelNames.size() != probabilities.length) {
      throw new IllegalArgumentException(model + " has " + labelNames.size() + " labels but gave "
          + probabilities.length + " scores");
    }
    Map<String, Float> scores = new LinkedHashMap<>();
    List<Integer> ranked = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      scores.put(labelNames.get(i), probabilities[i]);
      ranked.add(i);
    }
    // Stable sort: equal scores keep label order, so the choice is deterministic.
    ranked.sort(Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
    List<String> chosen = new ArrayList<>();
    for (int i : ranked) {
      String label = labelNames.get(i);
      Double threshold = thresholds.get(label);
      if (threshold == null && multiLabel) {
        threshold = DEFAULT_MULTI_LABEL_THRESHOLD;
      }
      if (threshold == null || probabilities[i] >= threshold) {
        chosen.add(label);
        if (!multiLabel) {
          break;
        }
      }
    }
    return new Classification(model, version, scores, chosen);
  }
}
