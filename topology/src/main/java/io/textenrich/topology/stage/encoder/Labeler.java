package io.textenrich.topology.stage.encoder;

import io.textenrich.model.Classification;
import io.textenrich.schemas.TextEvent;
import java.util.List;
import java.util.Map;

/** The encoder stage's second step: labels from the vectors and texts, and the moderation flags they raise. */
public interface Labeler {

  /** Labels of every event by head or classifier name; throws when a model fails on the batch. */
  List<Map<String, Classification>> classify(List<TextEvent> events, List<float[]> vectors, String encoderModel,
      String encoderVersion);

  /** The moderation labels whose score reached their threshold. */
  List<String> flags(Map<String, Classification> labels);

  /** Whether any head or classifier is configured. */
  boolean active();

  /** The heads and classifiers, for the throughput figures. */
  String modelNames();
}
