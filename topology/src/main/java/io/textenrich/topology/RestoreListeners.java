package io.textenrich.topology;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/** Hands Kafka Streams' restore events to several listeners, since it takes only one. */
final class RestoreListeners implements StateRestoreListener {

  private final List<StateRestoreListener> listeners;

  RestoreListeners(StateRestoreListener... listeners) {
    this.listeners = List.of(listeners);
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    listeners.forEach(l -> l.onRestoreStart(partition, store, startingOffset, endingOffset));
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    listeners.forEach(l -> l.onBatchRestored(partition, store, batchEndOffset, numRestored));
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    listeners.forEach(l -> l.onRestoreEnd(partition, store, totalRestored));
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
    listeners.forEach(l -> l.onRestoreSuspended(partition, store, totalRestored));
  }
}
