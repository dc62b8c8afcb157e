package io.textenrich.topology.config;

import static io.textenrich.topology.config.SettingValidator.ANY;
import static io.textenrich.topology.config.SettingValidator.NOT_EMPTY;
import static io.textenrich.topology.config.SettingValidator.TOPIC;
import static io.textenrich.topology.config.SettingValidator.TOPIC_OR_EMPTY;
import static io.textenrich.topology.config.SettingValidator.atLeast;
import static io.textenrich.topology.config.SettingValidator.autoOr;
import static io.textenrich.topology.config.SettingValidator.blankOr;
import static io.textenrich.topology.config.SettingValidator.parsedBy;

import io.textenrich.model.BuiltinModel;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EngineTuning;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.Pooling;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The service's whole configuration, typed and validated in one place, as {@link StreamsConfig} is
 * Kafka Streams'.
 *
 * <p>Keys starting with {@code enrich.} are the service's own, each declared once in {@link #configDef()}
 * with its type, default, validator and doc (docs/configuration.md is generated from it); every other
 * key is a Kafka Streams or client setting, checked against Kafka's own declarations and passed
 * through unchanged, so security and tuning settings work as documented by Kafka. Environment
 * variables override the file: {@code ENRICH_INPUT_TOPIC} sets {@code enrich.input.topic}, {@code
 * KAFKA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}. Every mistake is reported at once, as the
 * user wrote it ({@link ConfigurationCheck}).
 */
public final class ServiceConfig extends AbstractConfig {

  public static final String PREFIX = "enrich.";
  private static final String GROUP_INSTANCE_ID = "group.instance.id";

  /** The declaration; the order is the order of docs/configuration.md. */
  private static final ConfigDef CONFIG = new ConfigDef()
      // Topics and input
      .define("enrich.input.topic", Type.STRING, "raw-text", TOPIC, Importance.HIGH, "Raw text events.")
      .define("enrich.output.topic", Type.STRING, "enriched-text", TOPIC, Importance.HIGH, "`EnrichedText` records.")
      .define("enrich.dead.letter.topic", Type.STRING, "raw-text-dead-letter", TOPIC, Importance.HIGH,
          "Rejected records, with the original bytes and the reason in headers.")
      .define("enrich.input.max.text.bytes", Type.INT, 16384, atLeast(1), Importance.MEDIUM,
          "Longer texts (UTF-8 bytes) are dead-lettered.")
      // Encoder model
      .define("enrich.embedding.model", Type.STRING, EmbedderSettings.DEFAULT_MODEL, NOT_EMPTY, Importance.HIGH,
          "A built-in model id or a model directory (Optimum layout).")
      .define("enrich.embedding.pooling", Type.STRING, "", blankOr("mean or cls", Pooling::parse), Importance.LOW,
          "`mean` or `cls`; empty: the model's.")
      .define("enrich.embedding.max.tokens", Type.INT, 0, atLeast(0), Importance.LOW,
          "Truncation length in tokens; 0: the model's.")
      .define("enrich.model.device", Type.STRING, "auto", parsedBy("auto, cpu, cuda, cuda:N", ExecutionDevice::parse),
          Importance.MEDIUM, "Where the models run.")
      .define("enrich.model.intra.op.threads", Type.STRING, "auto", autoOr(0), Importance.LOW,
          "ONNX Runtime threads inside one model call; `0` = all cores; `auto`: `1` on a CPU (several single-threaded"
              + " calls at once), `0` on CUDA.")
      .define("enrich.model.inter.op.threads", Type.INT, 1, atLeast(0), Importance.LOW,
          "ONNX Runtime threads across operators.")
      .define("enrich.model.optimization", Type.STRING, "all",
          parsedBy("none, basic, extended, all", SessionSettings::parseOptimization), Importance.LOW,
          "ONNX Runtime graph optimisation level.")
      .define("enrich.model.spin.wait", Type.BOOLEAN, false, ANY, Importance.LOW,
          "Let idle ONNX Runtime threads spin: more raw model throughput on an idle CPU, less end to end.")
      // Encoder stage: batching and engine
      .define("enrich.batch.max.records", Type.INT, 64, atLeast(1), Importance.MEDIUM,
          "The encoder stage submits a partition's waiting events at this many events.")
      .define("enrich.batch.max.tokens", Type.INT, 8192, atLeast(1), Importance.MEDIUM,
          "... or at this many tokens (after truncation).")
      .define("enrich.batch.max.delay.ms", Type.LONG, 50L, atLeast(0), Importance.MEDIUM,
          "... or when the oldest waiting event has waited this long.")
      .define("enrich.batch.target.p99.ms", Type.LONG, 0L, atLeast(0), Importance.LOW,
          "When > 0, adapt delay and size to keep the p99 in-service latency under it.")
      .define("enrich.batch.group.by.length", Type.BOOLEAN, true, ANY, Importance.LOW,
          "Group texts of similar token length into the same model call.")
      .define("enrich.engine.queue.capacity", Type.INT, 1024, atLeast(1), Importance.LOW,
          "Texts the shared embedding engine admits; a batch that finds it full stays waiting in its buffer.")
      .define("enrich.engine.parallelism", Type.STRING, "auto", autoOr(1), Importance.MEDIUM,
          "Model calls the shared embedding engine runs at once; `auto`: one per core the JVM sees on a CPU (container"
              + " limits included), one on CUDA.")
      .define("enrich.engine.max.call.sequences", Type.STRING, "auto", autoOr(1), Importance.LOW,
          "Most texts in one model call; `auto`: 64 on a CPU, 256 on CUDA, and with both call limits on `auto` the engine"
              + " measures the padded tokens per call that pay on the device (docs/engine.md).")
      .define("enrich.engine.max.call.padded.tokens", Type.STRING, "auto", autoOr(1), Importance.LOW,
          "Most padded tokens in one model call (texts x longest text), as TEI's `max_batch_tokens`; `auto`: 16384, an"
              + " upper bound under which the engine measures the size that pays.")
      .define("enrich.engine.max.call.padding.share", Type.STRING, "auto", autoOr("(0, 1]", v -> {
        double share = Double.parseDouble(v);
        if (!(share > 0 && share <= 1)) {
          throw new IllegalArgumentException("must be auto or in (0, 1] (1 = no bound)");
        }
        return share;
      }), Importance.LOW, "A model call stops growing before its padding share passes this; `1` = no bound; `auto`: 0.15"
          + " on a CPU, which pays for every padded token, none on CUDA.")
      .define("enrich.encoder.max.in.flight", Type.INT, 4, atLeast(1), Importance.LOW,
          "Batches one task may have in the encoder stage's engines at once.")
      .define("enrich.encoder.max.buffered", Type.INT, 1024, atLeast(1), Importance.LOW,
          "Events one task's encoder buffer holds before the stage waits (briefly, see `enrich.stage.full.wait.ms`).")
      .define("enrich.stage.full.wait.ms", Type.LONG, 1000L, atLeast(0), Importance.LOW,
          "Back-pressure: the longest a stream thread waits for a full stage to make room in one round of its loop"
              + " (between two punctuations and commits); a wait ends as soon as the stage finishes a batch. Checked:"
              + " below a tenth of `max.poll.interval.ms`.")
      // Labels and moderation
      .define("enrich.heads", Type.STRING, "auto", ANY, Importance.MEDIUM,
          "`auto` (the built-in heads of a built-in encoder), `none`, or head names and files.")
      .define("enrich.heads.by.language", Type.STRING, "zh:" + BuiltinModel.BGE_SMALL_ZH_V15_Q.id(),
          parsedBy("language:encoder,...", ClassificationSettings::parseLanguageEncoders), Importance.LOW,
          "Events in a language take the labels of the built-in heads (with `auto` or named in `enrich.heads`) from another built-in encoder's heads; heads of your own label every event; empty turns it off.")
      .define("enrich.classifiers", Type.STRING, "", ANY, Importance.MEDIUM,
          "Hugging Face classifier directories, comma-separated; each is a second encoder pass.")
      .define("enrich.classifier.thresholds", Type.STRING, "",
          parsedBy("label=probability,...", ClassificationSettings::parseThresholds), Importance.LOW,
          "Per-label thresholds for those classifiers.")
      .define("enrich.moderation.topic", Type.STRING, "moderation", TOPIC_OR_EMPTY, Importance.MEDIUM,
          "Where flagged events also go, as soon as the encoder stage has them; empty turns routing off.")
      .define("enrich.moderation.classifier", Type.STRING, "moderation", ANY, Importance.LOW,
          "The head or classifier whose scores decide.")
      .define("enrich.moderation.thresholds", Type.STRING, "",
          parsedBy("label=probability,...", ClassificationSettings::parseThresholds), Importance.LOW,
          "Labels that flag an event when their score reaches the threshold; empty: the thresholds the moderation"
              + " head ships with, chosen for a false-flag budget.")
      // Completion stage
      .define("enrich.completion.mode", Type.STRING, "none", parsedBy("none, all, rule", CompletionSettings.Mode::parse),
          Importance.MEDIUM, "Which events the completion stage gets: none, all, or those the rule selects.")
      .define("enrich.completion.rule", Type.STRING, "", ANY, Importance.MEDIUM,
          "`label:NAME=L1|L2`, `attr:KEY=VALUE`, `flagged`; comma-separated, any one.")
      .define("enrich.completion.model", Type.STRING, DecoderModel.DEFAULT_MODEL, NOT_EMPTY, Importance.MEDIUM,
          "Built-in decoder id or decoder directory (Optimum layout).")
      .define("enrich.completion.prompt", Type.STRING, "{text}", ANY, Importance.MEDIUM,
          "The prompt template: `{text}` `{id}` `{label}` `{label.NAME}` `{attr.KEY}`.")
      .define("enrich.completion.max.new.tokens", Type.INT, 32, atLeast(1), Importance.MEDIUM, "Per completion.")
      .define("enrich.completion.min.new.tokens", Type.INT, 0, atLeast(0), Importance.LOW,
          "No end-of-sequence before this many tokens.")
      .define("enrich.completion.temperature", Type.STRING, "", blankOr("a number >= 0", v -> {
        double t = Double.parseDouble(v);
        if (t < 0) {
          throw new IllegalArgumentException("must be >= 0 (0 = greedy)");
        }
        return t;
      }), Importance.LOW, "Empty: the model's generation_config.json; 0 = greedy; else sampled; always seeded by the event id.")
      .define(CompletionSettings.STOP, Type.STRING, "", parsedBy("stop strings", CompletionSettings::parseStops), Importance.LOW,
          "Stop strings, comma-separated. Write a newline as `\\n` and a tab as `\\t`, in a properties file"
              + " (`enrich.completion.stop=\\n`) and in an environment variable alike; a stop string that is only whitespace,"
              + " such as `\\n`, is kept.")
      .define("enrich.completion.max.sequences", Type.INT, 8, atLeast(1), Importance.MEDIUM,
          "The most sequences the shared generation engine decodes together.")
      .define("enrich.completion.max.cache.tokens", Type.INT, 8192, atLeast(1), Importance.LOW,
          "Key/value cache budget in token slots: a prompt joins the batch only while (sequences + 1) x the longest"
              + " prompt + new tokens fits, so long prompts decode fewer at a time.")
      .define("enrich.completion.prefill.chunk.tokens", Type.INT, 256, atLeast(1), Importance.LOW,
          "Most prompt tokens read between two decode steps, which bounds the time to first token behind a long prompt.")
      .define("enrich.completion.timeout.ms", Type.LONG, 60000L, atLeast(1), Importance.LOW,
          "The longest one generation may run once the engine started it; beyond it the event is dead-lettered"
              + " (`completion-failed`). Time spent waiting for a free sequence does not count.")
      .define("enrich.completion.max.buffered", Type.INT, 1024, atLeast(1), Importance.LOW,
          "Events one task's completion buffer holds (selected ones and those held behind them) before the stage"
              + " waits (briefly, see `enrich.stage.full.wait.ms`).")
      .define("enrich.completion.intra.op.threads", Type.STRING, "", blankOr("an integer >= 0", v -> {
        int n = Integer.parseInt(v);
        if (n < 0) {
          throw new IllegalArgumentException("must be >= 0");
        }
        return n;
      }), Importance.LOW, "ONNX Runtime threads inside an operator of the decoder; empty: as `enrich.model.intra.op.threads`"
          + " when set, `0` (all cores) with it on `auto`.")
      // Service
      .define("enrich.state.store", Type.STRING, "memory", parsedBy("memory, rocksdb", StateStoreKind::parse),
          Importance.LOW, "Local copy of the changelogged stores.")
      .define("enrich.http.host", Type.STRING, "127.0.0.1", ANY, Importance.MEDIUM, "Bind address of the HTTP endpoint.")
      .define("enrich.http.port", Type.INT, 8080, parsedBy("0-65535", v -> {
        int port = Integer.parseInt(v);
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("must be a TCP port (0-65535; 0 picks a free one)");
        }
        return port;
      }), Importance.MEDIUM, "Port of the HTTP endpoint; 0 picks a free one.")
      .define("enrich.instance.id", Type.STRING, "", ANY, Importance.LOW, "Written into every record; empty: the host name.")
      .define("enrich.static.membership", Type.BOOLEAN, false, ANY, Importance.MEDIUM,
          "Join the group as a static member named by `enrich.instance.id` (`group.instance.id`), which each instance must"
              + " have to itself: restarted on the same id, an instance takes its partitions back without waiting for"
              + " `session.timeout.ms` and aborts its predecessor's open transaction at once. The Helm chart turns it on,"
              + " with the pod name as id.")
      .define("enrich.stop.group", Type.STRING, "auto", parsedBy("auto, leave, stay", StopMembership::parse),
          Importance.MEDIUM, "What a clean stop (SIGTERM) does with the group: `leave` hands the partitions to the other"
              + " members at once (scale down); `stay` keeps a static member's partitions for its return on the same id"
              + " (rolling restart); `auto`: `stay` for a static member, `leave` otherwise.")
      // Schema registry
      .define("enrich.schema.registry.url", Type.STRING, "", ANY, Importance.MEDIUM,
          "A Confluent-compatible schema registry, e.g. `http://registry:8081`; empty keeps Avro single-object encoding.")
      .define("enrich.schema.registry.basic.auth.user.info", Type.PASSWORD, "", ANY, Importance.LOW,
          "`user:password` for HTTP basic auth to the registry.")
      .define("enrich.schema.registry.subject.name.strategy", Type.STRING, SubjectNameStrategy.TOPIC.configName(),
          parsedBy("topic, record, topic-record", SubjectNameStrategy::parse), Importance.LOW, "Subject of a topic's schema.")
      .define("enrich.schema.registry.auto.register", Type.BOOLEAN, true, ANY, Importance.LOW,
          "Register the output schema at start; false: it must already be registered.")
      .define("enrich.schema.registry.request.timeout.ms", Type.INT, 5000, atLeast(1), Importance.LOW,
          "Per registry request; 3 attempts of it must stay below `max.poll.interval.ms`.");

  /** Kafka Streams settings the service sets unless the configuration does. */
  static final Map<String, String> STREAMS_DEFAULTS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, "text-enrichment",
      StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
      // A store that an unclean stop left on disk is kept, not wiped and restored from its changelog (KIP-892).
      StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true",
      // The topology has no global stores; the handler is enabled for them as Kafka 5.0 will by default. (Kafka
      // Streams 4.4 still warns once: its partition assignor reads a copy of the settings without this key.)
      StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true",
      // A broker answers one connection's requests in order, so the restore consumer's request for a changelog's
      // first offset can wait behind its own long-polling fetch of a changelog that is already read to its end:
      // half a second of a takeover at the default 500 ms. Restore fetches of changelogs with records to read
      // return at once either way.
      StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "50",
      // An enriched record is about 2.5 KB (its vector alone 1.5 KB), so Kafka's 16 KB batch holds six: the producers
      // sent a request per six records, and the broker's CPU per event was twice what 256 KB batches cost it. Under
      // exactly-once every batch is sent by the commit anyway, so larger ones add no latency for read_committed readers.
      // Unprefixed, so that a user's batch.size and producer.batch.size both still win.
      ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));

  /**
   * Settings that earlier versions read and this one does not, with what took their place. A configuration that
   * still sets one starts, with a warning, rather than failing as if the key were misspelt.
   */
  static final Map<String, String> RETIRED = Map.of(
      "enrich.batch.flush.timeout.ms", "the encoder stage no longer waits for its batches, so there is no flush to time"
          + " out; how long a full stage may hold a stream thread is enrich.stage.full.wait.ms",
      "enrich.batch.max.padding.share", "the padding bound is now per model call across every task's texts,"
          + " enrich.engine.max.call.padding.share (its value is not carried over)");

  /** See {@link SettingSources#LAUNCHER_VARIABLES}. */
  public static final Set<String> LAUNCHER_VARIABLES = SettingSources.LAUNCHER_VARIABLES;

  private static final String MASK = "[hidden]";

  private final SettingSources sources;
  private final EmbedderSettings embedder;
  private final BatchSettings batch;
  private final StageSettings stages;
  private final ClassificationSettings classification;
  private final CompletionSettings completion;
  private final String instanceId;
  private final boolean staticMember;
  private final StopMembership stopMembership;
  private final SchemaRegistrySettings schemaRegistry;
  private final Map<String, String> streams;
  private final List<String> warnings;

  /**
   * @param valid the settings that are valid alone (the check left out the others, which then take
   *     their defaults so that the checks across settings still run)
   * @param errors where the checks across settings add their mistakes
   */
  private ServiceConfig(Map<String, String> valid, SettingSources sources, List<String> errors, List<String> warnings) {
    super(CONFIG, valid, false);
    this.sources = sources;
    Map<String, String> streams = new TreeMap<>(STREAMS_DEFAULTS);
    valid.forEach((key, value) -> {
      if (!key.startsWith(PREFIX)) {
        streams.put(key, value);
      }
    });
    this.streams = Map.copyOf(streams);
    List<String> topics = new ArrayList<>(List.of(inputTopic(), outputTopic(), deadLetterTopic()));
    String moderationTopic = getString("enrich.moderation.topic");
    if (!moderationTopic.isEmpty()) {
      topics.add(moderationTopic);
    }
    if (topics.stream().distinct().count() < topics.size()) {
      errors.add("enrich.input.topic, enrich.output.topic, enrich.dead.letter.topic and enrich.moderation.topic must be different topics");
    }
    this.embedder = embedderSettings();
    long maxPollMs = Long.parseLong(streams.getOrDefault("max.poll.interval.ms", "300000"));
    this.batch = BatchSettings.from(this);
    this.stages = StageSettings.from(this, maxPollMs, errors);
    this.classification = ClassificationSettings.from(this);
    this.completion = CompletionSettings.from(this, errors);
    String instance = getString("enrich.instance.id");
    this.instanceId = instance.isEmpty() ? hostName() : instance;
    this.staticMember = getBoolean("enrich.static.membership") || streams.containsKey(GROUP_INSTANCE_ID);
    this.stopMembership = parsed("enrich.stop.group");
    this.schemaRegistry = SchemaRegistrySettings.from(this, valid, maxPollMs, errors);
    this.warnings = List.copyOf(warnings);
  }

  private static ServiceConfig create(SettingSources sources) {
    ConfigurationCheck check = new ConfigurationCheck(sources);
    ServiceConfig config = new ServiceConfig(check.valid(), sources, check.mistakes(), check.warnings());
    check.throwIfAny();
    return config;
  }

  public static ServiceConfig defaults() {
    return fromMap(Map.of());
  }

  /** Reads a properties file, then applies environment overrides. */
  public static ServiceConfig load(Path file, Map<String, String> environment) {
    return create(SettingSources.read(file, environment));
  }

  /** The defaults with the environment's settings over them. */
  public static ServiceConfig load(Map<String, String> environment) {
    return create(SettingSources.read(null, environment));
  }

  /** Builds a configuration from explicit key/value pairs over the defaults. */
  public static ServiceConfig fromMap(Map<String, String> values) {
    return create(SettingSources.given(values));
  }

  /** The settings named by ENRICH_* and KAFKA_* environment variables, less the {@link #LAUNCHER_VARIABLES}. */
  public static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    environment.forEach((name, value) -> {
      String key = SettingSources.keyOf(name);
      if (key != null) {
        values.put(key, value);
      }
    });
    return values;
  }

  /** The declaration of every {@code enrich.*} key (a copy). */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  /** The declared keys, in declaration order. */
  public static List<String> keys() {
    return List.copyOf(CONFIG.configKeys().keySet());
  }

  /** A key's default as written in a properties file. */
  public static String defaultText(String key) {
    Object value = CONFIG.configKeys().get(key).defaultValue;
    return value instanceof Password p ? p.value() : String.valueOf(value);
  }

  /** What start-up should warn about: settings set but no longer read. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * A setting in effect, for a person to read.
   *
   * @param value as the service reads it; {@code [hidden]} for a secret
   * @param source {@code default}, {@code file F} or {@code environment variable V}
   */
  public record Setting(String key, String value, String source) {}

  /**
   * Every {@code enrich.*} setting, then every Kafka setting that is set (by the configuration or by
   * the service), with the value in effect and where it came from; secrets masked.
   */
  public List<Setting> effectiveSettings() {
    List<Setting> settings = new ArrayList<>();
    Map<String, Object> set = originals();
    for (String key : keys()) {
      String value = set.containsKey(key) ? String.valueOf(set.get(key)) : defaultText(key);
      settings.add(new Setting(key, shown(key, value), sources.originOf(key)));
    }
    new TreeMap<>(streamsProperties()).forEach((key, value) -> {
      String origin = key.equals(StreamsConfig.POLL_MS_CONFIG) && !streams.containsKey(key)
          ? "default, from enrich.batch.max.delay.ms" : sources.originOf((String) key);
      settings.add(new Setting((String) key, shown((String) key, (String) value), origin));
    });
    return settings;
  }

  /** A value as a person may see it: a secret masked, line breaks and tabs written as escapes. */
  static String shown(String key, String value) {
    boolean secret = KafkaSettings.isSecret(key)
        || (CONFIG.configKeys().containsKey(key) && CONFIG.configKeys().get(key).type == Type.PASSWORD);
    return secret && !value.isEmpty() ? MASK : value.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
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
    return getString("enrich.input.topic");
  }

  public String outputTopic() {
    return getString("enrich.output.topic");
  }

  public String deadLetterTopic() {
    return getString("enrich.dead.letter.topic");
  }

  public int maxTextBytes() {
    return getInt("enrich.input.max.text.bytes");
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
    List<String> topics = new ArrayList<>(List.of(inputTopic(), deadLetterTopic()));
    topics.addAll(enrichedTopics());
    return topics;
  }

  /** The topics that get {@code EnrichedText} records: the output topic, and the moderation topic when routing is on. */
  public List<String> enrichedTopics() {
    return classification.moderationEnabled() ? List.of(outputTopic(), classification.moderationTopic()) : List.of(outputTopic());
  }

  public BatchSettings batch() {
    return batch;
  }

  public StageSettings stages() {
    return stages;
  }

  public StateStoreKind stateStore() {
    return parsed("enrich.state.store");
  }

  public String httpHost() {
    return getString("enrich.http.host");
  }

  /** 0 means any free port. */
  public int httpPort() {
    return getInt("enrich.http.port");
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

  /** Kafka Streams' state directory ({@code state.dir}, by default {@code kafka-streams} in the temporary directory). */
  public Path stateDir() {
    return Path.of(streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG,
        Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString()));
  }

  public String applicationId() {
    return streams.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  public String bootstrapServers() {
    return streams.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** A string key as its validator parses it; null where the value leaves it to the service (empty, {@code auto}). */
  @SuppressWarnings("unchecked")
  <T> T parsed(String key) {
    return (T) ((SettingValidator) CONFIG.configKeys().get(key).validator).parse(getString(key));
  }

  /** Comma-separated values, trimmed, empty ones left out. */
  static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  private EmbedderSettings embedderSettings() {
    ExecutionDevice device = parsed("enrich.model.device");
    Integer intraRequested = parsed("enrich.model.intra.op.threads");
    int intra = EngineTuning.intraOpThreads(intraRequested, EngineTuning.cudaPlanned(device));
    Pooling pooling = parsed("enrich.embedding.pooling");
    return new EmbedderSettings(getString("enrich.embedding.model"), pooling, getInt("enrich.embedding.max.tokens"),
        new SessionSettings(device, intra, getInt("enrich.model.inter.op.threads"), parsed("enrich.model.optimization"),
            getBoolean("enrich.model.spin.wait")));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
