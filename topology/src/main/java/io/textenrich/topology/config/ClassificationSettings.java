package io.textenrich.topology.config;

import io.textenrich.model.heads.HeadSet;
import java.util.LinkedHashMap;
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

  static ClassificationSettings from(ServiceConfig config) {
    Map<String, Double> moderationThresholds = config.parsed("enrich.moderation.thresholds");
    return new ClassificationSettings(ServiceConfig.list(config.getString("enrich.heads")),
        ServiceConfig.list(config.getString("enrich.classifiers")), config.parsed("enrich.classifier.thresholds"),
        config.getString("enrich.moderation.topic"), config.getString("enrich.moderation.classifier"), moderationThresholds,
        config.parsed("enrich.heads.by.language"));
  }

  /** {@code language:encoder,...}, each encoder one with built-in heads. */
  static Map<String, String> parseLanguageEncoders(String value) {
    Map<String, String> encoders = new LinkedHashMap<>();
    for (String pair : ServiceConfig.list(value)) {
      String[] parts = pair.split(":", 2);
      String language = parts[0].trim();
      if (parts.length != 2 || !language.matches("[a-z]{2,3}") || !HeadSet.BUILTIN_ENCODERS.contains(parts[1].trim())) {
        throw new IllegalArgumentException("'" + pair + "' is not language:encoder with a lower-case language code such as zh"
            + " and an encoder with built-in heads (" + String.join(", ", HeadSet.BUILTIN_ENCODERS) + ")");
      }
      encoders.put(language, parts[1].trim());
    }
    return encoders;
  }

  /** {@code label=probability,...}, probabilities in [0, 1]. */
  static Map<String, Double> parseThresholds(String value) {
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (String pair : ServiceConfig.list(value)) {
      int eq = pair.indexOf('=');
      double p;
      try {
        p = eq > 0 ? Double.parseDouble(pair.substring(eq + 1).trim()) : Double.NaN;
      } catch (NumberFormatException e) {
        p = Double.NaN;
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("'" + pair + "' is not label=probability with a probability in [0, 1]");
      }
      thresholds.put(pair.substring(0, eq).trim(), p);
    }
    return thresholds;
  }

  public boolean moderationEnabled() {
    return !moderationTopic.isEmpty();
  }

  public boolean autoHeads() {
    return heads.equals(List.of("auto"));
  }

  public boolean noHeads() {
    return heads.isEmpty() || heads.equals(List.of("none"));
  }
}
