package io.textenrich.bench;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.TempDirectory;
import io.textenrich.model.BuiltinModel;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The stages benchmark: what separate encoder and completion stages give, side by side in one
 * run on one broker, with the same texts for every phase. Each throughput run of the service or the peer runs in a
 * JVM of its own ({@link PhaseProcess}).
 *
 * <ul>
 *   <li>{@code pipeline_efficiency}: the service's end-to-end events/s (Kafka to Avro, exactly-once,
 *       completions off, its default labels) over the best raw-engine events/s on the same texts and model;
 *       {@code pipeline_efficiency_embeddings_only} the same with the service embedding only, as the raw engine does. The raw
 *       engine gets every text at once (the deepest queue), without labels, Kafka or Avro, for each
 *       engine configuration tried and each call size of {@link #RAW_CALL_SIZES} (on some CPUs small
 *       calls cost least per text, on others large ones); the best point, run twice, is the
 *       denominator, so it bounds from above what the service could reach with those settings.
 *   <li>{@code peer_speedup}: the service against {@link PeerApplication}, same broker, input
 *       topic, partitions and stream threads, both exactly-once; with equal work twice over:
 *       {@code peer_speedup_embeddings_only} (the service with heads and moderation off against the
 *       peer that embeds) and {@code peer_speedup_with_heads} (the service with its default labels
 *       against the peer that also runs the built-in heads on each vector). The service's default
 *       also guesses each event's language for the per-language heads, which the peer does not.
 *       {@code peer_speedup_bound}: the best raw engine over the peer, the most the service could gain on it
 *       without running the model faster than the engine alone does.
 *   <li>{@code stage_isolation}: the moderation topic's p99 latency (input record time to a
 *       read_committed consumer, two rounds' latencies pooled) at a steady input rate while every event
 *       also gets a 64-token completion, over the same p99 with completions off.
 *   <li>completions per second for the same selected events with and without other events
 *       keeping the encoder busy, and how many completions were given up (dead-lettered or
 *       missing).
 * </ul>
 */
public final class StageBenchmark {

  /**
   * @param records texts for the throughput phases
   * @param rate events per second offered in the latency phases
   * @param seconds how long each latency phase offers them
   * @param completions selected events in each completion phase
   */
  public record Options(int records, String device, double rate, int seconds, int completions) {

    public Options {
      if (seconds <= WARM_UP_SECONDS) {
        throw new IllegalArgumentException("--seconds must be more than " + WARM_UP_SECONDS + ": the latency phases' first "
            + WARM_UP_SECONDS + " seconds are a warm-up, not counted");
      }
    }
  }

  private static final String MODEL = BuiltinModel.ALL_MINILM_L6_V2_Q.id();
  static final int THREADS = 2;
  static final int PARTITIONS = 2;
  private static final int NEW_TOKENS = 64;
  /**
   * Rounds of the throughput phases, each phase's best kept: runs of one phase on an idle machine moved by up to a
   * tenth (the model's calls themselves ran slower in the slow runs, and the broker beside it took more CPU per
   * event), more than the labels cost.
   */
  static final int THROUGHPUT_ROUNDS = 3;
  /**
   * Events in each pass of a throughput run's warm-up, in the same JVM before its counted ones: a fresh JVM compiles the
   * code it runs per event during its first seconds, and the labelled service, which runs the most code, paid the most
   * for it (5 to 12% of a 25 s run's rate).
   */
  static final int THROUGHPUT_WARM_UP_EVENTS = 2048;
  /** The most warm-up passes of a throughput run. */
  static final int THROUGHPUT_WARM_UP_PASSES = 4;
  /** Most texts per model call tried for the raw engine: the service's call size is measured, so the bound must try it too. */
  static final int[] RAW_CALL_SIZES = {1, 4, 16, 64};
  /** Texts per raw-engine point: its rate is steady from the first call (no Kafka, nothing to fill), so more would only take longer. */
  private static final int RAW_TEXTS = 2048;
  /** The service doing the peer's work: vectors only, no heads, no moderation routing. */
  static final Map<String, String> EMBEDDINGS_ONLY = Map.of("enrich.heads", "none", "enrich.moderation.topic", "");
  /**
   * One event in this many is a text the moderation head flags in the latency phases: at one in eight a
   * run gave 75 latencies, so its p99 was its single slowest event, which swung the figure by half
   * between runs of the same code.
   */
  private static final int FLAGGED_EVERY = 2;
  /**
   * The latency phases' first seconds are sent but not counted: the first events meet a service still starting (the
   * first transaction, the moderation topic's metadata) and took 300 to 1,500 ms once per run, with completions or
   * without, which decided a p99 of a few hundred events.
   */
  public static final int WARM_UP_SECONDS = 3;
  private static final String[] FLAGGED = {
      "You are an idiot and everyone here hates you, shut up forever",
      "Congratulations! You won a free prize, click the link now to claim your reward"};

  private final Options options;
  private final PrintStream out;

  public StageBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public BenchResult run() throws Exception {
    BenchResult result = new BenchResult();
    List<String> texts = BenchTexts.generate(options.records(), 42);
    int cores = Runtime.getRuntime().availableProcessors();
    result.put("records", texts.size());
    result.put("model", MODEL);
    result.put("cores", cores);
    result.put("stream_threads", THREADS);
    result.put("partitions", PARTITIONS);
    // Engine configurations tried: one call at a time on every core, and one single-threaded call per core.
    List<int[]> configurations = new ArrayList<>(List.of(new int[] {0, 1}));
    if (cores > 1) {
      configurations.add(new int[] {1, cores});
    }
    Map<String, SentenceEmbedder> embedders = new LinkedHashMap<>();
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      double bestRaw = 0;
      double bestRawCpu = 0;
      int[] best = configurations.get(0);
      int bestCallSize = RAW_CALL_SIZES[0];
      List<Map<String, Object>> raw = new ArrayList<>();
      List<String> rawTexts = texts.subList(0, Math.min(texts.size(), RAW_TEXTS));
      // One tokenizer for every configuration (they differ in threads only), so the texts are counted once.
      int threadsFirst = configurations.get(0)[0];
      SentenceEmbedder first = embedders.computeIfAbsent(threadsFirst + "", k -> open(threadsFirst));
      int[] rawTokens = rawTexts.stream().mapToInt(first::countTokens).toArray();
      for (int[] c : configurations) {
        SentenceEmbedder embedder = embedders.computeIfAbsent(c[0] + "", k -> open(c[0]));
        for (int callSize : RAW_CALL_SIZES) {
          progress("raw engine, " + describe(c) + ", calls of up to " + callSize + " texts");
          Drained point = rawEngine(embedder, rawTexts, rawTokens, c[1], callSize);
          double rate = point.eventsPerSecond();
          raw.add(Map.of("intra_op_threads", c[0], "engine_parallelism", c[1], "max_call_records", callSize, "records_per_s", rate,
              "cpu_us_per_event", point.cpuMicrosPerEvent(), "compiler_us_per_event", point.compilerMicrosPerEvent()));
          if (rate > bestRaw) {
            bestRaw = rate;
            bestRawCpu = point.cpuMicrosPerEvent();
            best = c;
            bestCallSize = callSize;
          }
        }
      }
      // The best point once more, the faster of its runs kept: a bound taken from one unlucky run would be too low.
      progress("raw engine, " + describe(best) + ", calls of up to " + bestCallSize + " texts, again");
      SentenceEmbedder embedder = embedders.get(best[0] + "");
      Drained again = rawEngine(embedder, rawTexts, rawTokens, best[1], bestCallSize);
      if (again.eventsPerSecond() > bestRaw) {
        bestRaw = again.eventsPerSecond();
        bestRawCpu = again.cpuMicrosPerEvent();
      }
      result.put("raw_engine", raw);
      result.put("raw_engine_best_records_per_s", bestRaw);
      result.put("raw_engine_best_cpu_us_per_event", bestRawCpu);
      result.put("raw_engine_best_call_records", bestCallSize);
      result.put("engine_configuration", describe(best));

      int[] engine = best;
      Map<String, String> device = Map.of("enrich.model.device", options.device());
      Map<String, String> embeddingsOnly = new HashMap<>(EMBEDDINGS_ONLY);
      embeddingsOnly.putAll(device);
      List<String> names = List.of("the service end to end with its default labels, " + describe(engine),
          "the peer application (langchain4j embed per record in mapValues)",
          "the service end to end with embeddings only (heads and moderation off)",
          "the peer application also running the built-in heads on each vector");
      // Each in a JVM of its own (PhaseProcess), warmed up first.
      Drained.WarmUp warmUp = new Drained.WarmUp(texts.subList(0, Math.min(texts.size(), THROUGHPUT_WARM_UP_EVENTS)),
          THROUGHPUT_WARM_UP_PASSES);
      Drained.Feed feed = Drained.Feed.SENT_ONCE_RUNNING;
      List<Callable<Drained>> phases = List.of(
          () -> service(broker, engine, feed, warmUp, texts, device, null),
          () -> peer(broker, PhaseProcess.Application.PEER_EMBEDDING, feed, warmUp, texts, null),
          () -> service(broker, engine, feed, warmUp, texts, embeddingsOnly, null),
          () -> peer(broker, PhaseProcess.Application.PEER_EMBEDDING_WITH_HEADS, feed, warmUp, texts, null));
      // Each phase's best of THROUGHPUT_ROUNDS; every other round runs them in reverse, so that no phase always meets the
      // broker at the same point of its own warm-up (its CPU per event fell by half over the first runs of a bench).
      double[] rates = new double[phases.size()];
      Map<String, List<Drained>> runs = new LinkedHashMap<>();
      for (int round = 1; round <= THROUGHPUT_ROUNDS; round++) {
        for (int k = 0; k < phases.size(); k++) {
          int i = round % 2 == 1 ? k : phases.size() - 1 - k;
          progress("round " + round + "/" + THROUGHPUT_ROUNDS + ": " + names.get(i));
          Drained run = phases.get(i).call();
          progress("  " + run.summary());
          runs.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(run);
          rates[i] = Math.max(rates[i], run.eventsPerSecond());
        }
      }
      result.put("throughput_runs_records_per_s", eachRun(runs, Drained::eventsPerSecond));
      // Where the CPU beyond the model's goes: the raw engine's process spends about the model's alone.
      result.put("throughput_runs_cpu_us_per_event", eachRun(runs, Drained::cpuMicrosPerEvent));
      result.put("throughput_runs_broker_cpu_us_per_event", eachRun(runs, Drained::brokerCpuMicrosPerEvent));
      result.put("throughput_runs_compiler_us_per_event", eachRun(runs, Drained::compilerMicrosPerEvent));
      result.put("throughput_runs_warm_up_events", eachRun(runs, Drained::warmUpEvents));
      double ours = rates[0];
      double peer = rates[1];
      double oursEmbeddingsOnly = rates[2];
      double peerWithHeads = rates[3];
      result.put("e2e_records_per_s", ours);
      result.put("peer_records_per_s", peer);
      result.put("pipeline_efficiency", ours / bestRaw);
      // The raw engine embeds only: the service doing the same work is the like-for-like measure of the machinery.
      result.put("pipeline_efficiency_embeddings_only", oursEmbeddingsOnly / bestRaw);
      result.put("peer_speedup", ours / peer);
      // The peer calls the model once per text; where that costs about what a batch does per text, the peer runs the
      // model near the raw engine's speed and no pipeline can be much faster than it.
      result.put("peer_speedup_bound", bestRaw / peer);
      result.put("e2e_embeddings_only_records_per_s", oursEmbeddingsOnly);
      result.put("peer_with_heads_records_per_s", peerWithHeads);
      result.put("peer_speedup_embeddings_only", oursEmbeddingsOnly / peer);
      result.put("peer_speedup_with_heads", ours / peerWithHeads);

      // Latencies of both rounds pooled, so that the p99 is not the single slowest event of one run.
      List<Double> off = new ArrayList<>();
      List<Double> on = new ArrayList<>();
      List<Double> offP99 = new ArrayList<>();
      List<Double> onP99 = new ArrayList<>();
      for (int round = 1; round <= 2; round++) {
        progress("round " + round + "/2: moderation latency, completions off");
        List<Double> offRound = moderationLatencies(broker, embedder, best, false);
        progress("round " + round + "/2: moderation latency, every event also completed (" + NEW_TOKENS + " tokens)");
        List<Double> onRound = moderationLatencies(broker, embedder, best, true);
        off.addAll(offRound);
        on.addAll(onRound);
        offP99.add(percentile(offRound, 0.99));
        onP99.add(percentile(onRound, 0.99));
      }
      result.put("moderation_latency_samples", Map.of("completions_off", off.size(), "completions_on", on.size()));
      result.put("moderation_p50_ms_completions_off", percentile(off, 0.5));
      result.put("moderation_p50_ms_completions_on", percentile(on, 0.5));
      result.put("moderation_p99_ms_completions_off", percentile(off, 0.99));
      result.put("moderation_p99_ms_completions_on", percentile(on, 0.99));
      result.put("moderation_p99_ms_by_round_completions_off", offP99);
      result.put("moderation_p99_ms_by_round_completions_on", onP99);
      result.put("stage_isolation", percentile(on, 0.99) / percentile(off, 0.99));

      int[] givenUp = new int[1];
      progress("completions alone");
      double alone = completionsPerSecond(broker, embedder, best, 0, givenUp);
      progress("completions with four other events per selected one keeping the encoder busy");
      double loaded = completionsPerSecond(broker, embedder, best, 4, givenUp);
      result.put("completions_per_s_alone", alone);
      result.put("completions_per_s_with_encoder_load", loaded);
      result.put("completions_given_up", givenUp[0]);
    } finally {
      embedders.values().forEach(SentenceEmbedder::close);
    }
    return result;
  }

  private SentenceEmbedder open(int intraOpThreads) {
    return SentenceEmbedder.open(EmbedderSettings.of(MODEL).withSession(SessionSettings.defaults()
        .withDevice(ExecutionDevice.parse(options.device())).withIntraOpThreads(intraOpThreads)));
  }

  private static String describe(int[] configuration) {
    return "intra.op.threads=" + configuration[0] + " parallelism=" + configuration[1];
  }

  /** One figure of every run, by phase, in the order the runs came. */
  private static <T> Map<String, List<T>> eachRun(Map<String, List<Drained>> runs, Function<Drained, T> figure) {
    Map<String, List<T>> out = new LinkedHashMap<>();
    runs.forEach((phase, drained) -> out.put(phase, drained.stream().map(figure).toList()));
    return out;
  }

  /**
   * Every text submitted at once to a fresh engine cutting calls of up to {@code callSize} texts, after a first call of
   * 64 not counted: events/s until the last result, and this process's and its compiler's time per text meanwhile (no
   * broker: NaN).
   */
  private static Drained rawEngine(SentenceEmbedder embedder, List<String> texts, int[] tokens, int parallelism, int callSize)
      throws Exception {
    EmbeddingEngine.Settings settings = EmbeddingEngine.Settings.defaults().withQueueCapacity(texts.size())
        .withParallelism(parallelism).withMaxCallRecords(callSize);
    try (EmbeddingEngine engine = new EmbeddingEngine(embedder, settings)) {
      engine.submit(texts.subList(0, 64), Arrays.copyOf(tokens, 64), Duration.ofMinutes(1)).get(5, TimeUnit.MINUTES);
      Stopwatch watch = Stopwatch.start();
      long cpu = Drained.processCpuNanos();
      long compiler = CompilerActivity.compilerNanos();
      List<CompletableFuture<List<EmbeddingEngine.Embedded>>> calls = new ArrayList<>();
      for (int start = 0; start < texts.size(); start += 64) {
        int end = Math.min(texts.size(), start + 64);
        calls.add(engine.submit(texts.subList(start, end), Arrays.copyOfRange(tokens, start, end), Duration.ofMinutes(1)));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      double seconds = watch.seconds();
      return new Drained(texts.size() / seconds, (Drained.processCpuNanos() - cpu) / 1e3 / texts.size(), Double.NaN, 64,
          (CompilerActivity.compilerNanos() - compiler) / 1e3 / texts.size(), null);
    }
  }

  /**
   * The service's settings for one run on the bench's topics (out-, dead- and moderation-RUN), without its state
   * directory.
   *
   * @param engine ONNX Runtime threads per call and calls at once, as tried for the raw engine; null keeps the
   *     service's defaults
   */
  static Map<String, String> serviceSettings(KafkaBroker broker, String run, String input, int[] engine) {
    Map<String, String> settings = new HashMap<>(Map.ofEntries(
        Map.entry("bootstrap.servers", broker.bootstrapServers()),
        Map.entry("application.id", "stage-bench-" + run),
        Map.entry("num.stream.threads", Integer.toString(THREADS)),
        Map.entry("enrich.input.topic", input),
        Map.entry("enrich.output.topic", "out-" + run),
        Map.entry("enrich.dead.letter.topic", "dead-" + run),
        Map.entry("enrich.moderation.topic", "moderation-" + run),
        Map.entry("enrich.http.port", "0")));
    if (engine != null) {
      settings.put("enrich.model.intra.op.threads", Integer.toString(engine[0]));
      settings.put("enrich.engine.parallelism", Integer.toString(engine[1]));
    }
    return settings;
  }

  /**
   * The service, in a JVM of its own that loads its model as {@code enrich run} does, enriches {@code warmUp} (not
   * counted) and {@code events}, fed as {@code feed} says, with the bench's settings and {@code overrides}.
   *
   * @param profile a JFR recording of the drain goes there; null for none
   */
  static Drained service(KafkaBroker broker, int[] engine, Drained.Feed feed, Drained.WarmUp warmUp, List<String> events,
      Map<String, String> overrides, Path profile) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "in-" + run;
    broker.createTopics(PARTITIONS, input, "out-" + run, "dead-" + run, "moderation-" + run);
    Map<String, String> settings = serviceSettings(broker, run, input, engine);
    settings.putAll(overrides);
    return PhaseProcess.run(broker, PhaseProcess.Application.SERVICE, feed, input, "out-" + run, warmUp, events, settings,
        profile);
  }

  /** A {@link PeerApplication}, in a JVM of its own, enriches {@code warmUp} (not counted) and {@code events}, fed as {@code feed} says. */
  static Drained peer(KafkaBroker broker, PhaseProcess.Application application, Drained.Feed feed, Drained.WarmUp warmUp,
      List<String> events, Path profile) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "peer-in-" + run;
    broker.createTopics(PARTITIONS, input, "peer-out-" + run);
    return PhaseProcess.run(broker, application, feed, input, "peer-out-" + run, warmUp, events, Map.of(), profile);
  }

  /**
   * Offers events at a steady rate, one in {@value #FLAGGED_EVERY} a text the moderation head flags,
   * and returns each flagged event's time from input record to arrival on the moderation topic
   * (read_committed), in milliseconds, for the events sent after the first {@value #WARM_UP_SECONDS} seconds.
   */
  private List<Double> moderationLatencies(KafkaBroker broker, SentenceEmbedder embedder, int[] engine, boolean completions)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "latency-in-" + run;
    broker.createTopics(PARTITIONS, input, "out-" + run, "dead-" + run, "moderation-" + run);
    int count = (int) (options.rate() * options.seconds());
    List<String> texts = BenchTexts.generate(count, 7);
    int flagged = 0;
    for (int i = 0; i < count; i += FLAGGED_EVERY) {
      texts.set(i, FLAGGED[(i / FLAGGED_EVERY) % FLAGGED.length] + " (" + i + ")");
      flagged++;
    }
    try (TempDirectory state = TempDirectory.create("stage-bench")) {
      Map<String, String> settings = serviceSettings(broker, run, input, engine);
      settings.put("state.dir", state.path().toString());
      if (completions) {
        settings.putAll(Map.of("enrich.completion.mode", "all", "enrich.completion.max.new.tokens", Integer.toString(NEW_TOKENS),
            "enrich.completion.min.new.tokens", Integer.toString(NEW_TOKENS), "enrich.completion.intra.op.threads", "1"));
      }
      try (EnrichmentService service = EnrichmentService.start(ServiceConfig.fromMap(settings), embedder)) {
        service.awaitRunning(Duration.ofMinutes(2));
        List<Double> latencies = new ArrayList<>();
        List<Double> counted = new ArrayList<>();
        int firstCounted = (int) (options.rate() * WARM_UP_SECONDS);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> BenchTopics.drain(broker.bootstrapServers(), "moderation-" + run, -1, stop, r -> {
          double latency = System.currentTimeMillis() - r.timestamp();
          synchronized (latencies) {
            latencies.add(latency);
            if (Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(1)) >= firstCounted) {
              counted.add(latency);
            }
          }
        }));
        long intervalNanos = (long) (1e9 / options.rate());
        long next = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = BenchTopics.producer(broker.bootstrapServers())) {
          for (int i = 0; i < count; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += intervalNanos;
            producer.send(new ProducerRecord<>(input, ("l" + i).getBytes(StandardCharsets.UTF_8),
                texts.get(i).getBytes(StandardCharsets.UTF_8)));
          }
        }
        // The heads also flag some of the other texts: wait for every marked one, then until the
        // topic has been quiet for three seconds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int seen = -1;
        while ((latencySize(latencies) < flagged || latencySize(latencies) > seen) && System.nanoTime() < deadline) {
          seen = latencySize(latencies);
          Thread.sleep(3000);
        }
        stop.set(true);
        reader.get(30, TimeUnit.SECONDS);
        synchronized (latencies) {
          progress("  " + latencies.size() + " flagged events on the moderation topic (" + flagged + " marked), " + counted.size()
              + " after the warm-up: p50 " + Math.round(percentile(counted, 0.5)) + " ms, p99 " + Math.round(percentile(counted, 0.99))
              + " ms (the slowest of all " + Math.round(percentile(latencies, 1.0)) + " ms)");
          return List.copyOf(counted);
        }
      }
    }
  }

  private static int latencySize(List<Double> latencies) {
    synchronized (latencies) {
      return latencies.size();
    }
  }

  /**
   * The same {@link Options#completions()} selected events (64 new tokens each), with
   * {@code othersPerSelected} events between them that only the encoder works on: completions/s
   * until the last selected record is read. Completions missing or dead-lettered add to
   * {@code givenUp}.
   */
  private double completionsPerSecond(KafkaBroker broker, SentenceEmbedder embedder, int[] engine, int othersPerSelected,
      int[] givenUp) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "completion-in-" + run;
    broker.createTopics(PARTITIONS, input, "out-" + run, "dead-" + run, "moderation-" + run);
    List<String> events = new ArrayList<>();
    List<String> others = BenchTexts.generate(options.completions() * othersPerSelected, 11);
    for (int i = 0; i < options.completions(); i++) {
      events.add("{\"id\":\"c" + i + "\",\"text\":\"Write a short fortune for visitor " + i + "\",\"attributes\":{\"complete\":\"yes\"}}");
      for (int j = 0; j < othersPerSelected; j++) {
        events.add("{\"id\":\"o" + i + "-" + j + "\",\"text\":\"" + others.get(i * othersPerSelected + j) + "\"}");
      }
    }
    BenchTopics.produce(broker.bootstrapServers(), input, events);
    try (TempDirectory state = TempDirectory.create("stage-bench")) {
      Map<String, String> settings = serviceSettings(broker, run, input, engine);
      settings.put("state.dir", state.path().toString());
      settings.putAll(Map.of("enrich.completion.mode", "rule", "enrich.completion.rule", "attr:complete=yes",
          "enrich.completion.max.new.tokens", Integer.toString(NEW_TOKENS), "enrich.completion.min.new.tokens",
          Integer.toString(NEW_TOKENS), "enrich.completion.intra.op.threads", "1"));
      try (EnrichmentService service = EnrichmentService.start(ServiceConfig.fromMap(settings), embedder)) {
        service.awaitRunning(Duration.ofMinutes(2));
        long start = System.nanoTime();
        int[] completed = new int[1];
        long[] last = new long[1];
        AvroSerde<EnrichedText> serde = AvroSerde.enrichedText();
        BenchTopics.drain(broker.bootstrapServers(), "out-" + run, events.size(), null, r -> {
          EnrichedText value = serde.deserialize(r.topic(), r.value());
          if (value.getCompletion() != null) {
            completed[0]++;
            last[0] = System.nanoTime();
          }
        });
        givenUp[0] += options.completions() - completed[0];
        return completed[0] / ((last[0] - start) / 1e9);
      }
    }
  }

  /** The nearest-rank percentile {@code q} of {@code values}. */
  private static double percentile(List<Double> values, double q) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private void progress(String message) {
    out.println("bench: " + message);
  }
}
