package io.textenrich.topology.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams and Kafka client settings the service passes through: which names exist (with
 * the prefixes Kafka Streams routes to one client), which values Kafka accepts, and which hold secrets.
 */
final class KafkaSettings {

  private static final ConfigDef STREAMS = StreamsConfig.configDef();
  private static final ConfigDef CONSUMER = ConsumerConfig.configDef();
  private static final ConfigDef PRODUCER = ProducerConfig.configDef();
  private static final ConfigDef ADMIN = AdminClientConfig.configDef();
  /** A prefix routes a setting to one client (or to the topics Kafka Streams creates), checked against its settings. */
  private static final Map<String, Set<String>> PREFIXES = prefixes();
  private static final Set<String> UNPREFIXED = unprefixedNames();
  /** Under these prefixes any name is allowed: rack tags and config providers are named by the user. */
  private static final List<String> OPEN_PREFIXES = List.of(StreamsConfig.CLIENT_TAG_PREFIX, "config.providers.");
  /** Parts of a name that say it holds a secret; {@code token} as a whole word only, so that {@code max.tokens} is shown. */
  private static final List<String> SECRET_PARTS = List.of("password", "secret", "credentials", "sasl.jaas.config", "ssl.key.",
      "user.info");

  private KafkaSettings() {}

  private static Map<String, Set<String>> prefixes() {
    Map<String, Set<String>> prefixes = new LinkedHashMap<>();
    prefixes.put(StreamsConfig.MAIN_CONSUMER_PREFIX, CONSUMER.names());
    prefixes.put(StreamsConfig.RESTORE_CONSUMER_PREFIX, CONSUMER.names());
    prefixes.put(StreamsConfig.GLOBAL_CONSUMER_PREFIX, CONSUMER.names());
    prefixes.put(StreamsConfig.CONSUMER_PREFIX, CONSUMER.names());
    prefixes.put(StreamsConfig.PRODUCER_PREFIX, PRODUCER.names());
    prefixes.put(StreamsConfig.ADMIN_CLIENT_PREFIX, ADMIN.names());
    prefixes.put(StreamsConfig.TOPIC_PREFIX, topicNames());
    return prefixes;
  }

  /** TopicConfig declares each topic-level setting as a {@code *_CONFIG} constant and offers no list of them. */
  private static Set<String> topicNames() {
    Set<String> names = new TreeSet<>();
    for (Field field : TopicConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && field.getName().endsWith("_CONFIG")) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  /** Every exact name Kafka Streams takes: its own, its clients', and each client's under its prefixes. */
  static Set<String> names() {
    Set<String> names = new TreeSet<>(UNPREFIXED);
    PREFIXES.forEach((prefix, clientNames) -> clientNames.forEach(name -> names.add(prefix + name)));
    return names;
  }

  private static Set<String> unprefixedNames() {
    Set<String> names = new TreeSet<>(STREAMS.names());
    names.addAll(CONSUMER.names());
    names.addAll(PRODUCER.names());
    names.addAll(ADMIN.names());
    return Set.copyOf(names);
  }

  static boolean isKnown(String key) {
    return UNPREFIXED.contains(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)
        || PREFIXES.entrySet().stream().anyMatch(p -> key.startsWith(p.getKey()) && p.getValue().contains(key.substring(p.getKey().length())));
  }

  /** Whether a value must not be shown: a password-typed setting of Kafka's, or one whose name says it holds a secret. */
  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (SECRET_PARTS.stream().anyMatch(lower::contains) || List.of(lower.split("\\.")).contains("token")) {
      return true;
    }
    String name = PREFIXES.keySet().stream().filter(lower::startsWith).findFirst().map(p -> lower.substring(p.length())).orElse(lower);
    return List.of(STREAMS, CONSUMER, PRODUCER, ADMIN).stream()
        .anyMatch(def -> def.configKeys().containsKey(name) && def.configKeys().get(name).type == ConfigDef.Type.PASSWORD);
  }

  /**
   * The values Kafka would reject, each key with the reason: every setting parsed and validated by
   * the declaration of the client or of Kafka Streams that reads it, and {@code bootstrap.servers} as
   * a list of host:port.
   */
  static Map<String, String> invalid(Map<String, String> settings) {
    Map<String, String> invalid = new LinkedHashMap<>();
    // A key Kafka Streams declares is its own to read (group.protocol=streams is Streams', not the consumer's).
    reasons(STREAMS, settings, "", invalid);
    Map<String, String> clientsOnly = new LinkedHashMap<>(settings);
    clientsOnly.keySet().removeAll(STREAMS.names());
    for (ConfigDef def : List.of(CONSUMER, PRODUCER, ADMIN)) {
      reasons(def, clientsOnly, "", invalid);
    }
    PREFIXES.forEach((prefix, names) -> {
      ConfigDef def = definitionFor(prefix);
      if (def != null) {
        reasons(def, settings, prefix, invalid);
      }
    });
    // Ours over Kafka's own reason (4.4 rejects an empty list too): it names the fix.
    bootstrapServers(settings.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).ifPresent(
        reason -> invalid.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, reason));
    return invalid;
  }

  /** What Kafka Streams rejects in settings that are each valid alone, as it would at start (without logging them). */
  static Optional<String> rejectedAsAWhole(Map<String, String> settings) {
    try {
      new StreamsConfig(settings, false) {};
      return Optional.empty();
    } catch (ConfigException e) {
      return Optional.of("Kafka Streams rejects the settings: " + e.getMessage());
    }
  }

  private static ConfigDef definitionFor(String prefix) {
    if (prefix.equals(StreamsConfig.PRODUCER_PREFIX)) {
      return PRODUCER;
    }
    if (prefix.equals(StreamsConfig.ADMIN_CLIENT_PREFIX)) {
      return ADMIN;
    }
    return prefix.equals(StreamsConfig.TOPIC_PREFIX) ? null : CONSUMER;
  }

  /** Validates the settings under {@code prefix} that {@code def} declares; only keys that were set are reported. */
  private static void reasons(ConfigDef def, Map<String, String> settings, String prefix, Map<String, String> invalid) {
    Map<String, String> own = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      if (key.startsWith(prefix) && def.names().contains(key.substring(prefix.length()))) {
        own.put(key.substring(prefix.length()), value);
      }
    });
    if (own.isEmpty()) {
      return;
    }
    Map<String, ConfigValue> results = def.validateAll(own);
    own.keySet().forEach(name -> {
      List<String> errors = results.get(name).errorMessages();
      if (!errors.isEmpty()) {
        invalid.putIfAbsent(prefix + name, reason(errors.get(0), name));
      }
    });
  }

  /** Kafka's message less its "Invalid value X for configuration K: " opening, which the report says its own way. */
  static String reason(String message, String name) {
    String opening = " for configuration " + name + ": ";
    int at = message.indexOf(opening);
    return message.startsWith("Invalid value ") && at > 0 ? message.substring(at + opening.length()) : message;
  }

  /** Why {@code value} is no list of host:port, or nothing when it is one. DNS is not asked: that is for the start. */
  static Optional<String> bootstrapServers(String value) {
    List<String> servers = new ArrayList<>();
    for (String server : (value == null ? "" : value).split(",")) {
      if (!server.isBlank()) {
        servers.add(server.trim());
      }
    }
    if (servers.isEmpty()) {
      return Optional.of("empty; set it to the brokers' host:port, e.g. bootstrap.servers=localhost:9092");
    }
    for (String server : servers) {
      if (Utils.getHost(server) == null || Utils.getPort(server) == null) {
        return Optional.of("'" + server + "' is not host:port, e.g. localhost:9092");
      }
    }
    return Optional.empty();
  }
}
