package io.textenrich.topology;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the time from the JVM's start to the first enriched event went, logged once in one line that an operator
 * (and the crash drill) can read: JVM start, model load (the models and the stages built), standby (waiting for
 * another process on the same state directory to end), Kafka Streams' set-up, group join, restore, first output, and
 * the changelog records the restore read.
 */
final class StartupTimeline implements StateRestoreListener {

  private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

  private final long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
  private final long serviceStartMs = System.currentTimeMillis();
  private volatile long stagesBuiltMs = -1;
  private volatile long activeMs = -1;
  private volatile long streamsStartMs = -1;
  private volatile long restoreStartMs = -1;
  private volatile long runningMs = -1;
  private final AtomicLong restoredRecords = new AtomicLong();

  /** The models are loaded and the stages built; a standby waits from here for its turn. */
  void stagesBuilt() {
    stagesBuiltMs = System.currentTimeMillis();
  }

  /** This process holds the state directory: no other process is active on it. */
  void active() {
    activeMs = System.currentTimeMillis();
  }

  /** Kafka Streams is built: it starts now. */
  void streamsStarting() {
    streamsStartMs = System.currentTimeMillis();
  }

  /** Kafka Streams reached RUNNING: it has its partitions and its stores are restored. */
  void running() {
    if (runningMs < 0) {
      runningMs = System.currentTimeMillis();
    }
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    if (restoreStartMs < 0 && runningMs < 0) {
      restoreStartMs = System.currentTimeMillis();
    }
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    if (runningMs < 0) {
      restoredRecords.addAndGet(totalRestored);
    }
  }

  /** The first enriched event is out: logs the timeline. */
  void firstOutput() {
    long now = System.currentTimeMillis();
    long running = runningMs < 0 ? now : runningMs;
    long joined = restoreStartMs < 0 ? running : restoreStartMs;
    long active = Math.max(activeMs, stagesBuiltMs);
    LOG.info("First enriched event {} ms after the JVM started: jvm_start_ms={} model_load_ms={} standby_ms={}"
            + " streams_setup_ms={} group_join_ms={} restore_ms={} first_output_ms={} jvm_started_at_epoch_ms={}"
            + " active_at_epoch_ms={} restored_records={}", now - jvmStartMs, serviceStartMs - jvmStartMs,
        stagesBuiltMs - serviceStartMs, active - stagesBuiltMs, streamsStartMs - active, joined - streamsStartMs,
        running - joined, now - running, jvmStartMs, active, restoredRecords.get());
  }
}
