package io.textenrich.model.generate;

import java.time.Duration;

/**
 * Limits of a {@link GenerationEngine}.
 *
 * @param maxSequences the most sequences that decode together; more requests wait in the queue
 * @param maxCacheTokens the key/value cache budget in token slots: a waiting request joins only
 *     while (sequences + 1) x the longest one's prompt + max new tokens stays within it (the batch
 *     cache is padded to its longest row). One slot costs layers x 2 x kvHeads x headDim x 4 bytes;
 *     a single request always runs, even when it alone needs more
 * @param prefillChunkTokens the most prompt tokens prefilled between two decode steps: a long
 *     prompt is read in chunks, so running sequences keep their pace and a short prompt behind it
 *     gets its first token within a chunk or two
 * @param maxQueued requests waiting beyond those; a submission over it is rejected at once
 * @param closeTimeout how long {@link GenerationEngine#close()} lets accepted requests finish
 *     before it fails the rest
 */
public record EngineSettings(int maxSequences, int maxCacheTokens, int prefillChunkTokens, int maxQueued,
    Duration closeTimeout) {

  public EngineSettings {
    if (maxSequences < 1) {
      throw new IllegalArgumentException("max sequences must be >= 1, got " + maxSequences);
    }
    if (maxCacheTokens < 1 || prefillChunkTokens < 1) {
      throw new IllegalArgumentException("cache budget and prefill chunk must be >= 1 token, got " + maxCacheTokens + " and "
          + prefillChunkTokens);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("max queued must be >= 0, got " + maxQueued);
    }
    if (closeTimeout == null || closeTimeout.isNegative()) {
      throw new IllegalArgumentException("close timeout must be >= 0");
    }
  }

  public static EngineSettings defaults() {
    return new EngineSettings(8, 8192, 256, 256, Duration.ofSeconds(30));
  }

  public EngineSettings withMaxSequences(int value) {
    return new EngineSettings(value, maxCacheTokens, prefillChunkTokens, maxQueued, closeTimeout);
  }

  public EngineSettings withMaxCacheTokens(int value) {
    return new EngineSettings(maxSequences, value, prefillChunkTokens, maxQueued, closeTimeout);
  }

  public EngineSettings withPrefillChunkTokens(int value) {
    return new EngineSettings(maxSequences, maxCacheTokens, value, maxQueued, closeTimeout);
  }

  public EngineSettings withMaxQueued(int value) {
    return new EngineSettings(maxSequences, maxCacheTokens, prefillChunkTokens, value, closeTimeout);
  }

  public EngineSettings withCloseTimeout(Duration value) {
    return new EngineSettings(maxSequences, maxCacheTokens, prefillChunkTokens, maxQueued, value);
  }
}
