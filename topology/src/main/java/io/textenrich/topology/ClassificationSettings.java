package io.textenrich.topology;

import java.util.List;
import java.util.Map;

/**
 * Which labels the service adds and which events it routes to moderation.
 *
 * @param heads {@code auto} (the built-in heads of a built-in encoder), {@code none}, or head names
 *     and files that run on the encoder's vectors
 * @param classifiers Hugging Face classifier directories, each a second encoder pass
 * @param classifierThresholds per-label thresholds for those classifiers
 * @param moderationTopic where flagged events also go; empty turns routing off
 * @param moderationClassifier the head or classifier whose scores decide
 * @param moderationThresholds labels that flag an event when their score reaches the threshold; empty: the
 *     thresholds the moderation head ships with
 * @param headsByLanguage with {@code auto} heads: language to the built-in encoder whose built-in
 *     heads label events in that language, on a second pass of that encoder
 */
public record ClassificationSettings(List<String> heads, List<String> classifiers, Map<String, Double> classifierThresholds,
    String moderationTopic, String moderationClassifier, Map<String, Double> moderationThresholds,
    Map<String, String> headsByLanguage) {

  public boolean moderationEnabled() {
    return !moderationTopic.isEmpty();
  }

  boolean autoHeads() {
    return heads.equals(List.of("auto"));
  }

  boolean noHeads() {
    return heads.isEmpty() || heads.equals(List.of("none"));
  }
}
