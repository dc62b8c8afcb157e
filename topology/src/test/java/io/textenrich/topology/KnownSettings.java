package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.topology.config.ServiceConfig;
import java.util.Collection;
import org.apache.kafka.streams.StreamsConfig;

/** Whether deployment files name settings that exist: the service's own as it declares them, Kafka Streams' as it does. */
final class KnownSettings {

  private KnownSettings() {}

  /** Each {@code enrich.*} key must be one of the service's settings, every other key one of Kafka Streams'. */
  static void assertKnown(Collection<String> keys, String where) {
    for (String key : keys) {
      boolean known = key.startsWith("enrich.") ? ServiceConfig.keys().contains(key)
          : StreamsConfig.configDef().names().contains(key);
      assertTrue(known, where + " sets " + key + ", which is not a known setting");
    }
  }
}
