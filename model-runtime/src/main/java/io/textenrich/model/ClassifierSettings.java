package io.textenrich.model;

import java.util.Map;

/**
 * What {@link SequenceClassifier} loads and how.
 *
 * @param directory a sequence-classification model in the Hugging Face / Optimum export layout
 * @param thresholds per-label probability thresholds (see {@link Classification#choose}); labels
 *     not named keep the default: argmax for single-label models, 0.5 for multi-label ones
 * @param maxLength overrides the model's token limit; 0 keeps it
 */
public record ClassifierSettings(String directory, Map<String, Double> thresholds, int maxLength, SessionSettings session) {

  public ClassifierSettings {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("classifier directory is required (model.onnx, tokenizer.json, config.json)");
    }
    thresholds = Map.copyOf(thresholds);
    thresholds.forEach((label, value) -> {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("threshold of label '" + label + "' must be a probability in [0, 1], got " + value);
      }
    });
    if (maxLength < 0) {
      throw new IllegalArgumentException("max length must be >= 0 (0 = the model's own limit), got " + maxLength);
    }
    if (session == null) {
      throw new IllegalArgumentException("session settings are required");
    }
  }

  public static ClassifierSettings of(String directory) {
    return new ClassifierSettings(directory, Map.of(), 0, SessionSettings.defaults());
  }

  public ClassifierSettings withThresholds(Map<String, Double> value) {
    return new ClassifierSettings(directory, value, maxLength, session);
  }

  public ClassifierSettings withSession(SessionSettings value) {
    return new ClassifierSettings(directory, thresholds, maxLength, value);
  }
}
