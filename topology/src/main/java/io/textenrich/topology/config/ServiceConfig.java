package io.textenrich.topology.config;

import io.textenrich.model.BuiltinModel;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EngineTuning;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.Pooling;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.topology.stage.completion.CompletionRule;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The service's whole configuration, typed and validated in one place.
 *
 * <p>Keys starting with {@code enrich.} are the service's own (declared in {@link EnrichConfig}); every
 * other key is a Kafka Streams or client setting passed through unchanged, so security and tuning
 * settings work as documented by Kafka. Environment variables override the file: {@code
 * ENRICH_INPUT_TOPIC} sets {@code enrich.input.topic}, {@code KAFKA_BOOTSTRAP_SERVERS} sets {@code
 * bootstrap.servers}.
 */
public final class ServiceConfig {

  public static final String PREFIX = EnrichConfig.PREFIX;
  private static final String GROUP_INSTANCE_ID = "group.instance.id";

  private static final Map<String, String> STREAMS_DEFAULTS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, "text-enrichment",
      StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
      // A store that an unclean stop left on disk is kept, not wiped and restored from its changelog (KIP-892).
      StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true");

  private final String inputTopic;
  private final String outputTopic;
  private final String deadLetterTopic;
  private final int maxTextBytes;
  private final EmbedderSettings embedder;
  private final BatchSettings batch;
  private final StageSettings stages;
  private final ClassificationSettings classification;
  private final CompletionSettings completion;
  private final StateStoreKind stateStore;
  private final String httpHost;
  private final int httpPort;
  private final String instanceId;
  private final boolean staticMember;
  private final StopMembership stopMembership;
  private final SchemaRegistrySettings schemaRegistry;
  private final Map<String, String> streams;
  private final List<String> warnings;

  private ServiceConfig(Map<String, String> own, Map<String, String> streams, List<String> warnings) {
    List<String> errors = new ArrayList<>();
    EnrichConfig.Values values = EnrichConfig.parse(own, errors);
    this.inputTopic = values.string("enrich.input.topic");
    this.outputTopic = values.string("enrich.output.topic");
    this.deadLetterTopic = values.string("enrich.dead.letter.topic");
    String moderationTopic = values.string("enrich.moderation.topic").trim();
    List<String> topics = moderationTopic.isEmpty()
        ? List.of(inputTopic, outputTopic, deadLetterTopic)
        : List.of(inputTopic, outputTopic, deadLetterTopic, moderationTopic);
    if (topics.stream().distinct().count() < topics.size()) {
      errors.add("enrich.input.topic, enrich.output.topic, enrich.dead.letter.topic and enrich.moderation.topic must be different topics");
    }
    this.maxTextBytes = values.integer("enrich.input.max.text.bytes");
    this.embedder = embedderSettings(values);
    long maxPollMs = maxPollIntervalMs(streams, errors);
    this.batch = BatchSettings.from(values);
    this.stages = StageSettings.from(values, maxPollMs, errors);
    this.classification = ClassificationSettings.from(values);
    this.completion = CompletionSettings.from(values, errors);
    this.stateStore = values.parsed("enrich.state.store");
    this.httpHost = values.string("enrich.http.host").trim();
    this.httpPort = values.integer("enrich.http.port");
    String instance = values.string("enrich.instance.id");
    this.instanceId = instance.isBlank() ? hostName() : instance;
    this.staticMember = values.bool("enrich.static.membership") || streams.containsKey(GROUP_INSTANCE_ID);
    this.stopMembership = values.parsed("enrich.stop.group");
    this.schemaRegistry = SchemaRegistrySettings.from(values, own, maxPollMs, errors);
    this.streams = Map.copyOf(streams);
    this.warnings = List.copyOf(warnings);
    EnrichConfig.throwIfAny(errors);
  }

  public static ServiceConfig defaults() {
    return fromMap(Map.of());
  }

  /** Reads a properties file, then applies environment overrides. */
  public static ServiceConfig load(Path file, Map<String, String> environment) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
    values.putAll(fromEnvironment(environment));
    return fromMap(values);
  }

  /** Builds a configuration from explicit key/value pairs over the defaults. */
  public static ServiceConfig fromMap(Map<String, String> values) {
    Map<String, String> own = new TreeMap<>();
    Map<String, String> streams = new TreeMap<>(STREAMS_DEFAULTS);
    List<String> unknown = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> declared = EnrichConfig.keys();
    values.forEach((key, value) -> {
      if (!key.startsWith(PREFIX)) {
        streams.put(key, value);
      } else if (declared.contains(key)) {
        own.put(key, value);
      } else if (RETIRED.containsKey(key)) {
        warnings.add(key + "=" + value + " is ignored: " + RETIRED.get(key) + ". Remove it from the configuration.");
      } else {
        unknown.add(key);
      }
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown setting(s) " + unknown + "; the service's settings are "
          + new TreeSet<>(declared) + " (see docs/configuration.md)");
    }
    return new ServiceConfig(own, streams, warnings);
  }

  /**
   * Settings that earlier versions read and this one does not, with what took their place. A configuration that
   * still sets one starts, with a warning, rather than failing as if the key were misspelt.
   */
  static final Map<String, String> RETIRED = Map.of(
      "enrich.batch.flush.timeout.ms", "the encoder stage no longer waits for its batches, so there is no flush to time"
          + " out; how long a full stage may hold a stream thread is enrich.stage.full.wait.ms",
      "enrich.batch.max.padding.share", "the padding bound is now per model call across every task's texts,"
          + " enrich.engine.max.call.padding.share (its value is not carried over)");

  /** What start-up should warn about: settings set but no longer read. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Environment variables that start with {@code ENRICH_} but belong to the launcher, not to the
   * service: {@code bin/enrich} passes {@code ENRICH_JAVA_OPTS} to the JVM, so it is no setting.
   */
  public static final Set<String> LAUNCHER_VARIABLES = Set.of("ENRICH_JAVA_OPTS");

  /** The settings named by ENRICH_* and KAFKA_* environment variables, less the {@link #LAUNCHER_VARIABLES}. */
  public static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    environment.forEach((name, value) -> {
      if (LAUNCHER_VARIABLES.contains(name)) {
        return;
      }
      if (name.startsWith("ENRICH_")) {
        values.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      } else if (name.startsWith("KAFKA_") && name.length() > 6) {
        values.put(name.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return values;
  }

  /**
   * Kafka Streams properties: the pass-through settings over the service's defaults. Unless set,
   * {@code poll.ms} follows the batch delay: wall-clock punctuation only runs between polls, and
   * the default 100 ms poll would hold a batch past a shorter delay.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.putAll(streams);
    props.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, Long.toString(Math.max(5, Math.min(100, batch.maxDelayMs() / 5))));
    if (staticMember) {
      props.putIfAbsent(GROUP_INSTANCE_ID, instanceId);
    }
    return props;
  }

  public String inputTopic() {
    return inputTopic;
  }

  public String outputTopic() {
    return outputTopic;
  }

  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  public int maxTextBytes() {
    return maxTextBytes;
  }

  public EmbedderSettings embedder() {
    return embedder;
  }

  public CompletionSettings completion() {
    return completion;
  }

  public ClassificationSettings classification() {
    return classification;
  }

  /** The topics the service reads and writes; it checks at start that they exist. */
  public List<String> topics() {
    List<String> topics = new ArrayList<>(List.of(inputTopic, deadLetterTopic));
    topics.addAll(enrichedTopics());
    return topics;
  }

  /** The topics that get {@code EnrichedText} records: the output topic, and the moderation topic when routing is on. */
  public List<String> enrichedTopics() {
    return classification.moderationEnabled() ? List.of(outputTopic, classification.moderationTopic()) : List.of(outputTopic);
  }

  public BatchSettings batch() {
    return batch;
  }

  public StageSettings stages() {
    return stages;
  }

  public StateStoreKind stateStore() {
    return stateStore;
  }

  public String httpHost() {
    return httpHost;
  }

  /** 0 means any free port. */
  public int httpPort() {
    return httpPort;
  }

  public String instanceId() {
    return instanceId;
  }

  /**
   * The static member id ({@code group.instance.id}; Kafka Streams appends each thread's number), empty for a
   * dynamic member.
   */
  public Optional<String> groupInstanceId() {
    return Optional.ofNullable(streamsProperties().getProperty(GROUP_INSTANCE_ID));
  }

  /** Whether a clean stop leaves the group at once rather than keeping the place for a return on the same id. */
  public boolean leaveGroupOnStop() {
    return stopMembership.leaves(staticMember);
  }

  /** The schema registry whose wire format the service writes and reads; empty for Avro single-object encoding. */
  public Optional<SchemaRegistrySettings> schemaRegistry() {
    return Optional.ofNullable(schemaRegistry);
  }

  public String applicationId() {
    return streams.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  public String bootstrapServers() {
    return streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  private static EmbedderSettings embedderSettings(EnrichConfig.Values values) {
    Pooling pooling = values.parsed("enrich.embedding.pooling");
    ExecutionDevice device = values.parsed("enrich.model.device");
    Integer intraRequested = values.parsed("enrich.model.intra.op.threads");
    int intra = EngineTuning.intraOpThreads(intraRequested, EngineTuning.cudaPlanned(device));
    return new EmbedderSettings(values.string("enrich.embedding.model").trim(), pooling, values.integer("enrich.embedding.max.tokens"),
        new SessionSettings(device, intra, values.integer("enrich.model.inter.op.threads"), values.parsed("enrich.model.optimization"),
            values.bool("enrich.model.spin.wait")));
  }

  private static long maxPollIntervalMs(Map<String, String> streams, List<String> errors) {
    String raw = streams.getOrDefault("max.poll.interval.ms", "300000");
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      errors.add("max.poll.interval.ms='" + raw + "': not a number");
      return 300000;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
