package io.textenrich.topology.stage;

import io.textenrich.topology.config.BatchSettings;
import io.textenrich.topology.throughput.LatencySketch;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch size and delay every batching processor of this instance uses now. Without a latency
 * target they are the configured limits. With {@code batch.target.p99.ms}, they follow AIMD on the
 * measured p99 in-service latency: over the target, both shrink by 30%; comfortably under it (80%),
 * they grow by a step, never past the configured limits.
 */
public final class BatchLimits {

  private static final Logger LOG = LoggerFactory.getLogger(BatchLimits.class);
  static final long ADJUST_INTERVAL_MS = 1000;
  static final int MIN_SAMPLES = 20;
  private static final double DECREASE = 0.7;
  private static final int RECORDS_STEP = 4;
  private static final long DELAY_STEP_MS = 5;

  private final BatchSettings settings;
  private final LongSupplier clockMs;
  private int maxRecords;
  private long maxDelayMs;
  private LatencySketch window = new LatencySketch();
  private long windowStart;
  private double lastP99 = Double.NaN;

  public BatchLimits(BatchSettings settings, LongSupplier clockMs) {
    this.settings = settings;
    this.clockMs = clockMs;
    this.maxRecords = settings.maxRecords();
    this.maxDelayMs = settings.maxDelayMs();
    this.windowStart = clockMs.getAsLong();
  }

  public synchronized int maxRecords() {
     return maxRecords;
  }

  public synchronized long maxDelayMs() {
     return maxDelayMs;
  }

  public int maxTokens() {
    return settings.maxTokens();
  }

  public boolean adaptive() {
    return settings.targetP99Ms() > 0;
  }

  /** Records the in-service latency of one event and adapts the limits once per interval. */
  public synchronized void observeLatency(long latencyMs) {
    if (!adaptive()) {
      return;
    }
    window.add(latencyMs);
    long now = clockMs.getAsLong();
    if (now - windowStart < ADJUST_INTERVAL_MS || window.count() < MIN_SAMPLES) {
      return;
    }
    lastP99 = window.quantile(0.99);
    long target = settings.targetP99Ms();
    int oldRecords = maxRecords;
    long oldDelay = maxDelayMs;
    if (lastP99 > target) {
       maxRecords = Math.max(1, (int) (maxRecords * DECREASE));
       maxDelayMs = Math.max(1, (long) (maxDelayMs * DECREASE));
    } else if (lastP99 < 0.8 * target) {
       maxRecords = Math.min(settings.maxRecords(), maxRecords + RECORDS_STEP);
       maxDelayMs = Math.min(settings.maxDelayMs(), maxDelayMs + DELAY_STEP_MS);
    }
    if (oldRecords != maxRecords || oldDelay != maxDelayMs) {
      LOG.info("Latency p99 {} ms vs target {} ms: batch limits now {} records / {} ms (were {} / {})",
          Math.round(lastP99), target, maxRecords, maxDelayMs, oldRecords, oldDelay);
    }
    window = new LatencySketch();
    windowStart = now;
  }

  /** The p99 latency of the last adaptation window, NaN before the first one. */
  public synchronized double lastP99Ms() {
    return lastP99;
  }
}
