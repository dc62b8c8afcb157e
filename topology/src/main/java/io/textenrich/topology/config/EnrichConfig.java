package io.textenrich.topology.config;

import io.textenrich.model.BuiltinModel;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.Pooling;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every {@code enrich.*} key, declared once: name, type, default, validator and doc. The settings
 * records read their own section from the parsed {@link Values}; docs/configuration.md is generated
 * from this declaration ({@link #markdown()}) and a test keeps the two equal.
 */
public final class EnrichConfig {

  public static final String PREFIX = "enrich.";

  private static final Validator TOPIC = new Validator("a Kafka topic name", v -> {
    if (!v.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("not a valid Kafka topic name (letters, digits, '.', '_', '-')");
    }
    return v;
  });
  private static final Validator TOPIC_OR_EMPTY = new Validator("a Kafka topic name, or empty", v ->
      v.isEmpty() ? v : TOPIC.parser.apply(v));
  private static final Validator NOT_EMPTY = new Validator("not empty", v -> {
    if (v.isBlank()) {
      throw new IllegalArgumentException("empty: give a built-in model id or a model directory");
    }
    return v;
  });
  private static final Validator ANY = new Validator("", v -> v);

  /** The declaration; the order is the order of docs/configuration.md. */
  public static final ConfigDef DEFINITION = new ConfigDef()
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
          "Most texts in one model call; `auto`: 64 on a CPU, 256 on CUDA.")
      .define("enrich.engine.max.call.padded.tokens", Type.STRING, "auto", autoOr(1), Importance.LOW,
          "Most padded tokens in one model call (texts x longest text), as TEI's `max_batch_tokens`; `auto`: 16384.")
      .define("enrich.engine.max.call.padding.share", Type.STRING, "auto", new Validator("auto, or (0, 1]", v -> {
        double share = Double.parseDouble(v);
        if (!(share > 0 && share <= 1)) {
          throw new IllegalArgumentException("must be auto or in (0, 1] (1 = no bound)");
        }
        return share;
      }, "auto"), Importance.LOW, "A model call stops growing before its padding share passes this; `1` = no bound; `auto`: 0.15"
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
          "With `auto` heads: events in a language take their labels from another built-in encoder's heads.")
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
      .define("enrich.completion.stop", Type.STRING, "", ANY, Importance.LOW,
          "Stop strings, comma-separated (`\\n` for a newline).")
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
      .define("enrich.http.port", Type.INT, 8080, new Validator("0-65535", v -> {
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

  private EnrichConfig() {}

  /** The declared keys, in declaration order. */
  public static List<String> keys() {
    return List.copyOf(DEFINITION.configKeys().keySet());
  }

  /** A key's default as written in a properties file. */
  public static String defaultText(String key) {
    Object value = DEFINITION.configKeys().get(key).defaultValue;
    return value instanceof org.apache.kafka.common.config.types.Password p ? p.value() : String.valueOf(value);
  }

  /**
   * Parses and validates every declared key of {@code own} (unset ones take their default); each
   * mistake goes into {@code errors}, and its key then reads as its default so that parsing goes on.
   */
  static Values parse(Map<String, String> own, List<String> errors) {
    Map<String, Object> typed = new LinkedHashMap<>();
    DEFINITION.configKeys().forEach((key, def) -> {
      String raw = own.get(key);
      Object value = def.defaultValue;
      if (raw != null) {
        String trimmed = def.type == Type.STRING || def.type == Type.PASSWORD ? raw : raw.trim();
        try {
          value = ConfigDef.parseType(key, trimmed, def.type);
          if (def.validator != null) {
            def.validator.ensureValid(key, value instanceof org.apache.kafka.common.config.types.Password p ? p.value() : value);
          }
        } catch (ConfigException e) {
          errors.add(key + "='" + raw + "': " + reason(def.type, e));
          value = def.defaultValue;
        }
      }
      typed.put(key, value instanceof org.apache.kafka.common.config.types.Password p ? p.value() : value);
    });
    return new Values(typed);
  }

  private static String reason(Type type, ConfigException e) {
    if (e instanceof Invalid invalid) {
      return invalid.reason;
    }
    return switch (type) {
      case INT, LONG, DOUBLE -> "not a number";
      case BOOLEAN -> "use true or false";
      default -> e.getMessage();
    };
  }

  /** docs/configuration.md: every key with its type, default, accepted values and meaning. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("Generated from the service's declaration of its settings (`EnrichConfig`); a test keeps this file equal")
        .append(" to it.\nKeys starting with `enrich.` are the service's own; every other key is a Kafka Streams or")
        .append(" client setting,\npassed through unchanged. Environment variables override the file: `ENRICH_INPUT_TOPIC`")
        .append(" sets\n`enrich.input.topic`, `KAFKA_BOOTSTRAP_SERVERS` sets `bootstrap.servers`.\n\n")
        .append("| key | type | default | accepted | meaning |\n| --- | --- | --- | --- | --- |\n");
    DEFINITION.configKeys().forEach((key, def) -> {
      String dflt = defaultText(key);
      out.append("| `").append(key).append("` | ").append(def.type.name().toLowerCase(Locale.ROOT).replace("password", "string"))
          .append(" | ").append(dflt.isEmpty() ? "(empty)" : "`" + dflt.replace("|", "\\|") + "`")
          .append(" | ").append(def.validator == null ? "" : def.validator.toString().replace("|", "\\|"))
          .append(" | ").append(def.documentation.replace("|", "\\|")).append(" |\n");
    });
    return out.toString();
  }

  /** Comma-separated values, trimmed, empty ones left out. */
  static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  /** Typed values of the declared keys. */
  static final class Values {
    private final Map<String, Object> typed;

    private Values(Map<String, Object> typed) {
      this.typed = typed;
    }

    String string(String key) {
      return (String) get(key);
    }

    int integer(String key) {
      return (Integer) get(key);
    }

    long longValue(String key) {
      return (Long) get(key);
    }

    double doubleValue(String key) {
      return (Double) get(key);
    }

    boolean bool(String key) {
      return (Boolean) get(key);
    }

    /** A string key as its validator parsed it; null where the value leaves it to the service (empty, {@code auto}). */
    @SuppressWarnings("unchecked")
    <T> T parsed(String key) {
      Validator validator = (Validator) DEFINITION.configKeys().get(key).validator;
      String value = string(key).trim();
      return validator.isUnset(value) ? null : (T) validator.parser.apply(value);
    }

    private Object get(String key) {
      if (!typed.containsKey(key)) {
        throw new IllegalArgumentException(key + " is not declared in EnrichConfig");
      }
      return typed.get(key);
    }
  }

  /** A rejected value, with a reason a person can act on. */
  private static final class Invalid extends ConfigException {
    final String reason;

    Invalid(String key, Object value, String reason) {
      super(key, value, reason);
      this.reason = reason;
    }
  }

  /** Checks a value with a parser (an {@link IllegalArgumentException} rejects it) and says what it accepts. */
  private static final class Validator implements ConfigDef.Validator {
    final String accepted;
    final Function<String, ?> parser;
    /** The word that leaves the setting to the service ({@code ""} or {@code auto}); null when there is none. */
    final String unset;

    Validator(String accepted, Function<String, ?> parser) {
      this(accepted, parser, null);
    }

    Validator(String accepted, Function<String, ?> parser, String unset) {
      this.accepted = accepted;
      this.parser = parser;
      this.unset = unset;
    }

    boolean isUnset(String text) {
      return unset != null && text.trim().equalsIgnoreCase(unset);
    }

    @Override
    public void ensureValid(String name, Object value) {
      String text = String.valueOf(value).trim();
      if (isUnset(text)) {
        return;
      }
      try {
        parser.apply(text);
      } catch (NumberFormatException e) {
        throw new Invalid(name, value, "not a number");
      } catch (IllegalArgumentException e) {
        throw new Invalid(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return accepted;
    }
  }

  private static Validator atLeast(long min) {
    return new Validator(">= " + min, v -> {
      if (Double.parseDouble(v) < min) {
        throw new IllegalArgumentException("must be >= " + min);
      }
      return v;
    });
  }

  private static Validator parsedBy(String accepted, Function<String, ?> parser) {
    return new Validator(accepted, parser);
  }

  private static Validator blankOr(String accepted, Function<String, ?> parser) {
    return new Validator("empty, or " + accepted, parser, "");
  }

  /** {@code auto}, or a whole number of at least {@code min}. */
  private static Validator autoOr(int min) {
    return new Validator("auto, or >= " + min, v -> {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new IllegalArgumentException("must be auto or >= " + min);
      }
      return n;
    }, "auto");
  }

  /** The errors as one message, or nothing when there are none. */
  static void throwIfAny(List<String> errors) {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid configuration:\n  - " + String.join("\n  - ", new ArrayList<>(errors)));
    }
  }
}
