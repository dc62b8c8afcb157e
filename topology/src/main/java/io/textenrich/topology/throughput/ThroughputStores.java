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

  /** The resolution named {@code 1m}, else the 1-second one. */
  public static Resolution resolution(String label) {
    return MINUTES.label().equals(label) ? MINUTES : SECONDS;
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
