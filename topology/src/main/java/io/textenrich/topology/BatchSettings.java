package io.textenrich.topology;

import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.EngineTuning;

/**
 * When the batching processor flushes its buffer, and how the shared engine cuts model calls.
 *
 * @param maxRecords flush when this many events are buffered
 * @param maxTokens flush when the buffered events hold this many tokens (after truncation)
 * @param maxDelayMs flush when the oldest buffered event has waited this long (wall clock)
 * @param targetP99Ms when > 0, adapt delay and size to keep the p99 in-service latency under it
 * @param flushTimeoutMs the longest a flush may wait for the model; must stay under max.poll.interval.ms
 * @param groupByLength cut model calls from the engine's queue sorted by token length
 * @param queueCapacity most texts the shared engine admits before callers wait
 * @param engine what was configured of the engine's parallelism and call limits; the rest is auto
 */
public record BatchSettings(int maxRecords, int maxTokens, long maxDelayMs, long targetP99Ms, long flushTimeoutMs,
    boolean groupByLength, int queueCapacity, EngineRequest engine) {

  /**
   * The engine settings as configured: each null is {@code auto}, decided by {@link EngineTuning}.
   *
   * @param parallelism model calls the shared engine runs at the same time
   * @param maxCallSequences most texts in one model call
   * @param maxCallPaddedTokens most padded tokens (texts x longest) in one model call
   * @param maxCallPaddingShare the most padding a model call may carry as it grows (1 = no bound)
   */
  public record EngineRequest(Integer parallelism, Integer maxCallSequences, Integer maxCallPaddedTokens,
      Double maxCallPaddingShare) {

    public static final EngineRequest AUTO = new EngineRequest(null, null, null, null);
  }

  /** The device-aware choice for a model running on {@code device}, opened with {@code intraOpThreads}. */
  EngineTuning tuning(String device, int intraOpThreads) {
    return EngineTuning.choose(device, Runtime.getRuntime().availableProcessors(), intraOpThreads, engine.parallelism(),
        engine.maxCallSequences(), engine.maxCallPaddedTokens(), engine.maxCallPaddingShare());
  }

  EmbeddingEngine.Settings engineSettings(EngineTuning tuning) {
    return EmbeddingEngine.Settings.defaults().withMaxCallRecords(tuning.maxCallSequences())
        .withMaxCallPaddedTokens(tuning.maxCallPaddedTokens()).withMaxCallPaddingShare(tuning.maxCallPaddingShare())
        .withQueueCapacity(queueCapacity)
        .withGroupByLength(groupByLength).withParallelism(tuning.parallelism());
  }

  /** How often the punctuator checks the oldest buffered event's age. */
  long punctuationIntervalMs() {
    return Math.max(1, Math.min(maxDelayMs / 2, 10));
  }
}
