package io.textenrich.cli;

import io.textenrich.topology.config.ServiceConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The Kafka client settings of the commands that talk to a cluster, taken as {@code run} takes them: the service's
 * properties file with its environment overrides, then {@code -X key=value}, then {@code -b}.
 */
final class KafkaOptions {

  static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

  @Option(names = {"-b", "--bootstrap-server"}, paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers, over --config and -X (default: " + DEFAULT_BOOTSTRAP_SERVERS + ").")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The service's properties file, as for run: its Kafka client settings (bootstrap.servers, security.protocol,"
          + " sasl.*, ssl.*) are used, KAFKA_* environment variables over them.")
  Path config;

  @Option(names = "-X", paramLabel = "KEY=VALUE",
      description = "A Kafka client setting over --config, as kcat takes it (repeatable), e.g. -X security.protocol=SASL_SSL.")
  Map<String, String> overrides = new LinkedHashMap<>();

  /**
   * The settings for a client that knows {@code clientKeys}: of the file's non-{@code enrich.} settings those the
   * client knows, {@code role.}-prefixed ones (as Kafka Streams reads {@code producer.acks}) over them.
   *
   * @throws IllegalArgumentException for an {@code -X} key the client does not know, naming it
   */
  Map<String, Object> clientSettings(String role, Set<String> clientKeys) {
    Map<String, String> fromFile = config != null
        ? settingsOf(ConfigFile.load(config))
        : nonServiceSettings(ServiceConfig.fromEnvironment(System.getenv()));
    Map<String, Object> settings = new TreeMap<>();
    String prefix = role + ".";
    fromFile.forEach((key, value) -> {
      if (clientKeys.contains(key)) {
        settings.putIfAbsent(key, value);
      } else if (key.startsWith(prefix) && clientKeys.contains(key.substring(prefix.length()))) {
        settings.put(key.substring(prefix.length()), value);
      }
    });
    overrides.forEach((key, value) -> {
      if (!clientKeys.contains(key)) {
        throw new IllegalArgumentException("-X " + key + "=" + value + ": " + key + " is not a Kafka " + role + " client setting");
      }
      settings.put(key, value);
    });
    if (bootstrapServers != null) {
      settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    settings.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
    return settings;
  }

  private static Map<String, String> settingsOf(ServiceConfig service) {
    Map<String, String> settings = new TreeMap<>();
    service.streamsProperties().forEach((key, value) -> settings.put(key.toString(), value.toString()));
    return settings;
  }

  private static Map<String, String> nonServiceSettings(Map<String, String> values) {
    Map<String, String> settings = new TreeMap<>(values);
    settings.keySet().removeIf(key -> key.startsWith(ServiceConfig.PREFIX));
    return settings;
  }
}
