package io.textenrich.model;

import java.util.List;

/**
 * Embeddings of one model call, in input order.
 *
 * @param tokenCounts tokens per text after truncation, special tokens included
 * @param paddedLength the sequence length every text was padded to
 * @param inferenceNanos wall time of the model run and pooling, and of tokenization for texts not tokenized before
 */
public record EmbeddingBatch(List<float[]> vectors, int[] tokenCounts, int paddedLength, long inferenceNanos) {

  public int size() {
    return vectors.size();
  }

  public long inferenceMillis() {
    return inferenceNanos / 1_000_000L;
  }
}
