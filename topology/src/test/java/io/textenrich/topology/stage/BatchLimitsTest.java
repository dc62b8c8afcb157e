package io.textenrich.topology.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.topology.config.BatchSettings;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchLimitsTest {

  private final AtomicLong clock = new AtomicLong(0);

  private static BatchSettings settings(long targetP99) {
    return new BatchSettings(64, 8192, 50, targetP99, true, 1024, BatchSettings.EngineRequest.AUTO);
  }

  private void second(BatchLimits limits, long latencyMs) {
    for (int i = 0; i < BatchLimits.MIN_SAMPLES; i++) {
      limits.observeLatency(latencyMs);
    }
    clock.addAndGet(BatchLimits.ADJUST_INTERVAL_MS);
    limits.observeLatency(latencyMs);
  }

  @Test
  void withoutATargetTheConfiguredLimitsHold() {
    BatchLimits limits = new BatchLimits(settings(0), clock::get);
    second(limits, 10_000);
    assertEquals(64, limits.maxRecords());
    assertEquals(50, limits.maxDelayMs());
  }

  @Test
  void overTheTargetBothLimitsShrinkMultiplicatively() {
    BatchLimits limits = new BatchLimits(settings(100), clock::get);
    second(limits, 300);
    assertEquals(44, limits.maxRecords());
    assertEquals(35, limits.maxDelayMs());
    assertTrue(Math.abs(limits.lastP99Ms() - 300) < 300 * 0.03, "p99 " + limits.lastP99Ms());
  }

  @Test
  void comfortablyUnderTheTargetTheyGrowBackAdditivelyButNotPastTheConfiguredLimits() {
    BatchLimits limits = new BatchLimits(settings(100), clock::get);
    second(limits, 300);
    second(limits, 300);
    int shrunk = limits.maxRecords();
    second(limits, 20);
    assertEquals(shrunk + 4, limits.maxRecords());
    for (int i = 0; i < 30; i++) {
      second(limits, 20);
    }
    assertEquals(64, limits.maxRecords());
    assertEquals(50, limits.maxDelayMs());
  }

  @Test
  void nearTheTargetNothingChangesAndFewSamplesAreIgnored() {
    BatchLimits limits = new BatchLimits(settings(100), clock::get);
    second(limits, 90);
    assertEquals(64, limits.maxRecords());
    clock.addAndGet(5000);
    limits.observeLatency(1000);
    assertEquals(64, limits.maxRecords(), "one sample is not enough to act on");
  }

  @Test
  void limitsNeverDropBelowOne() {
    BatchLimits limits = new BatchLimits(settings(1), clock::get);
    for (int i = 0; i < 40; i++) {
      second(limits, 1000);
    }
    assertEquals(1, limits.maxRecords());
    assertEquals(1, limits.maxDelayMs());
  }
}
