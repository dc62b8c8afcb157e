package io.textenrich.topology.throughput;

import io.textenrich.topology.config.StateStoreKind;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The windowed, changelogged stores that keep throughput figures: one of 1-second windows kept for
 * an hour, one of 1-minute windows kept for a day. Keys are {@code stage|model}.
 */
public final class ThroughputStores {

  /** A window length and how long its windows are kept. */
  public record Resolution(String storeName, String label, Duration size, Duration retention) {}

  public static final Resolution SECONDS = new Resolution("throughput-1s", "1s", Duration.ofSeconds(1), Duration.ofHours(1));
  static final Resolution MINUTES = new Resolution("throughput-1m", "1m", Duration.ofMinutes(1), Duration.ofDays(1));
  static final List<Resolution> ALL = List.of(SECONDS, MINUTES);

  private ThroughputStores() {}

  /**
   * The resolution named by its label ({@code 1s}, {@code 1m}); the 1-second one when none is named.
   *
   * @throws IllegalArgumentException for any other label, listing the valid ones
   */
  public static Resolution resolution(String label) {
    if (label == null || label.isEmpty()) {
      return SECONDS;
    }
    return ALL.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "window=" + label + " is not kept; the windows are " + String.join(", ", ALL.stream().map(r -> r.label() + " (kept "
            + r.retention().toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ")").toList())));
  }

  /** The most windows of a resolution that can have data: its retention over its size. */
  public static long windowsKept(Resolution resolution) {
    return resolution.retention().dividedBy(resolution.size());
  }

  public static List<StoreBuilder<WindowStore<String, byte[]>>> builders(StateStoreKind kind) {
    return ALL.stream()
        .map(r -> Stores.windowStoreBuilder(kind.window(r.storeName(), r.retention(), r.size()), Serdes.String(), Serdes.ByteArray()))
        .toList();
  }

  public static String key(String stage, String model) {
    return stage + "|" + model;
  }

  /** Adds a delta to the current window of every resolution. */
  public static void record(ProcessorContext<?, ?> context, String key, ThroughputWindow delta, long nowMs) {
    for (Resolution r : ALL) {
      WindowStore<String, byte[]> store = context.getStateStore(r.storeName());
      long start = nowMs - nowMs % r.size().toMillis();
      byte[] existing = store.fetch(key, start);
      ThroughputWindow window = existing == null ? new ThroughputWindow() : ThroughputWindow.fromBytes(existing);
      window.merge(delta);
      store.put(key, window.toBytes(), start);
    }
  }
}
