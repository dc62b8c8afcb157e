package io.textenrich.topology.stage;

import io.textenrich.topology.config.StateStoreKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage's buffer store and the topic config of its changelog. Every buffered event is written
 * under a key of its own and deleted when it leaves, so the changelog holds one short-lived entry
 * and one tombstone per event, and a restore reads the whole log that compaction has not yet
 * cleaned. With Kafka's topic defaults that grows with the traffic: the active segment is never
 * compacted and rolls only at 1 GiB or after 7 days, and compacted tombstones stay a day. Here the
 * segment rolls after a minute, so compaction removes the entries of events that left, and the
 * tombstones stay minutes: a restore reads about the last minutes of buffer traffic, however long
 * the service has run.
 */
public final class BufferChangelog {

  private static final Logger LOG = LoggerFactory.getLogger(BufferChangelog.class);

  /**
   * {@code delete.retention.ms} is also how long a restore reading from the start may take without
   * missing a deletion (and enriching that event again); restores of these changelogs take seconds.
   */
  static final Map<String, String> TOPIC_CONFIG = Map.of(
      TopicConfig.SEGMENT_MS_CONFIG, "60000",
      TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024),
      TopicConfig.DELETE_RETENTION_MS_CONFIG, "300000");

  /** A broker that has just created or moved a topic may not describe it yet: such errors are tried again. */
  private static final int ATTEMPTS = 3;

  private BufferChangelog() {}

  /** The buffer store {@code name}: cached, changelogged with {@link #TOPIC_CONFIG}. */
  public static StoreBuilder<KeyValueStore<Long, byte[]>> store(String name, StateStoreKind kind) {
    return Stores.keyValueStoreBuilder(kind.keyValue(name), Serdes.Long(), Serdes.ByteArray())
        .withCachingEnabled()
        .withLoggingEnabled(TOPIC_CONFIG);
  }

  /** The changelog topic Kafka Streams names for {@code store} of {@code applicationId}. */
  public static String topic(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  /**
   * Kafka Streams sets a changelog's config only when it creates the topic: brings the buffer
   * changelogs an earlier version created to {@link #TOPIC_CONFIG}. One it may not alter is left
   * as it is, with a warning naming the fix; the service runs either way.
   *
   * @param topics the buffer changelogs that exist
   */
  public static void align(Admin admin, Collection<String> topics) throws InterruptedException {
    for (String topic : topics) {
      for (int attempt = 1; ; attempt++) {
        try {
          alignOne(admin, topic);
          break;
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          if (attempt < ATTEMPTS && (cause instanceof RetriableException || e instanceof TimeoutException)) {
            Thread.sleep(500L * attempt);
            continue;
          }
          LOG.warn("Buffer changelog {} keeps its topic config ({}): a restore after a crash reads its whole uncompacted"
              + " history. Fix: allow this service to alter the topic's config, or set it yourself: kafka-configs.sh"
              + " --bootstrap-server HOST:PORT --alter --entity-type topics --entity-name {} --add-config {}", topic,
              cause.getMessage(), topic, configArgument());
          break;
        }
      }
    }
  }

  private static void alignOne(Admin admin, String topic) throws ExecutionException, TimeoutException, InterruptedException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config current = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    List<AlterConfigOp> changes = new ArrayList<>();
    List<String> described = new ArrayList<>();
    TOPIC_CONFIG.forEach((key, wanted) -> {
      ConfigEntry entry = current.get(key);
      String was = entry == null ? null : entry.value();
      if (!wanted.equals(was)) {
        changes.add(new AlterConfigOp(new ConfigEntry(key, wanted), AlterConfigOp.OpType.SET));
        described.add(key + "=" + wanted + " (was " + was + ")");
      }
    });
    if (changes.isEmpty()) {
      return;
    }
    admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get(30, TimeUnit.SECONDS);
    LOG.info("Buffer changelog {}: set {}, so that a restore reads minutes of buffer traffic, not its whole history",
        topic, String.join(", ", described));
  }

  private static String configArgument() {
    List<String> pairs = new ArrayList<>();
    TOPIC_CONFIG.forEach((key, value) -> pairs.add(key + "=" + value));
    return String.join(",", pairs);
  }
}
