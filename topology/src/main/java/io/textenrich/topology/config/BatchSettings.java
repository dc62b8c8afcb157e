package io.textenrich.topology.config;

import io.textenrich.model.EmbeddingEngine;

/**
 * When the encoder stage submits a batch of its waiting events, and how the shared engine cuts model calls.
 *
 * @param maxRecords flush when this many events are buffered
 * @param maxTokens flush when the buffered events hold this many tokens (after truncation)
 * @param maxDelayMs flush when the oldest buffered event has waited this long (wall clock)
 * @param targetP99Ms when > 0, adapt delay and size to keep the p99 in-service latency under it
 * @param groupByLength group texts of similar token length into the same model call
 * @param maxPaddingShare with grouping, the most padding one model call may carry
 * @param queueCapacity most texts the shared engine admits before callers wait
 * @param engineParallelism model calls the shared engine runs at the same time
 */
public record BatchSettings(int maxRecords, int maxTokens, long maxDelayMs, long targetP99Ms,
    boolean groupByLength, double maxPaddingShare, int queueCapacity, int engineParallelism) {

  /** The shared engine's call limits follow the flush limits: a flush never waits for a second call for size alone. */
  public EmbeddingEngine.Settings engineSettings() {
    return new EmbeddingEngine.Settings(maxRecords, maxTokens, queueCapacity, groupByLength, maxPaddingShare, engineParallelism);
  }

  static BatchSettings from(EnrichConfig.Values values) {
    return new BatchSettings(values.integer("enrich.batch.max.records"), values.integer("enrich.batch.max.tokens"),
        values.longValue("enrich.batch.max.delay.ms"), values.longValue("enrich.batch.target.p99.ms"),
        values.bool("enrich.batch.group.by.length"), values.doubleValue("enrich.batch.max.padding.share"),
        values.integer("enrich.engine.queue.capacity"), values.integer("enrich.engine.parallelism"));
  }

  /** How often the punctuator checks the oldest buffered event's age. */
  public long punctuationIntervalMs() {
    return Math.max(1, Math.min(maxDelayMs / 2, 10));
  }
}
