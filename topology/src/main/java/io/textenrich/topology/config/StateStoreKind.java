package io.textenrich.topology.config;

import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Where the service's state stores keep their local copy. Both kinds are changelogged, so both are
 * restored from Kafka after a crash or a rebalance; they differ in what a commit costs and in how
 * much must be read back on restore.
 *
 * <ul>
 *   <li>{@code memory} (default): the batching buffer only ever holds a few batches, and the
 *       throughput windows are small, so keeping them on the heap is cheap, and restoring them reads
 *       a short compacted changelog.
 *   <li>{@code rocksdb}: on local disk. Under exactly-once every commit flushes each RocksDB
 *       memtable to a new file, which at the default 100 ms commit interval costs more than the
 *       model on small batches; it pays off for large state or instances that restart in place.
 * </ul>
 */
public enum StateStoreKind {
  MEMORY,
  ROCKSDB;

  public static StateStoreKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("use memory or rocksdb");
    }
  }

  public KeyValueBytesStoreSupplier keyValue(String name) {
    return this == MEMORY ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
  }

  public WindowBytesStoreSupplier window(String name, Duration retention, Duration size) {
    return this == MEMORY
        ? Stores.inMemoryWindowStore(name, retention, size, false)
        : Stores.persistentWindowStore(name, retention, size, false);
  }
}
