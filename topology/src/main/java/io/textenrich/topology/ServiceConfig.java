package io.textenrich.topology;

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
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The service's whole configuration, typed and validated in one place.
 *
 * <p>Keys starting with {@code enrich.} are the service's own (listed in {@link #DEFAULTS}); every
 * other key is a Kafka Streams or client setting passed through unchanged, so security and tuning
 * settings work as documented by Kafka. Environment variables override the file: {@code
 * ENRICH_INPUT_TOPIC} sets {@code enrich.input.topic}, {@code KAFKA_BOOTSTRAP_SERVERS} sets {@code
 * bootstrap.servers}.
 */
public final class ServiceConfig {

  public static final String PREFIX = "enrich.";

  /** The service's own keys and their defaults; an empty default means "the model's own". */
  static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("enrich.input.topic", "raw-text");
    d.put("enrich.output.topic", "enriched-text");
    d.put("enrich.dead.letter.topic", "raw-text-dead-letter");
    d.put("enrich.input.max.text.bytes", "16384");
    d.put("enrich.embedding.model", EmbedderSettings.DEFAULT_MODEL);
    d.put("enrich.embedding.pooling", "");
    d.put("enrich.embedding.max.tokens", "0");
    d.put("enrich.model.device", "auto");
    d.put("enrich.model.intra.op.threads", "auto");
    d.put("enrich.model.inter.op.threads", "1");
    d.put("enrich.model.optimization", "all");
    d.put("enrich.model.spin.wait", "false");
    d.put("enrich.heads", "auto");
    d.put("enrich.heads.by.language", "zh:" + BuiltinModel.BGE_SMALL_ZH_V15_Q.id());
    d.put("enrich.classifiers", "");
    d.put("enrich.classifier.thresholds", "");
    d.put("enrich.moderation.topic", "moderation");
    d.put("enrich.moderation.classifier", "moderation");
    // Empty: the moderation head's own thresholds, chosen for a false-flag budget when it was trained.
    d.put("enrich.moderation.thresholds", "");
    d.put("enrich.completion.mode", "none");
    d.put("enrich.completion.rule", "");
    d.put("enrich.completion.model", DecoderModel.DEFAULT_MODEL);
    d.put("enrich.completion.prompt", "{text}");
    d.put("enrich.completion.max.new.tokens", "32");
    d.put("enrich.completion.min.new.tokens", "0");
    d.put("enrich.completion.temperature", "");
    d.put("enrich.completion.stop", "");
    d.put("enrich.completion.max.sequences", "8");
    d.put("enrich.completion.max.cache.tokens", "8192");
    d.put("enrich.completion.prefill.chunk.tokens", "256");
    d.put("enrich.completion.timeout.ms", "60000");
    d.put("enrich.completion.intra.op.threads", "");
    d.put("enrich.batch.max.records", "64");
    d.put("enrich.batch.max.tokens", "8192");
    d.put("enrich.batch.max.delay.ms", "50");
    d.put("enrich.batch.target.p99.ms", "0");
    d.put("enrich.batch.flush.timeout.ms", "60000");
    d.put("enrich.batch.group.by.length", "true");
    d.put("enrich.engine.queue.capacity", "1024");
    d.put("enrich.engine.parallelism", "auto");
    d.put("enrich.engine.max.call.sequences", "auto");
    d.put("enrich.engine.max.call.padded.tokens", "auto");
    d.put("enrich.engine.max.call.padding.share", "auto");
    d.put("enrich.state.store", "memory");
    d.put("enrich.http.host", "127.0.0.1");
    d.put("enrich.http.port", "8080");
    d.put("enrich.instance.id", "");
    d.put("enrich.schema.registry.url", "");
    d.put("enrich.schema.registry.basic.auth.user.info", "");
    d.put("enrich.schema.registry.subject.name.strategy", SubjectNameStrategy.TOPIC.configName());
    d.put("enrich.schema.registry.auto.register", "true");
    d.put("enrich.schema.registry.request.timeout.ms", "5000");
    DEFAULTS = Map.copyOf(d);
  }

  private static final Map<String, String> STREAMS_DEFAULTS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, "text-enrichment",
      StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

  private final String inputTopic;
  private final String outputTopic;
  private final String deadLetterTopic;
  private final int maxTextBytes;
  private final EmbedderSettings embedder;
  private final BatchSettings batch;
  private final ClassificationSettings classification;
  private final CompletionSettings completion;
  private final StateStoreKind stateStore;
  private final String httpHost;
  private final int httpPort;
  private final String instanceId;
  private final SchemaRegistrySettings schemaRegistry;
  private final Map<String, String> own;
  private final Map<String, String> streams;

  private ServiceConfig(Map<String, String> own, Map<String, String> streams) {
    List<String> errors = new ArrayList<>();
    this.inputTopic = topic(own, "enrich.input.topic", errors);
    this.outputTopic = topic(own, "enrich.output.topic", errors);
    this.deadLetterTopic = topic(own, "enrich.dead.letter.topic", errors);
    String moderationTopic = own.get("enrich.moderation.topic").trim();
    if (!moderationTopic.isEmpty()) {
      topic(own, "enrich.moderation.topic", errors);
    }
    List<String> topics = moderationTopic.isEmpty()
        ? List.of(inputTopic, outputTopic, deadLetterTopic)
        : List.of(inputTopic, outputTopic, deadLetterTopic, moderationTopic);
    if (topics.stream().distinct().count() < topics.size()) {
      errors.add("enrich.input.topic, enrich.output.topic, enrich.dead.letter.topic and enrich.moderation.topic must be different topics");
    }
    this.maxTextBytes = positiveInt(own, "enrich.input.max.text.bytes", errors);
    this.embedder = embedderSettings(own, errors);
    Long maxPollMs = parse(Map.of("max.poll.interval.ms", streams.getOrDefault("max.poll.interval.ms", "300000")),
        "max.poll.interval.ms", Long::parseLong, errors);
    this.batch = batchSettings(own, maxPollMs, errors);
    this.classification = classificationSettings(own, errors);
    this.completion = completionSettings(own, maxPollMs, batch, errors);
    this.stateStore = parse(own, "enrich.state.store", StateStoreKind::parse, errors);
    this.httpHost = own.get("enrich.http.host").trim();
    this.httpPort = nonNegativeInt(own, "enrich.http.port", errors);
    if (httpPort > 65535) {
      errors.add("enrich.http.port must be a TCP port (0-65535; 0 picks a free one), got " + httpPort);
    }
    String instance = own.get("enrich.instance.id");
    this.instanceId = instance.isBlank() ? hostName() : instance;
    this.schemaRegistry = schemaRegistrySettings(own, maxPollMs, errors);
    this.own = Map.copyOf(own);
    this.streams = Map.copyOf(streams);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid configuration:\n  - " + String.join("\n  - ", errors));
    }
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
    Map<String, String> own = new TreeMap<>(DEFAULTS);
    Map<String, String> streams = new TreeMap<>(STREAMS_DEFAULTS);
    List<String> unknown = new ArrayList<>();
    values.forEach((key, value) -> {
      if (!key.startsWith(PREFIX)) {
        streams.put(key, value);
      } else if (DEFAULTS.containsKey(key)) {
        own.put(key, value);
      } else {
        unknown.add(key);
      }
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown setting(s) " + unknown + "; the service's settings are "
          + new TreeMap<>(DEFAULTS).keySet());
    }
    return new ServiceConfig(own, streams);
  }

  /** The settings named by ENRICH_* and KAFKA_* environment variables. */
  public static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    environment.forEach((name, value) -> {
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

  private static EmbedderSettings embedderSettings(Map<String, String> own, List<String> errors) {
    Pooling pooling = parse(own, "enrich.embedding.pooling", v -> v.isBlank() ? null : Pooling.parse(v), errors);
    ExecutionDevice device = parse(own, "enrich.model.device", ExecutionDevice::parse, errors);
    var optimization = parse(own, "enrich.model.optimization", SessionSettings::parseOptimization, errors);
    int maxTokens = nonNegativeInt(own, "enrich.embedding.max.tokens", errors);
    Integer intraRequested = autoOr(own, "enrich.model.intra.op.threads", 0, errors);
    int inter = nonNegativeInt(own, "enrich.model.inter.op.threads", errors);
    Boolean spin = parse(own, "enrich.model.spin.wait", ServiceConfig::parseBoolean, errors);
    String model = own.get("enrich.embedding.model");
    if (model.isBlank()) {
      errors.add("enrich.embedding.model is empty: give a built-in model id or a model directory");
    }
    if (device == null || optimization == null || model.isBlank()) {
      return null;
    }
    int intra = EngineTuning.intraOpThreads(intraRequested, EngineTuning.cudaPlanned(device));
    return new EmbedderSettings(model, pooling, maxTokens, new SessionSettings(device, intra, inter, optimization, spin != null && spin));
  }

  /** @param maxPoll Kafka's max.poll.interval.ms, which no flush may reach; null when it did not parse */
  private static BatchSettings batchSettings(Map<String, String> own, Long maxPoll, List<String> errors) {
    int maxRecords = positiveInt(own, "enrich.batch.max.records", errors);
    int maxTokens = positiveInt(own, "enrich.batch.max.tokens", errors);
    long maxDelay = nonNegativeInt(own, "enrich.batch.max.delay.ms", errors);
    long target = nonNegativeInt(own, "enrich.batch.target.p99.ms", errors);
    long flushTimeout = positiveInt(own, "enrich.batch.flush.timeout.ms", errors);
    Boolean group = parse(own, "enrich.batch.group.by.length", ServiceConfig::parseBoolean, errors);
    int queue = positiveInt(own, "enrich.engine.queue.capacity", errors);
    Integer parallelism = autoOr(own, "enrich.engine.parallelism", 1, errors);
    Integer callSequences = autoOr(own, "enrich.engine.max.call.sequences", 1, errors);
    Integer callPaddedTokens = autoOr(own, "enrich.engine.max.call.padded.tokens", 1, errors);
    Double callPadding = own.get("enrich.engine.max.call.padding.share").trim().equalsIgnoreCase("auto") ? null
        : parse(own, "enrich.engine.max.call.padding.share", Double::parseDouble, errors);
    if (callPadding != null && !(callPadding > 0 && callPadding <= 1)) {
      errors.add("enrich.engine.max.call.padding.share must be auto or in (0, 1] (1 = no bound), got " + callPadding);
    }
    if (maxPoll != null && flushTimeout >= maxPoll) {
      errors.add("enrich.batch.flush.timeout.ms=" + flushTimeout + " must be below max.poll.interval.ms=" + maxPoll
          + ", or Kafka evicts the stream thread while it waits for the model");
    }
    return new BatchSettings(maxRecords, maxTokens, maxDelay, target, flushTimeout, group != null && group, queue,
        new BatchSettings.EngineRequest(parallelism, callSequences, callPaddedTokens, callPadding));
  }

  /**
   * @param maxPoll Kafka's max.poll.interval.ms; a stream thread may wait for every attempt of a
   *     registry request, and must not be evicted meanwhile. Null when it did not parse.
   */
  private static SchemaRegistrySettings schemaRegistrySettings(Map<String, String> own, Long maxPoll, List<String> errors) {
    String url = own.get("enrich.schema.registry.url").trim();
    String userInfo = own.get("enrich.schema.registry.basic.auth.user.info").trim();
    SubjectNameStrategy subjects = parse(own, "enrich.schema.registry.subject.name.strategy", SubjectNameStrategy::parse, errors);
    Boolean autoRegister = parse(own, "enrich.schema.registry.auto.register", ServiceConfig::parseBoolean, errors);
    long timeout = positiveInt(own, "enrich.schema.registry.request.timeout.ms", errors);
    if (!userInfo.isEmpty() && userInfo.indexOf(':') < 1) {
      errors.add("enrich.schema.registry.basic.auth.user.info must be user:password");
    }
    if (url.isEmpty()) {
      List<String> set = DEFAULTS.keySet().stream()
          .filter(k -> k.startsWith("enrich.schema.registry.") && !own.get(k).trim().equals(DEFAULTS.get(k)))
          .sorted().toList();
      if (!set.isEmpty()) {
        errors.add(String.join(", ", set) + " set but enrich.schema.registry.url is empty; set the registry URL, or remove them");
      }
      return null;
    }
    URI uri = httpUrl(url);
    if (uri == null) {
      errors.add("enrich.schema.registry.url='" + url + "' is not an http(s) URL such as http://localhost:8081"
          + " (one registry; credentials go in enrich.schema.registry.basic.auth.user.info)");
    }
    if (maxPoll != null && timeout * SchemaRegistryClient.ATTEMPTS >= maxPoll) {
      errors.add("enrich.schema.registry.request.timeout.ms=" + timeout + " times " + SchemaRegistryClient.ATTEMPTS
          + " attempts must be below max.poll.interval.ms=" + maxPoll + ", or Kafka evicts a stream thread waiting for the registry");
    }
    if (uri == null || subjects == null || autoRegister == null) {
      return null;
    }
    return new SchemaRegistrySettings(uri, userInfo, subjects, autoRegister, Duration.ofMillis(timeout));
  }

  /** The URL when it is a plain http(s) URL with a host; null otherwise. */
  private static URI httpUrl(String value) {
    try {
      URI uri = new URI(value);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return http && uri.getHost() != null && uri.getRawUserInfo() == null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static ClassificationSettings classificationSettings(Map<String, String> own, List<String> errors) {
    Map<String, Double> classifierThresholds = parse(own, "enrich.classifier.thresholds", ServiceConfig::parseThresholds, errors);
    Map<String, Double> moderationThresholds = parse(own, "enrich.moderation.thresholds", ServiceConfig::parseThresholds, errors);
    String moderationTopic = own.get("enrich.moderation.topic").trim();
    Map<String, String> headsByLanguage = parse(own, "enrich.heads.by.language", ServiceConfig::parseLanguageEncoders, errors);
    return new ClassificationSettings(list(own.get("enrich.heads")), list(own.get("enrich.classifiers")),
        classifierThresholds == null ? Map.of() : classifierThresholds, moderationTopic,
        own.get("enrich.moderation.classifier").trim(), moderationThresholds == null ? Map.of() : moderationThresholds,
        headsByLanguage == null ? Map.of() : headsByLanguage);
  }

  private static CompletionSettings completionSettings(Map<String, String> own, Long maxPoll, BatchSettings batch,
      List<String> errors) {
    CompletionSettings.Mode mode = parse(own, "enrich.completion.mode", CompletionSettings.Mode::parse, errors);
    String rule = own.get("enrich.completion.rule").trim();
    if (mode == CompletionSettings.Mode.RULE) {
      parse(own, "enrich.completion.rule", CompletionRule::parse, errors);
    } else if (!rule.isEmpty()) {
      errors.add("enrich.completion.rule is set but enrich.completion.mode is " + mode + "; set the mode to rule");
    }
    int maxNewTokens = positiveInt(own, "enrich.completion.max.new.tokens", errors);
    int minNewTokens = nonNegativeInt(own, "enrich.completion.min.new.tokens", errors);
    if (minNewTokens > maxNewTokens) {
      errors.add("enrich.completion.min.new.tokens=" + minNewTokens + " exceeds enrich.completion.max.new.tokens=" + maxNewTokens);
    }
    Double temperature = parse(own, "enrich.completion.temperature", v -> v.isBlank() ? null : Double.parseDouble(v), errors);
    if (temperature != null && temperature < 0) {
      errors.add("enrich.completion.temperature must be >= 0 (0 = greedy), got " + temperature);
    }
    int maxSequences = positiveInt(own, "enrich.completion.max.sequences", errors);
    int maxCacheTokens = positiveInt(own, "enrich.completion.max.cache.tokens", errors);
    int prefillChunk = positiveInt(own, "enrich.completion.prefill.chunk.tokens", errors);
    long timeout = positiveInt(own, "enrich.completion.timeout.ms", errors);
    // Blank follows the encoder's setting; with the encoder on auto (one thread per call, several
    // calls), the decoder's single scheduler thread keeps ONNX Runtime's default of all cores.
    Integer intraOpThreads = !own.get("enrich.completion.intra.op.threads").isBlank()
        ? Integer.valueOf(nonNegativeInt(own, "enrich.completion.intra.op.threads", errors))
        : own.get("enrich.model.intra.op.threads").trim().equalsIgnoreCase("auto") ? Integer.valueOf(0) : null;
    if (maxPoll != null && mode != null && mode != CompletionSettings.Mode.NONE && batch.flushTimeoutMs() + timeout >= maxPoll) {
      errors.add("enrich.batch.flush.timeout.ms + enrich.completion.timeout.ms = " + (batch.flushTimeoutMs() + timeout)
          + " must be below max.poll.interval.ms=" + maxPoll + ": a flush waits for both");
    }
    return new CompletionSettings(mode == null ? CompletionSettings.Mode.NONE : mode, rule,
        own.get("enrich.completion.model").trim(), own.get("enrich.completion.prompt"), maxNewTokens, minNewTokens,
        temperature, list(own.get("enrich.completion.stop")).stream()
            .map(s -> s.replace("\\n", "\n")).toList(), maxSequences, maxCacheTokens, prefillChunk, timeout, intraOpThreads);
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  /** {@code label=probability,...}, probabilities in [0, 1]. */
  private static Map<String, String> parseLanguageEncoders(String value) {
    Map<String, String> encoders = new LinkedHashMap<>();
    for (String pair : list(value)) {
      String[] parts = pair.split(":", 2);
      String language = parts[0].trim();
      if (parts.length != 2 || !language.matches("[a-z]{2,3}") || !HeadSet.BUILTIN_ENCODERS.contains(parts[1].trim())) {
        throw new IllegalArgumentException("'" + pair + "' is not language:encoder with a lower-case language code such as zh"
            + " and an encoder with built-in heads (" + String.join(", ", HeadSet.BUILTIN_ENCODERS) + ")");
      }
      encoders.put(language, parts[1].trim());
    }
    return encoders;
  }

  private static Map<String, Double> parseThresholds(String value) {
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (String pair : list(value)) {
      int eq = pair.indexOf('=');
      double p;
      try {
        p = eq > 0 ? Double.parseDouble(pair.substring(eq + 1).trim()) : Double.NaN;
      } catch (NumberFormatException e) {
        p = Double.NaN;
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("'" + pair + "' is not label=probability with a probability in [0, 1]");
      }
      thresholds.put(pair.substring(0, eq).trim(), p);
    }
    return thresholds;
  }

  private static Boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("use true or false");
    };
  }

  private static String topic(Map<String, String> own, String key, List<String> errors) {
    String value = own.get(key);
    if (!value.matches("[a-zA-Z0-9._-]{1,249}")) {
      errors.add(key + "='" + value + "' is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
    }
    return value;
  }

  private static int positiveInt(Map<String, String> own, String key, List<String> errors) {
    Integer value = parse(own, key, Integer::parseInt, errors);
    if (value != null && value <= 0) {
      errors.add(key + " must be > 0, got " + value);
    }
    return value == null ? 0 : value;
  }

  private static int nonNegativeInt(Map<String, String> own, String key, List<String> errors) {
    Integer value = parse(own, key, Integer::parseInt, errors);
    if (value != null && value < 0) {
      errors.add(key + " must be >= 0, got " + value);
    }
    return value == null ? 0 : value;
  }

  /** {@code auto} (null: the device decides, {@link EngineTuning}) or a whole number of at least {@code min}. */
  private static Integer autoOr(Map<String, String> own, String key, int min, List<String> errors) {
    if (own.get(key).trim().equalsIgnoreCase("auto")) {
      return null;
    }
    Integer value = parse(own, key, Integer::parseInt, errors);
    if (value != null && value < min) {
      errors.add(key + " must be auto or >= " + min + ", got " + value);
    }
    return value;
  }

  private static <T> T parse(Map<String, String> own, String key, Function<String, T> parser, List<String> errors) {
    String raw = own.get(key);
    try {
      return parser.apply(raw.trim());
    } catch (IllegalArgumentException e) {
      errors.add(key + "='" + raw + "': " + (e instanceof NumberFormatException ? "not a number" : e.getMessage()));
      return null;
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
