package io.textenrich.topology.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings as the user gave them, each with where it came from and the name it was given
 * under, so that a mistake is reported as the user wrote it: an environment variable by its name.
 */
final class SettingSources {

  /**
   * Environment variables that start with {@code ENRICH_} or {@code KAFKA_} but belong to a launcher,
   * not to the service: {@code bin/enrich} passes {@code ENRICH_JAVA_OPTS} to the JVM, the logging
   * configuration reads {@code ENRICH_LOG_FORMAT} and {@code ENRICH_LOG_LEVEL}, and Kafka's own scripts
   * read the {@code KAFKA_*_OPTS} ones, which a shell that runs Kafka tools often holds.
   */
  static final Set<String> LAUNCHER_VARIABLES = Set.of("ENRICH_JAVA_OPTS", "ENRICH_LOG_FORMAT", "ENRICH_LOG_LEVEL", "KAFKA_OPTS", "KAFKA_HEAP_OPTS",
      "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG", "KAFKA_HOME");

  /**
   * @param text the value as given (not trimmed)
   * @param name the key, or the environment variable that set it
   * @param origin where it came from, for a person: {@code file F}, {@code environment variable V}, {@code given}
   */
  record Source(String text, String name, String origin) {}

  private final Map<String, Source> sources;

  private SettingSources(Map<String, Source> sources) {
    this.sources = sources;
  }

  /** Settings a program passes: each key is named as given. */
  static SettingSources given(Map<String, String> values) {
    Map<String, Source> sources = new TreeMap<>();
    values.forEach((key, value) -> sources.put(key, new Source(value, key, "given")));
    return new SettingSources(sources);
  }

  /** A properties file's settings (none without a file), then the environment's over them. */
  static SettingSources read(Path file, Map<String, String> environment) {
    Map<String, Source> sources = new TreeMap<>();
    if (file != null) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(reader);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("Configuration file " + file.toAbsolutePath() + " does not exist", e);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
      }
      String origin = "file " + file;
      props.stringPropertyNames().forEach(key -> sources.put(key, new Source(props.getProperty(key), key, origin)));
    }
    environment.forEach((variable, value) -> {
      String key = keyOf(variable);
      if (key != null) {
        sources.put(key, new Source(value, variable, "environment variable " + variable));
      }
    });
    return new SettingSources(sources);
  }

  /** The setting an environment variable names: {@code ENRICH_X_Y} is {@code enrich.x.y}, {@code KAFKA_X_Y} is {@code x.y}; null for others. */
  static String keyOf(String variable) {
    if (LAUNCHER_VARIABLES.contains(variable)) {
      return null;
    }
    if (variable.startsWith("ENRICH_")) {
      return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }
    return variable.startsWith("KAFKA_") && variable.length() > 6 ? variable.substring(6).toLowerCase(Locale.ROOT).replace('_', '.') : null;
  }

  /** The environment variable that sets {@code key}. */
  static String variableOf(String key) {
    String upper = key.toUpperCase(Locale.ROOT).replace('.', '_');
    return key.startsWith(ServiceConfig.PREFIX) ? upper : "KAFKA_" + upper;
  }

  /** Each key with its value as given. */
  Map<String, String> values() {
    Map<String, String> values = new TreeMap<>();
    sources.forEach((key, source) -> values.put(key, source.text()));
    return values;
  }

  /** The name the user set {@code key} under: the key itself, or an environment variable. */
  String nameOf(String key) {
    Source source = sources.get(key);
    return source == null ? key : source.name();
  }

  boolean fromEnvironment(String key) {
    Source source = sources.get(key);
    return source != null && !source.name().equals(key);
  }

  /** Where {@code key}'s value came from; {@code default} when it was not set. */
  String originOf(String key) {
    Source source = sources.get(key);
    return source == null ? "default" : source.origin();
  }
}
