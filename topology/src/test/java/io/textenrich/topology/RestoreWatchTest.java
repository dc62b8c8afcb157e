package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreWatchTest {

  private static final TopicPartition CHANGELOG = new TopicPartition("app-encoder-buffer-changelog", 1);
  private static final long STALL_MS = RestoreWatch.STALLED_AFTER.toMillis();

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<String> alarms = new ArrayList<>();
  private final RestoreWatch watch = new RestoreWatch(now::get, "broker:9092", alarms::add);

  @Test
  void aRestoreThatReadsNothingForTwoMinutesIsReportedAndOneThatMovesIsNot() {
    assertEquals(Duration.ofMinutes(2), RestoreWatch.STALLED_AFTER, "docs/recovery.md says two minutes");
    watch.onRestoreStart(CHANGELOG, "encoder-buffer", 0, 5_000);
    now.addAndGet(STALL_MS - 1);
    watch.onBatchRestored(CHANGELOG, "encoder-buffer", 2_000, 2_000);
    now.addAndGet(STALL_MS - 1);
    assertEquals(List.of(), watch.check(), "it read a batch within the stall time");

    now.addAndGet(1);
    assertEquals(List.of(CHANGELOG), watch.check());
    assertEquals(List.of(CHANGELOG), watch.check(), "still stalled");
    assertEquals(1, alarms.size(), "one stall, one report: " + alarms);
    String alarm = alarms.get(0);
    assertTrue(alarm.contains("app-encoder-buffer-changelog-1") && alarm.contains("at offset 2000 of 5000")
        && alarm.contains("--bootstrap-server broker:9092 find-hanging --topic app-encoder-buffer-changelog --partition 1"),
        "names the partition, where it stands and the command that finds the transaction: " + alarm);

    watch.onBatchRestored(CHANGELOG, "encoder-buffer", 4_998, 2_998);
    assertEquals(List.of(), watch.check(), "it moves again");
    now.addAndGet(STALL_MS);
    assertEquals(List.of(CHANGELOG), watch.check());
    assertEquals(2, alarms.size(), "a new stall after it moved is reported again");
  }

  @Test
  void anEndedOrSuspendedRestoreIsNotWatched() {
    TopicPartition other = new TopicPartition("app-completion-buffer-changelog", 0);
    watch.onRestoreStart(CHANGELOG, "encoder-buffer", 0, 5_000);
    watch.onRestoreStart(other, "completion-buffer", 0, 10);
    watch.onRestoreEnd(CHANGELOG, "encoder-buffer", 5_000);
    watch.onRestoreSuspended(other, "completion-buffer", 3);
    now.addAndGet(10 * STALL_MS);
    assertEquals(List.of(), watch.check());
  }
}
