package io.textenrich.topology.config;

import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.EngineTuning;

/**
 * When the encoder stage submits a batch of its waiting events, and how the shared engine cuts
 * model calls.
 *
 * @param maxRecords submit when this many events wait
 * @param maxTokens submit when the waiting events hold this many tokens (after truncation)
 * @param maxDelayMs submit when the oldest waiting event has waited this long (wall clock)
 * @param targetP99Ms when > 0, adapt delay and size to keep the p99 in-service latency under it
 * @param groupByLength cut model calls from the engine's queue sorted by token length
 * @param queueCapacity most texts the shared engine admits; a batch that finds it full keeps waiting
 * @param engine what was configured of the engine's parallelism and call limits; the rest is auto
 */
public record BatchSettings(int maxRecords, int maxTokens, long maxDelayMs, long targetP99Ms, boolean groupByLength,
    int queueCapacity, EngineRequest engine) {

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

  static BatchSettings from(ServiceConfig config) {
    return new BatchSettings(config.getInt("enrich.batch.max.records"), config.getInt("enrich.batch.max.tokens"),
        config.getLong("enrich.batch.max.delay.ms"), config.getLong("enrich.batch.target.p99.ms"),
        config.getBoolean("enrich.batch.group.by.length"), config.getInt("enrich.engine.queue.capacity"),
        new EngineRequest(config.parsed("enrich.engine.parallelism"), config.parsed("enrich.engine.max.call.sequences"),
            config.parsed("enrich.engine.max.call.padded.tokens"), config.parsed("enrich.engine.max.call.padding.share")));
  }

  /** The device-aware choice for a model running on {@code device}, opened with {@code intraOpThreads}. */
  public EngineTuning tuning(String device, int intraOpThreads) {
    return EngineTuning.choose(device, Runtime.getRuntime().availableProcessors(), intraOpThreads, engine.parallelism(),
        engine.maxCallSequences(), engine.maxCallPaddedTokens(), engine.maxCallPaddingShare());
  }

  public EmbeddingEngine.Settings engineSettings(EngineTuning tuning) {
    return EmbeddingEngine.Settings.defaults().withMaxCallRecords(tuning.maxCallSequences())
        .withMaxCallPaddedTokens(tuning.maxCallPaddedTokens()).withMaxCallPaddingShare(tuning.maxCallPaddingShare())
        .withQueueCapacity(queueCapacity)
        .withGroupByLength(groupByLength).withParallelism(tuning.parallelism())
        .withMeasuredCallSize(tuning.measureCallSize());
  }

  /** How often the stages' punctuators run: submit due batches, collect finished work. */
  public long punctuationIntervalMs() {
    return Math.max(1, Math.min(maxDelayMs / 2, 10));
  }
}
