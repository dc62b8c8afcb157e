package io.textenrich.bench;

import static io.textenrich.bench.Drained.Feed.PREFILLED;
import static io.textenrich.bench.PhaseProcess.Application.PASS_THROUGH;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.TempDirectory;
import io.textenrich.model.PreparedText;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.topology.config.ServiceConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pipeline's ceiling: the service on the free encoder (a model that costs next to nothing, see
 * {@link FreeEncoder}) against the {@linkplain PeerApplication#passThrough pass-through application},
 * side by side in one run on one broker, with the same JSON events, topics, partitions and stream
 * threads, both exactly-once, each round of each side in a JVM of its own ({@link PhaseProcess}) that first enriches
 * the events once without counting them (the just-in-time compiler's first seconds). The pass-through application
 * drains the events {@value #PASS_THROUGH_REPEATS} times over (it is that much faster), so that its rounds last about
 * as long as the service's: a round of a second or less is decided by a moment's noise on a shared machine. The
 * service runs with heads and moderation off (the built-in heads expect MiniLM's vectors).
 *
 * <ul>
 *   <li>{@code pipeline_ceiling_ratio}: the service's events/s over the pass-through application's;
 *   <li>events/s per stream thread for both;
 *   <li>{@code per_task_batcher_speedup}: the service as configured over the same with each event offered to
 *       the engine alone ({@code enrich.batch.max.records=1}), whose calls are then cut from its queue only;
 *   <li>{@code us_per_event_outside_models}: the process's CPU time per event with the service on the free
 *       encoder, whose model call is a Cast and a Mul (the profile shows how little it is), so nearly all of
 *       it is the pipeline around the model; the same for the pass-through application beside it;
 *   <li>the tokenizer (one text per call, as the stream thread prepares each event) and the free encoder's
 *       call on prepared texts (model and pooling; as the engine calls it) timed alone on one thread: a JFR
 *       profile does not see their native parts;
 *   <li>with a profile directory: a JFR recording of each side in an extra round after the measured ones,
 *       and where each side's thread time in Java code per event went (pooling, Avro, Kafka Streams...).
 * </ul>
 */
public final class CeilingBenchmark {

  static final int PASS_THROUGH_REPEATS = 4;
  /**
   * The most passes of the events each side's input holds in front of the counted ones, as its warm-up: on two busy
   * cores the just-in-time compiler of a fresh JVM running the service took about 40 s to settle, 20 passes at its rate.
   */
  public static final int WARM_UP_PASSES = 30;

  /**
   * @param records JSON events each side drains per round
   * @param rounds measured rounds; each side's best counts
   * @param profile a directory for the JFR recordings, or null for none
   * @param settings service settings over the bench's own (free encoder, heads and moderation off)
   */
  public record Options(int records, int rounds, Path profile, Map<String, String> settings) {

    public Options {
      if (records < 1 || rounds < 1) {
        throw new IllegalArgumentException("--records and --rounds must be at least 1");
      }
      settings = Map.copyOf(settings);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Texts per call when the free encoder is timed alone, as the engine's calls from a backlog. */
  static final int CALL_SIZE = 64;

  private final Options options;
  private final PrintStream out;

  public CeilingBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public BenchResult run() throws Exception {
    BenchResult result = new BenchResult();
    List<String> texts = BenchTexts.generate(options.records(), 42);
    List<String> events = jsonEvents(texts);
    List<String> passThroughEvents = new ArrayList<>(events.size() * PASS_THROUGH_REPEATS);
    for (int i = 0; i < PASS_THROUGH_REPEATS; i++) {
      passThroughEvents.addAll(events);
    }
    result.put("records", events.size());
    result.put("pass_through_records", passThroughEvents.size());
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("stream_threads", StageBenchmark.THREADS);
    result.put("partitions", StageBenchmark.PARTITIONS);
    try (TempDirectory model = TempDirectory.create("free-encoder");
        KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      Map<String, String> overrides = new HashMap<>(serviceOverrides(FreeEncoder.layOut(model.path().resolve("free-encoder"))));
      overrides.putAll(options.settings());
      try (SentenceEmbedder embedder = SentenceEmbedder.open(embedderConfig(broker, overrides).embedder())) {
        result.put("model", embedder.modelName() + " " + embedder.modelVersion());
        Map<String, String> oneEventPerOffer = new HashMap<>(overrides);
        oneEventPerOffer.put("enrich.batch.max.records", "1");
        Drained.WarmUp warmUp = new Drained.WarmUp(events, WARM_UP_PASSES);
        Drained service = null;
        Drained unbatched = null;
        Drained passThrough = null;
        for (int round = 1; round <= options.rounds(); round++) {
          String of = round + "/" + options.rounds();
          progress("round " + of + ": the service on the free encoder (heads and moderation off)");
          service = best(service, reported(StageBenchmark.service(broker, null, PREFILLED, warmUp, events, overrides, null)));
          progress("round " + of + ": the same, each event offered to the engine alone (enrich.batch.max.records=1)");
          unbatched = best(unbatched, reported(StageBenchmark.service(broker, null, PREFILLED, warmUp, events, oneEventPerOffer,
              null)));
          progress("round " + of + ": the pass-through application (JSON in, a constant vector out, no model)");
          passThrough = best(passThrough, reported(StageBenchmark.peer(broker, PASS_THROUGH, PREFILLED, warmUp, passThroughEvents,
              null)));
        }
        putFigures(result, service, passThrough);
        putBatcherFigures(result, service, unbatched);
        progress("the tokenizer and the free encoder's calls alone, on one thread");
        putModelTimes(result, embedder, texts);
        if (options.profile() != null) {
          Files.createDirectories(options.profile());
          progress("profiled round: the service on the free encoder, JFR into " + options.profile().resolve("service.jfr"));
          Drained profiledService = StageBenchmark.service(broker, null, PREFILLED, warmUp, events, overrides,
              options.profile().resolve("service.jfr"));
          progress("profiled round: the pass-through application, JFR into " + options.profile().resolve("pass-through.jfr"));
          Drained profiledPassThrough = StageBenchmark.peer(broker, PASS_THROUGH, PREFILLED, warmUp, passThroughEvents,
              options.profile().resolve("pass-through.jfr"));
          result.put("profile", profileFigures(profiledService, profiledPassThrough, events.size(), passThroughEvents.size(),
              result.number("prepare_one_text_cpu_us_per_event"), result.number("free_encoder_call_cpu_us_per_event")));
          result.put("profile_dir", options.profile().toString());
        }
      }
    }
    return result;
  }

  /** The figures of the ceiling from each side's best round. */
  static void putFigures(BenchResult result, Drained service, Drained passThrough) {
    result.put("service_records_per_s", service.eventsPerSecond());
    result.put("pass_through_records_per_s", passThrough.eventsPerSecond());
    result.put("pipeline_ceiling_ratio", service.eventsPerSecond() / passThrough.eventsPerSecond());
    result.put("service_records_per_s_per_stream_thread", service.eventsPerSecond() / StageBenchmark.THREADS);
    result.put("pass_through_records_per_s_per_stream_thread", passThrough.eventsPerSecond() / StageBenchmark.THREADS);
    result.put("us_per_event_outside_models", service.cpuMicrosPerEvent());
    result.put("pass_through_cpu_us_per_event", passThrough.cpuMicrosPerEvent());
    if (!Double.isNaN(service.brokerCpuMicrosPerEvent()) && !Double.isNaN(passThrough.brokerCpuMicrosPerEvent())) {
      result.put("service_broker_cpu_us_per_event", service.brokerCpuMicrosPerEvent());
      result.put("pass_through_broker_cpu_us_per_event", passThrough.brokerCpuMicrosPerEvent());
    }
    result.put("service_wall_us_per_event", 1e6 / service.eventsPerSecond());
    result.put("pass_through_wall_us_per_event", 1e6 / passThrough.eventsPerSecond());
    // What the figures owe to the warm-up: how long it ran, and what the compiler still took while counted.
    result.put("service_warm_up_events", service.warmUpEvents());
    result.put("pass_through_warm_up_events", passThrough.warmUpEvents());
    result.put("service_compiler_us_per_event", service.compilerMicrosPerEvent());
    result.put("pass_through_compiler_us_per_event", passThrough.compilerMicrosPerEvent());
  }

  /**
   * Whether the task's own batcher pays when the engine cuts its calls from every task's queue anyway:
   * the service as configured against the same with each event offered to the engine alone.
   */
  static void putBatcherFigures(BenchResult result, Drained batched, Drained oneEventPerOffer) {
    result.put("service_one_event_per_offer_records_per_s", oneEventPerOffer.eventsPerSecond());
    result.put("service_one_event_per_offer_cpu_us_per_event", oneEventPerOffer.cpuMicrosPerEvent());
    result.put("per_task_batcher_speedup", batched.eventsPerSecond() / oneEventPerOffer.eventsPerSecond());
  }

  /**
   * The native parts the profile cannot see, timed alone over the same texts, as this process's CPU time
   * per event (a wall clock would count the other loads of a shared machine): preparing a text (tokenizing
   * it) as the stream thread does for each event, and the free encoder's call on prepared texts as the
   * engine makes it from the deep queue of a pre-filled input (model and pooling; {@value #CALL_SIZE} texts per
   * call, grouped by token length as the engine groups them, so that calls pad as little as the engine's).
   */
  private static void putModelTimes(BenchResult result, SentenceEmbedder embedder, List<String> texts) {
    long start = Drained.processCpuNanos();
    List<PreparedText> prepared = new ArrayList<>(texts.size());
    long tokens = 0;
    for (String text : texts) {
      PreparedText one = embedder.prepare(text);
      prepared.add(one);
      tokens += one.tokens();
    }
    result.put("prepare_one_text_cpu_us_per_event", (Drained.processCpuNanos() - start) / 1e3 / texts.size());
    result.put("tokens_mean", (double) tokens / texts.size());
    prepared.sort(Comparator.comparingInt(PreparedText::tokens));
    start = Drained.processCpuNanos();
    for (int from = 0; from < texts.size(); from += CALL_SIZE) {
      embedder.embedPrepared(prepared.subList(from, Math.min(texts.size(), from + CALL_SIZE)));
    }
    result.put("free_encoder_call_cpu_us_per_event", (Drained.processCpuNanos() - start) / 1e3 / texts.size());
  }

  /**
   * Where each side's CPU time per event goes. The parts timed alone come first (the service tokenizes
   * each text once on its stream thread, then the engine runs the model on the token ids and pools); the rest of the measured CPU time per event is divided as the Java samples outside those parts
   * divide. That rest also holds the GC and JIT compiler threads, which JFR does not sample.
   *
   * @param prepareMicros CPU µs per event of tokenizing a text alone
   * @param encoderCallMicros CPU µs per event of the free encoder's call on prepared texts alone (model, pooling)
   */
  static Map<String, Object> profileFigures(Drained service, Drained passThrough, int serviceEvents, int passThroughEvents,
      double prepareMicros, double encoderCallMicros) {
    double serviceRest = Math.max(0, service.cpuMicrosPerEvent() - prepareMicros - encoderCallMicros);
    TreeSet<String> categories = new TreeSet<>(service.profile().byCategory().keySet());
    categories.addAll(passThrough.profile().byCategory().keySet());
    categories.removeAll(TIMED_ALONE);
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(row(PREPARE_ROW, prepareMicros, 0));
    rows.add(row(ENCODER_CALL_ROW, encoderCallMicros, 0));
    for (String category : categories) {
      rows.add(row(category, serviceRest * service.profile().share(category, TIMED_ALONE),
          passThrough.cpuMicrosPerEvent() * passThrough.profile().share(category, TIMED_ALONE)));
    }
    rows.add(row("all (process CPU time per event)", service.cpuMicrosPerEvent(), passThrough.cpuMicrosPerEvent()));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cpu_us_per_event_by_part", rows);
    figures.put("service", withRate(service, serviceEvents));
    figures.put("pass_through", withRate(passThrough, passThroughEvents));
    return figures;
  }

  static final String PREPARE_ROW = "tokenizer: preparing each event on the stream thread (timed alone)";
  static final String ENCODER_CALL_ROW = "encoder call on the token ids: model, pooling (timed alone)";

  /** Categories of Java samples inside the parts timed alone. */
  static final Set<String> TIMED_ALONE = Set.of("tokenizer", "model call (ONNX Runtime)", "pooling");

  private static Map<String, Object> row(String part, double service, double passThrough) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("part", part);
    row.put("service_us_per_event", service);
    row.put("pass_through_us_per_event", passThrough);
    return row;
  }

  private static Map<String, Object> withRate(Drained drained, int events) {
    Map<String, Object> side = new LinkedHashMap<>();
    side.put("records_per_s_while_profiled", drained.eventsPerSecond());
    side.put("cpu_us_per_event_while_profiled", drained.cpuMicrosPerEvent());
    side.putAll(drained.profile().figures(events));
    return side;
  }

  private static Drained best(Drained sofar, Drained round) {
    return sofar == null || round.eventsPerSecond() > sofar.eventsPerSecond() ? round : sofar;
  }

  /** The free encoder loaded as users load a model directory, labels and moderation off. */
  private static Map<String, String> serviceOverrides(Path freeEncoder) {
    return Map.of("enrich.embedding.model", freeEncoder.toString(), "enrich.heads", "none", "enrich.moderation.topic", "");
  }

  /** The configuration the service reads with these overrides: the model it loads, timed alone and named in the figures. */
  private static ServiceConfig embedderConfig(KafkaBroker broker, Map<String, String> overrides) {
    return ServiceConfig.fromMap(withBroker(broker, overrides, "ceiling-model"));
  }

  private static Map<String, String> withBroker(KafkaBroker broker, Map<String, String> overrides, String applicationId) {
    Map<String, String> settings = new HashMap<>(overrides);
    settings.put("bootstrap.servers", broker.bootstrapServers());
    settings.put("application.id", applicationId);
    return settings;
  }

  static List<String> jsonEvents(List<String> texts) {
    List<String> events = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      ObjectNode event = JSON.createObjectNode().put("id", "e" + i).put("text", texts.get(i));
      events.add(event.toString());
    }
    return events;
  }

  private Drained reported(Drained run) {
    progress("  " + run.summary());
    return run;
  }

  private void progress(String message) {
    out.println("bench: " + message);
  }
}
