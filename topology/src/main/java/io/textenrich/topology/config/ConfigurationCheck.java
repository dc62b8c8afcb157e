package io.textenrich.topology.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Every mistake in a configuration, found in one pass so that one run reports them all: keys that
 * are no setting (with the nearest one that is), values the service's declaration or Kafka's rejects,
 * each named as the user wrote it (an environment variable by its name). Settings that earlier
 * versions read become warnings naming what replaced them.
 */
final class ConfigurationCheck {

  private final SettingSources sources;
  private final Map<String, String> valid = new TreeMap<>();
  private final List<String> mistakes = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  ConfigurationCheck(SettingSources sources) {
    this.sources = sources;
    ConfigDef declaration = ServiceConfig.configDef();
    Map<String, String> own = new LinkedHashMap<>();
    Map<String, String> kafka = new TreeMap<>(ServiceConfig.STREAMS_DEFAULTS);
    sources.values().forEach((key, text) -> {
      if (ServiceConfig.RETIRED.containsKey(key)) {
        warnings.add(sources.nameOf(key) + "=" + text.trim() + " is ignored: " + ServiceConfig.RETIRED.get(key)
            + ". Remove it from the configuration.");
      } else if (declaration.names().contains(key)) {
        own.put(key, prepared(key, text));
      } else if (KafkaSettings.isKnown(key)) {
        kafka.put(key, text.trim());
      } else {
        mistakes.add(unknown(key));
      }
    });
    Map<String, ConfigValue> results = declaration.validateAll(own);
    own.forEach((key, text) -> {
      List<String> errors = results.get(key).errorMessages();
      if (errors.isEmpty()) {
        valid.put(key, text);
      } else {
        mistakes.add(invalid(key, text, reason(declaration.configKeys().get(key), errors.get(0))));
      }
    });
    Map<String, String> rejected = KafkaSettings.invalid(kafka);
    kafka.forEach((key, text) -> {
      if (rejected.containsKey(key)) {
        mistakes.add(invalid(key, text, rejected.get(key)));
      } else {
        valid.put(key, text);
      }
    });
    if (rejected.isEmpty()) {
      KafkaSettings.rejectedAsAWhole(kafka).ifPresent(mistakes::add);
    }
  }

  /**
   * The value the declaration parses: trimmed, as Kafka trims it, but the stop strings' own
   * whitespace is written back as escapes first, because a properties file has already turned
   * {@code \n} into the newline that trimming would take away.
   */
  private static String prepared(String key, String text) {
    return (key.equals(CompletionSettings.STOP) ? CompletionSettings.escapeWhitespace(text) : text).trim();
  }

  /** The settings valid alone; the others are left out, so they take their defaults. */
  Map<String, String> valid() {
    return valid;
  }

  /** The mistakes so far; checks across settings add theirs. */
  List<String> mistakes() {
    return mistakes;
  }

  List<String> warnings() {
    return warnings;
  }

  /** Every mistake as one message, or nothing when there are none. */
  void throwIfAny() {
    if (!mistakes.isEmpty()) {
      throw new IllegalArgumentException("Invalid configuration (" + mistakes.size() + (mistakes.size() == 1 ? " mistake" : " mistakes")
          + "; every setting: docs/configuration.md):\n  - " + String.join("\n  - ", mistakes));
    }
  }

  private String invalid(String key, String text, String reason) {
    return sources.nameOf(key) + "='" + ServiceConfig.shown(key, text) + "': " + reason;
  }

  /** Kafka's type errors say "Invalid value X for configuration K: ..."; a person needs only what to write instead. */
  private static String reason(ConfigDef.ConfigKey key, String message) {
    if (!message.startsWith("Invalid value ")) {
      return message;
    }
    return switch (key.type) {
      case INT, LONG, SHORT, DOUBLE -> "not a number";
      case BOOLEAN -> "use true or false";
      default -> KafkaSettings.reason(message, key.name);
    };
  }

  private String unknown(String key) {
    boolean variable = sources.fromEnvironment(key);
    String name = sources.nameOf(key) + (variable ? " (environment variable)" : "");
    Optional<String> nearest = nearest(key, candidates());
    return nearest.map(k -> name + " is not a setting; did you mean " + (variable ? SettingSources.variableOf(k) : k) + "?")
        .orElse(name + " is not a setting of the service or of Kafka Streams and its clients");
  }

  private static Set<String> candidates() {
    Set<String> names = new TreeSet<>(ServiceConfig.keys());
    names.addAll(KafkaSettings.names());
    return names;
  }

  /** The name fewest edits away, when few enough for a typo: at most a quarter of the name's length, or 2. */
  static Optional<String> nearest(String key, Set<String> names) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : names) {
      int distance = editDistance(key, name);
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
