package io.textenrich.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says so when the restore of a changelog partition stops short of its end. Kafka Streams restores
 * under exactly-once up to the partition's log end and waits out open transactions on the way; a
 * transaction that its coordinator no longer knows (a hanging transaction) is never committed or
 * aborted, so the restore waits for ever, the service stays out of RUNNING and nothing in Kafka
 * Streams' log says why. A live producer's transaction ends within {@code transaction.timeout.ms}
 * (10 s under exactly-once), so a restore that has read nothing for {@link #STALLED_AFTER} has
 * either lost the broker or met such a transaction: one ERROR line per stalled partition names both
 * and the commands that find and end a hanging transaction; a line follows when it moves again.
 */
final class RestoreWatch implements StateRestoreListener {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreWatch.class);
  static final Duration STALLED_AFTER = Duration.ofMinutes(2);

  /** A partition's restore: where it stands, since when, and whether its stall was reported. */
  private record Progress(String store, long position, long end, long sinceMs, boolean reported) {}

  private final Map<TopicPartition, Progress> restoring = new ConcurrentHashMap<>();
  private final LongSupplier clockMs;
  private final String bootstrapServers;
  private final Consumer<String> alarm;

  RestoreWatch(LongSupplier clockMs, String bootstrapServers) {
    this(clockMs, bootstrapServers, LOG::error);
  }

  /** @param alarm takes the line that reports a stall (the ERROR log in the service) */
  RestoreWatch(LongSupplier clockMs, String bootstrapServers, Consumer<String> alarm) {
    this.clockMs = clockMs;
    this.bootstrapServers = bootstrapServers;
    this.alarm = alarm;
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    restoring.put(partition, new Progress(store, startingOffset, endingOffset, clockMs.getAsLong(), false));
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    Progress before = restoring.get(partition);
    if (before == null) {
      return;
    }
    if (before.reported()) {
      LOG.info("The restore of {} ({}) moves again: at offset {} of {}", partition, before.store(), batchEndOffset,
          before.end());
    }
    restoring.put(partition, new Progress(before.store(), batchEndOffset, before.end(), clockMs.getAsLong(), false));
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    restoring.remove(partition);
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
    restoring.remove(partition);
  }

  /**
   * Reports each restore that has read nothing for {@link #STALLED_AFTER}, once per stall.
   *
   * @return the partitions whose restore is stalled now
   */
  List<TopicPartition> check() {
    long now = clockMs.getAsLong();
    List<TopicPartition> stalled = new ArrayList<>();
    restoring.forEach((partition, progress) -> {
      long idleMs = now - progress.sinceMs();
      if (idleMs < STALLED_AFTER.toMillis()) {
        return;
      }
      stalled.add(partition);
      if (!progress.reported() && restoring.replace(partition, progress, new Progress(progress.store(),
          progress.position(), progress.end(), progress.sinceMs(), true))) {
        alarm.accept(String.format(Locale.ROOT, "The restore of %s (%s) has read nothing for %d s, at offset %d of %d: the"
                + " service cannot run until it ends. Either the broker does not answer, or a transaction hangs on that"
                + " partition (open, while its coordinator knows no such transaction). Find it with: kafka-transactions.sh"
                + " --bootstrap-server %s find-hanging --topic %s --partition %d; abort it, after checking that its records"
                + " may be dropped, with: kafka-transactions.sh --bootstrap-server %s abort --topic %s --partition %d"
                + " --start-offset <the start offset that find-hanging printed>",
            partition, progress.store(), idleMs / 1000, progress.position(), progress.end(), bootstrapServers,
            partition.topic(), partition.partition(), bootstrapServers, partition.topic(), partition.partition()));
      }
    });
    return stalled;
  }
}
