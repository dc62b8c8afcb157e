package io.textenrich.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.model.BuiltinModel;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.EngineTuning;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.heads.HeadSet;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedding benchmark: one run, one machine, one model (all-MiniLM-L6-v2 int8), the same
 * texts of mixed length for every phase, so that the figures are ratios measured side by side.
 */
public final class EmbeddingBenchmark {

  /**
   * What to run.
   *
   * @param intraOpThreads ONNX Runtime threads per operator, as {@code enrich.model.intra.op.threads};
   *     null for auto
   * @param engineParallelism model calls at once, as {@code enrich.engine.parallelism}, for the
   *     grouped raw phases and the end-to-end runs; null for auto
   */
  public record Options(int records, int batchSize, String device, String stateStore, int[] sweep, Integer intraOpThreads,
      Integer engineParallelism) {}

  private static final int ROUNDS = 3;
  /**
   * Texts queued at once for the auto call-size phase: enough for a few hundred calls, so that the
   * phase sees the engine's choice settle after its early probes (the first 64 calls), not only those.
   */
  private static final int AUTO_QUEUE = 1024;

  /** Texts per sweep point at the least: a point of a few seconds is noisier than the 10% auto is held to. */
  private static final int SWEEP_POINT_TEXTS = 512;
  private static final int SWEEP_ROUNDS = 2;

  private final Options options;
  private final PrintStream out;

  public EmbeddingBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every phase and returns the figures, keyed as the JSON output names them. */
  public BenchResult run() throws Exception {
    List<String> texts = BenchTexts.generate(options.records(), 42);
    BenchResult result = new BenchResult();
    String model = BuiltinModel.ALL_MINILM_L6_V2_Q.id();
    ExecutionDevice device = ExecutionDevice.parse(options.device());
    int intraOpThreads = EngineTuning.intraOpThreads(options.intraOpThreads(), EngineTuning.cudaPlanned(device));
    try (SentenceEmbedder embedder = SentenceEmbedder.open(EmbedderSettings.of(model)
        .withSession(SessionSettings.defaults().withDevice(device).withIntraOpThreads(intraOpThreads)))) {
      EngineTuning tuning = EngineTuning.choose(embedder.device(), Runtime.getRuntime().availableProcessors(), intraOpThreads,
          options.engineParallelism(), null, null, null);
      progress("engine: " + tuning.explanation());
      int[] tokens = texts.stream().mapToInt(embedder::countTokens).toArray();
      result.put("records", texts.size());
      result.put("model", model);
      result.put("device", embedder.device());
      result.put("state_store", options.stateStore());
      result.put("intra_op_threads", intraOpThreads);
      result.put("engine_parallelism", tuning.parallelism());
      result.put("engine_tuning", tuning.explanation());
      result.put("tokens_min", Arrays.stream(tokens).min().orElse(0));
      result.put("tokens_max", Arrays.stream(tokens).max().orElse(0));
      result.put("tokens_mean", Arrays.stream(tokens).average().orElse(0));
      progress("warming up the model");
      embedder.embed(texts.subList(0, Math.min(64, texts.size())));

      // The in-process phases run interleaved, ROUNDS times, and each reports its median: a noisy
      // neighbour then slows every phase alike instead of whichever ran at the wrong moment.
      HeadSet heads = HeadSet.load(HeadSet.BUILTIN, model);
      List<Phase> ungroupedRuns = new ArrayList<>();
      List<Phase> groupedRuns = new ArrayList<>();
      List<Phase> headRuns = new ArrayList<>();
      List<Double> referenceRuns = new ArrayList<>();
      AllMiniLmL6V2QuantizedEmbeddingModel referenceModel = new AllMiniLmL6V2QuantizedEmbeddingModel();
      for (int round = 1; round <= ROUNDS; round++) {
        progress("round " + round + "/" + ROUNDS + ": raw ONNX Runtime, batches of " + options.batchSize()
            + " in arrival order (no length grouping)");
        ungroupedRuns.add(rawBatches(embedder, texts, tokens, false, tuning));
        progress("round " + round + "/" + ROUNDS + ": raw ONNX Runtime, batches of " + options.batchSize() + " grouped by token length");
        groupedRuns.add(rawBatches(embedder, texts, tokens, true, tuning));
        progress("round " + round + "/" + ROUNDS + ": the same, plus the sentiment and moderation heads on the vectors");
        headRuns.add(engineBatches(embedder, texts, tokens, options.batchSize(), tuning, heads));
        progress("round " + round + "/" + ROUNDS + ": reference embedder (langchain4j, same model files), embedAll");
        referenceRuns.add(referenceThroughput(referenceModel, texts));
      }
      Phase ungrouped = median(ungroupedRuns);
      Phase grouped = median(groupedRuns);
      Phase withHeads = median(headRuns);
      double reference = referenceRuns.stream().sorted().toList().get(ROUNDS / 2);

      result.put("rounds", ROUNDS);
      result.put("raw_ungrouped_records_per_s", ungrouped.recordsPerSecond());
      result.put("raw_grouped_records_per_s", grouped.recordsPerSecond());
      result.put("raw_grouped_with_heads_records_per_s", withHeads.recordsPerSecond());
      result.put("heads_cost_share", 1 - withHeads.recordsPerSecond() / grouped.recordsPerSecond());
      result.put("padding_share_ungrouped", ungrouped.paddingShare());
      result.put("padding_share_grouped", grouped.paddingShare());
      result.put("call_size_mean_ungrouped", ungrouped.meanCallSize());
      result.put("call_size_mean_grouped", grouped.meanCallSize());
      result.put("call_size_mean_with_heads", withHeads.meanCallSize());
      result.put("reference_records_per_s", reference);
      result.put("speedup_vs_reference", grouped.recordsPerSecond() / reference);

      progress("starting a Kafka broker for the end-to-end runs");
      try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
        Map<String, String> service = Map.of("enrich.state.store", options.stateStore(),
            "enrich.engine.parallelism", Integer.toString(tuning.parallelism()),
            "enrich.model.intra.op.threads", Integer.toString(intraOpThreads));
        // Alternated twice, best of each kept: both sides get the same chances against noise.
        EndToEndRun.Result off = null;
        EndToEndRun.Result on = null;
        for (int round = 1; round <= 2; round++) {
          progress("round " + round + "/2: end to end through Kafka, batching off (one event per model call)");
          off = faster(off, EndToEndRun.run(broker, embedder, texts, with(service, Map.of("enrich.batch.max.records", "1",
              "enrich.engine.max.call.sequences", "1"))));
          progress("round " + round + "/2: end to end through Kafka, batching on (flushes of up to " + options.batchSize() + " events)");
          on = faster(on, EndToEndRun.run(broker, embedder, texts, with(service, Map.of("enrich.batch.max.records",
              Integer.toString(options.batchSize())))));
        }
        result.put("e2e_batching_off_records_per_s", off.recordsPerSecond());
        result.put("e2e_batching_on_records_per_s", on.recordsPerSecond());
        result.put("call_size_mean_e2e_batching_on", on.engine().meanCallSize());
        result.put("padding_share_e2e_batching_on", on.engine().paddingShare());
        result.put("batching_speedup", on.recordsPerSecond() / off.recordsPerSecond());
        result.put("pipeline_efficiency", on.recordsPerSecond() / grouped.recordsPerSecond());
        EngineDefaultsBenchmark.run(broker, texts, options.device(), result, out);
      }

      // Auto's call size against the sweep's best, on the sweep's texts: before and after it, the better
      // kept, as the sweep's best is the best of its points.
      List<String> deepQueue = texts.subList(0, Math.min(texts.size(), AUTO_QUEUE));
      progress("auto: the engine measures its call size, then takes " + deepQueue.size() + " texts queued at once");
      Phase first = autoCallSize(embedder, deepQueue, tokens, tuning);
      progressOfAuto("auto", first);
      // Two rounds over the points, the faster of each point kept: one round's noise moved points by a tenth.
      Map<Integer, Phase> points = new LinkedHashMap<>();
      for (int round = 1; round <= SWEEP_ROUNDS; round++) {
        for (int size : options.sweep()) {
          progress("sweep, round " + round + "/" + SWEEP_ROUNDS + ": model calls of " + size + " texts of similar length");
          Phase phase = callSizePoint(embedder, texts.subList(0, Math.min(texts.size(), Math.max(SWEEP_POINT_TEXTS, size * 4))),
              tokens, size, tuning.parallelism());
          points.merge(size, phase, (a, b) -> b.recordsPerSecond() > a.recordsPerSecond() ? b : a);
        }
      }
      List<Map<String, Object>> sweep = new ArrayList<>();
      for (int size : options.sweep()) {
        Phase phase = points.get(size);
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("batch_size", size);
        point.put("call_size_mean", phase.meanCallSize());
        point.put("padding_share", phase.paddingShare());
        point.put("records_per_s", phase.recordsPerSecond());
        point.put("latency_p50_ms", phase.latencyMs(0.50));
        point.put("latency_p95_ms", phase.latencyMs(0.95));
        point.put("latency_p99_ms", phase.latencyMs(0.99));
        sweep.add(point);
      }
      result.put("sweep", sweep);
      progress("auto again, after the sweep");
      Phase again = autoCallSize(embedder, deepQueue, tokens, tuning);
      progressOfAuto("auto again", again);
      Phase auto = again.recordsPerSecond() > first.recordsPerSecond() ? again : first;
      Map<String, Object> best = sweep.stream()
          .max(java.util.Comparator.comparingDouble(p -> (Double) p.get("records_per_s"))).orElseThrow();
      result.put("auto_call_size_records_per_s", auto.recordsPerSecond());
      result.put("auto_call_size_mean", auto.meanCallSize());
      result.put("best_sweep_call_size", best.get("batch_size"));
      result.put("best_sweep_records_per_s", best.get("records_per_s"));
      result.put("auto_vs_best_call_size", auto.recordsPerSecond() / (Double) best.get("records_per_s"));
      // The limits the two runs settled on, each rated by the sweep's texts run at that limit (what it costs to run
      // there once settled); the figure is the worse, as the goal holds for every run.
      result.put("auto_settled_call_tokens", List.of(first.callTokenLimit(), again.callTokenLimit()));
      Phase settled = null;
      for (int limit : new LinkedHashSet<>(List.of(first.callTokenLimit(), again.callTokenLimit()))) {
        Phase point = null;
        for (int round = 1; round <= SWEEP_ROUNDS; round++) {
          progress("the sweep's texts at auto's settled limit of " + limit + " padded tokens per call, round " + round + "/"
              + SWEEP_ROUNDS);
          Phase phase = callTokenPoint(embedder, texts.subList(0, Math.min(texts.size(), SWEEP_POINT_TEXTS)), tokens, limit,
              tuning);
          point = point == null || phase.recordsPerSecond() > point.recordsPerSecond() ? phase : point;
        }
        settled = settled == null || point.recordsPerSecond() < settled.recordsPerSecond() ? point : settled;
      }
      result.put("auto_settled_call_token_limit", settled.callTokenLimit());
      result.put("auto_settled_call_size_mean", settled.meanCallSize());
      result.put("auto_settled_records_per_s", settled.recordsPerSecond());
      result.put("auto_settled_vs_best", settled.recordsPerSecond() / (Double) best.get("records_per_s"));
    }
    return result;
  }

  /**
   * One phase's records, time, padding, mean model-call size and per-batch latencies.
   *
   * @param callTokenLimit the most padded tokens the engine put in a call at the phase's end: for
   *     {@code auto}, the limit it settled on
   */
  private record Phase(int records, double seconds, long realTokens, long paddedTokens, double meanCallSize,
      double[] batchLatenciesMs, int callTokenLimit) {

    double recordsPerSecond() {
      return records / seconds;
    }

    double paddingShare() {
      return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }

    double latencyMs(double q) {
      double[] sorted = batchLatenciesMs.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
  }

  private Phase rawBatches(SentenceEmbedder embedder, List<String> texts, int[] tokens, boolean grouped, EngineTuning tuning)
      throws Exception {
    if (grouped) {
      return engineBatches(embedder, texts, tokens, options.batchSize(), tuning, null);
    }
    long real = 0;
    long padded = 0;
    List<Double> latencies = new ArrayList<>();
    Stopwatch watch = Stopwatch.start();
    for (int start = 0; start < texts.size(); start += options.batchSize()) {
      long t = System.nanoTime();
      EmbeddingBatch batch = embedder.embed(texts.subList(start, Math.min(texts.size(), start + options.batchSize())));
      latencies.add((System.nanoTime() - t) / 1e6);
      real += Arrays.stream(batch.tokenCounts()).sum();
      padded += (long) batch.paddedLength() * batch.size();
    }
    return new Phase(texts.size(), watch.seconds(), real, padded, options.batchSize(),
        latencies.stream().mapToDouble(Double::doubleValue).toArray(), Integer.MAX_VALUE);
  }

  /**
   * Batches of {@code size} through the shared engine, as the service's flushes use it, with the
   * engine cut as {@code tuning} says; with {@code heads}, each batch's vectors are also
   * classified, as the service does.
   */
  private static Phase engineBatches(SentenceEmbedder embedder, List<String> texts, int[] tokens, int size, EngineTuning tuning,
      HeadSet heads) throws Exception {
    return engineBatches(embedder, texts, tokens, size, EmbeddingEngine.Settings.defaults().withMaxCallRecords(size)
        .withMaxCallPaddedTokens(tuning.maxCallPaddedTokens()).withMaxCallPaddingShare(tuning.maxCallPaddingShare())
        .withParallelism(tuning.parallelism()), heads);
  }

  /**
   * One point of the call-size sweep: the texts sorted by token length and sent in chunks of
   * {@code size}, each chunk one model call, unbounded by budget or padding. These are the calls a
   * deep queue gives (many texts, similar lengths), so the point says what a model call of that
   * size costs.
   */
  private static Phase callSizePoint(SentenceEmbedder embedder, List<String> texts, int[] tokens, int size, int parallelism)
      throws Exception {
    ByLength sorted = ByLength.of(texts, tokens);
    return engineBatches(embedder, sorted.texts(), sorted.tokens(), size, EmbeddingEngine.Settings.defaults().withMaxCallRecords(size)
        .withMaxCallPaddedTokens(Integer.MAX_VALUE).withMaxCallPaddingShare(1.0).withParallelism(parallelism), null);
  }

  /** Texts and their token counts, shortest first: the order the sweep's points send them in. */
  private record ByLength(List<String> texts, int[] tokens) {
    static ByLength of(List<String> texts, int[] tokens) {
      Integer[] order = new Integer[texts.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, java.util.Comparator.comparingInt(i -> tokens[i]));
      return new ByLength(Arrays.stream(order).map(texts::get).toList(), Arrays.stream(order).mapToInt(i -> tokens[i]).toArray());
    }
  }

  /**
   * The sweep's texts, shortest first and queued at once, in calls cut at {@code limit} padded tokens (and the tuning's
   * most texts), one at a time: what a call size settled on in padded tokens costs on the sweep's texts.
   */
  private static Phase callTokenPoint(SentenceEmbedder embedder, List<String> texts, int[] tokens, int limit, EngineTuning tuning)
      throws Exception {
    ByLength sorted = ByLength.of(texts, tokens);
    return engineBatches(embedder, sorted.texts(), sorted.tokens(), texts.size(), EmbeddingEngine.Settings.defaults()
        .withMaxCallRecords(tuning.maxCallSequences()).withMaxCallPaddedTokens(limit).withMaxCallPaddingShare(1.0)
        .withParallelism(1), null);
  }

  /**
   * The engine as {@code auto} runs it (call size measured at start, then kept current; the
   * tuning's padding bounds), given the texts in arrival order all at once, one call at a time
   * like the sweep's points, so that only the call size differs.
   */
  private static Phase autoCallSize(SentenceEmbedder embedder, List<String> texts, int[] tokens, EngineTuning tuning)
      throws Exception {
    return engineBatches(embedder, texts, tokens, texts.size(), EmbeddingEngine.Settings.defaults()
        .withMaxCallRecords(tuning.maxCallSequences()).withMaxCallPaddedTokens(tuning.maxCallPaddedTokens())
        .withMaxCallPaddingShare(tuning.maxCallPaddingShare()).withParallelism(1).withMeasuredCallSize(true), null);
  }

  private static Phase engineBatches(SentenceEmbedder embedder, List<String> texts, int[] tokens, int size,
      EmbeddingEngine.Settings settings, HeadSet heads) throws Exception {
    try (EmbeddingEngine engine = new EmbeddingEngine(embedder, settings)) {
      List<Double> latencies = new ArrayList<>();
      Stopwatch watch = Stopwatch.start();
      for (int start = 0; start < texts.size(); start += size) {
        int end = Math.min(texts.size(), start + size);
        long t = System.nanoTime();
        List<EmbeddingEngine.Embedded> embedded = engine.submit(texts.subList(start, end), Arrays.copyOfRange(tokens, start, end),
            Duration.ofMinutes(1)).get(5, TimeUnit.MINUTES);
        if (heads != null) {
          heads.classify(texts.subList(start, end), embedded.stream().map(EmbeddingEngine.Embedded::vector).toList(), embedder.modelName(),
              embedder.modelVersion());
        }
        latencies.add((System.nanoTime() - t) / 1e6);
      }
      double seconds = watch.seconds();
      EmbeddingEngine.Stats stats = engine.stats();
      return new Phase(texts.size(), seconds, stats.realTokens(), stats.paddedTokens(), stats.meanCallSize(),
          latencies.stream().mapToDouble(Double::doubleValue).toArray(), engine.callTokenLimit());
    }
  }

  private static Phase median(List<Phase> runs) {
    return runs.stream().sorted(java.util.Comparator.comparingDouble(Phase::recordsPerSecond)).toList().get(runs.size() / 2);
  }

  private static double referenceThroughput(AllMiniLmL6V2QuantizedEmbeddingModel reference, List<String> texts) {
    reference.embedAll(texts.subList(0, Math.min(64, texts.size())).stream().map(TextSegment::from).toList());
    Stopwatch watch = Stopwatch.start();
    reference.embedAll(texts.stream().map(TextSegment::from).toList());
    return texts.size() / watch.seconds();
  }

  private static EndToEndRun.Result faster(EndToEndRun.Result best, EndToEndRun.Result run) {
    return best == null || run.recordsPerSecond() > best.recordsPerSecond() ? run : best;
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> all = new HashMap<>(base);
    all.putAll(more);
    return all;
  }

  private void progressOfAuto(String run, Phase phase) {
    progress(String.format(Locale.ROOT, "%s: %.1f events/s at a mean call of %.1f texts, settled on calls of up to %d padded"
        + " tokens", run, phase.recordsPerSecond(), phase.meanCallSize(), phase.callTokenLimit()));
  }

  private void progress(String message) {
    out.println("bench: " + message);
  }
}
