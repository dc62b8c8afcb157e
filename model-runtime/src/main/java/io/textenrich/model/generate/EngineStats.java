package io.textenrich.model.generate;

/**
 * What a {@link GenerationEngine} has done since it started.
 *
 * @param decodeSteps batched passes of one token per sequence
 * @param decodedRows sequences summed over all decode steps
 * @param prefills prompts read in full (prefilled)
 * @param joinedRunning sequences that joined a batch which was already decoding
 * @param cacheGathers times the batch cache was rebuilt because sequences joined or left
 * @param largestBatch the most sequences decoded in one step
 * @param tokens tokens generated
 * @param completed requests completed normally
 * @param failed requests failed (model errors, close) or cancelled by their caller
 * @param prefillChunks passes over a part of a prompt (a prompt longer than the chunk takes several)
 * @param schedulerRestarts scheduler threads that died (an Error) and were replaced
 */
public record EngineStats(long decodeSteps, long decodedRows, long prefills, long joinedRunning, long cacheGathers,
    int largestBatch, long tokens, long completed, long failed, long prefillChunks, long schedulerRestarts) {

  /** Sequences per decode step, on average. */
  public double meanBatch() {
    return decodeSteps == 0 ? 0 : (double) decodedRows / decodeSteps;
  }
}
