package io.textenrich.topology.stage.encoder;

import io.textenrich.model.Classification;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.PreparedText;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.stage.Backend;
import java.util.List;
import java.util.Map;

/**
 * The encoder stage's backend: vectors, labels and moderation flags for a batch of events, and
 * what the stage asks of it besides: each event's token ids as it arrives (they bound batches),
 * and the names its records carry. {@link EncoderStage} runs the models.
 */
public interface EncoderBackend extends Backend<EncoderBackend.Input, EncoderBackend.Encoded> {

  String EMBEDDING_FAILED = "embedding-failed";
  String CLASSIFICATION_FAILED = "classification-failed";

  /** One event of a batch: its decoded input and its token ids. */
  record Input(TextEvent event, PreparedText text) {}

  /**
   * What the stage made of one event: its vector, labels and flags, or the reason it failed.
   *
   * @param labelNanos the label call this event was in, its duration; 0 without labels
   * @param labelCallSize events in that label call
   * @param labelQueueNanos from the vector's arrival to the start of its label call
   */
  record Encoded(EmbeddingEngine.Embedded embedded, Map<String, Classification> labels, List<String> flags,
      long labelNanos, int labelCallSize, long labelQueueNanos, String failureReason, String failureMessage) {

    public static Encoded failed(String reason, String message) {
      return new Encoded(null, Map.of(), List.of(), 0, 0, 0, reason, message);
    }

    public boolean failed() {
      return failureReason != null;
    }
  }

  /** The event's token ids, made once on the stream thread when it arrives. */
  PreparedText prepare(String text);

  String modelName();

  String modelVersion();

  /** Whether the encoder cut this text, of {@code tokens} tokens after truncation, to its maximum length. */
  boolean truncated(String text, int tokens);

  /** The labelers' models, as the throughput figures name them. */
  String labelModels();
}
