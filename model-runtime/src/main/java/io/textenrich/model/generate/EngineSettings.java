package io.textenrich.model.generate;

import java.time.Duration;

/**
 * Limits of a {@link GenerationEngine}.
 *
 * @param maxSequences sequences that decode together; more requests wait in the queue. Memory for
 *     the key/value cache grows with it (layers x 2 x kvHeads x headDim x context x 4 bytes each).
 * @param maxQueued requests waiting beyond those; a submission over it is rejected at once
 * @param closeTimeout how long {@link GenerationEngine#close()} lets accepted requests finish
 *     before it fails the rest
 */
public record EngineSettings(int maxSequences, int maxQueued, Duration closeTimeout) {

  public EngineSettings {
    if (maxSequences < 1) {
      throw new IllegalArgumentException("max sequences must be >= 1, got " + maxSequences);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("max queued must be >= 0, got " + maxQueued);
    }
    if (closeTimeout == null || closeTimeout.isNegative()) {
      throw new IllegalArgumentException("close timeout must be >= 0");
    }
  }

  public static EngineSettings defaults() {
    return new EngineSettings(8, 256, Duration.ofSeconds(30));
  }

  public EngineSettings withMaxSequences(int value) {
    return new EngineSettings(value, maxQueued, closeTimeout);
  }

  public EngineSettings withMaxQueued(int value) {
    return new EngineSettings(maxSequences, value, closeTimeout);
  }

  public EngineSettings withCloseTimeout(Duration value) {
    return new EngineSettings(maxSequences, maxQueued, value);
  }
}
