package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.generate.Completion;
import io.textenrich.model.generate.DecoderConfig;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.model.generate.EngineSettings;
import io.textenrich.model.generate.EngineStats;
import io.textenrich.model.generate.GenerationEngine;
import io.textenrich.model.generate.GenerationRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code complete} scenario of {@code bench}, in one run:
 *
 * <ol>
 *   <li>one sequence of {@code newTokens} greedy tokens after a long prompt, with the key/value
 *       cache (the engine) and without it (the whole sequence recomputed for every token);
 *   <li>{@code concurrency} prompts of mixed lengths and mixed completion lengths, submitted at once,
 *       decoded one at a time and with continuous batching; time to first token and the gaps
 *       between a sequence's tokens, as percentiles over every request of the timed runs;
 *   <li>the engine under load: {@link GenerationLoadBenchmark}.
 * </ol>
 *
 * Both comparisons check that the two ways produce the same tokens, so a speedup never comes from
 * doing different work. Each measurement runs once untimed to warm up, then {@code repeats} times;
 * rates are medians. Completions are greedy and ignore end-of-sequence, so each produces exactly
 * the tokens asked for.
 */
final class CompletionBenchmark {

  /** The measured prompts: beginnings of this text, so their lengths vary and nothing is random. */
  private static final String TEXT = "The best way to predict the future is to invent it, said the computer scientist to"
      + " the crowd, and then he explained at great length why nobody should ever trust a machine that writes its"
      + " own fortune cookies, because a fortune is only as good as the cook who bakes it and the reader who believes"
      + " it on a quiet evening after a long day of work.";
  private static final int[] PROMPT_WORDS = {2, 5, 9, 14, 20, 27, 35, 44};
  private static final int[] NEW_TOKEN_OFFSETS = {-16, 16, -8, 24, -24, 8, 0, 0};

  record Settings(String model, String device, int threads, int newTokens, int concurrency, int repeats) {}

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream progress;

  CompletionBenchmark(Settings settings, PrintStream out, PrintStream progress) {
    this.settings = settings;
    this.out = out;
    this.progress = progress;
  }

  ObjectNode run() throws Exception {
    SessionSettings session = SessionSettings.defaults().withDevice(ExecutionDevice.parse(settings.device()))
        .withIntraOpThreads(settings.threads());
    try (DecoderModel model = DecoderModel.open(settings.model(), session)) {
      DecoderConfig config = model.config();
      int newTokens = Math.min(settings.newTokens(), config.maxPositions() / 2);
      ObjectNode figures = RecordJson.MAPPER.createObjectNode();
      figures.put("scenario", "complete");
      figures.put("model", model.name());
      figures.put("model_version", model.version());
      figures.put("device", model.device());
      figures.put("threads", settings.threads());
      figures.put("new_tokens", newTokens);
      figures.put("concurrency", settings.concurrency());
      figures.put("repeats", settings.repeats());

      CacheFigures cache = measureCache(model, newTokens);
      BatchFigures single = measureBatching(model, 1, "one at a time");
      BatchFigures continuous = measureBatching(model, settings.concurrency(), "continuous batching");
      if (!single.tokens().equals(continuous.tokens())) {
        throw new IllegalStateException("continuous batching produced other tokens than one-at-a-time decoding;"
            + " the figures would compare different work");
      }

      double cacheSpeedup = cache.withCache() / cache.withoutCache();
      double batchingSpeedup = continuous.tokensPerSecond() / single.tokensPerSecond();
      figures.put("cache_prompt_tokens", cache.promptTokens());
      figures.put("tokens_per_s_with_cache", round(cache.withCache()));
      figures.put("tokens_per_s_without_cache", round(cache.withoutCache()));
      figures.put("cache_speedup", round(cacheSpeedup));
      figures.put("tokens_per_s_one_at_a_time", round(single.tokensPerSecond()));
      figures.put("tokens_per_s_continuous_batching", round(continuous.tokensPerSecond()));
      figures.put("continuous_batching_speedup", round(batchingSpeedup));
      figures.set("one_at_a_time", single.json());
      figures.set("continuous_batching", continuous.json());
      List<GenerationLoadBenchmark.Level> load = GenerationLoadBenchmark.run(model, requests(GenerationLoadBenchmark.REQUESTS),
          progress);
      figures.set("load", GenerationLoadBenchmark.json(load));

      out.printf(Locale.ROOT, "Completion benchmark: %s (%s) on %s: %d layers, %d heads of %d, %d positions%n%n",
          model.name(), model.version(), model.device(), config.layers(), config.attentionHeads(), config.headDim(),
          config.maxPositions());
      TextTable cacheTable = new TextTable("1 sequence: " + cache.promptTokens() + "-token prompt, " + newTokens + " new tokens",
          "tokens/s", "ms/token");
      cacheTable.add("with KV cache", fixed(cache.withCache()), fixed(1000 / cache.withCache()));
      cacheTable.add("without cache (recompute all)", fixed(cache.withoutCache()), fixed(1000 / cache.withoutCache()));
      cacheTable.print(out);
      out.printf(Locale.ROOT, "cache speedup: %.1fx (target >= 5x)%n%n", cacheSpeedup);
      TextTable batchTable = new TextTable(settings.concurrency() + " prompts of mixed lengths", "tokens/s", "wall s",
          "mean batch", "TTFT p50/p95/p99 ms", "per-token p50/p95/p99 ms");
      for (BatchFigures f : List.of(single, continuous)) {
        batchTable.add(f.label(), fixed(f.tokensPerSecond()), String.format(Locale.ROOT, "%.2f", f.wallSeconds()),
            String.format(Locale.ROOT, "%.1f", f.meanBatch()), triple(f.ttft()), triple(f.perToken()));
      }
      batchTable.print(out);
      out.printf(Locale.ROOT, "continuous batching speedup: %.1fx (target >= 2x)%n%n", batchingSpeedup);
      TextTable loadTable = new TextTable(GenerationLoadBenchmark.REQUESTS + " prompts of mixed lengths, engine defaults",
          "tokens/s", "mean batch", "TTFT p50 ms", "TTFT p99 ms");
      for (GenerationLoadBenchmark.Level level : load) {
        loadTable.add(level.concurrency() + " at a time", fixed(level.tokensPerSecond()), fixed(level.meanBatch()),
            fixed(percentile(level.ttftMs(), 50)), fixed(percentile(level.ttftMs(), 99)));
      }
      loadTable.print(out);
      return figures;
    }
  }

  private record CacheFigures(int promptTokens, double withCache, double withoutCache) {}

  /**
   * The prompt is the whole text, or as much of its end as leaves room for the new tokens: the
   * longer the sequence, the more recomputing it costs, so the prompt length is reported with it.
   */
  private CacheFigures measureCache(DecoderModel model, int newTokens) throws Exception {
    int[] all = model.encode(TEXT);
    int[] promptIds = Arrays.copyOfRange(all, Math.max(0, all.length - (model.config().maxPositions() - newTokens)), all.length);
    GenerationRequest request = GenerationRequest.of(TEXT).greedy().withMaxNewTokens(newTokens).withMinNewTokens(newTokens)
        .withMaxPromptTokens(promptIds.length);
    double[] with = new double[settings.repeats() + 1];
    List<Integer> cachedTokens = null;
    try (GenerationEngine engine = GenerationEngine.start(model, EngineSettings.defaults().withMaxSequences(1))) {
      for (int run = 0; run <= settings.repeats(); run++) {
        long start = System.nanoTime();
        Completion completion = engine.submit(request).get();
        with[run] = newTokens / seconds(start);
        cachedTokens = completion.tokenIds();
        step(String.format(Locale.ROOT, "[1/2] with KV cache: %s, %.0f tokens/s", runName(run), with[run]));
      }
    }
    double[] without = new double[settings.repeats() + 1];
    List<Integer> recomputedTokens = null;
    for (int run = 0; run <= settings.repeats(); run++) {
      long start = System.nanoTime();
      recomputedTokens = greedyWithoutCache(model, promptIds, newTokens);
      without[run] = newTokens / seconds(start);
      step(String.format(Locale.ROOT, "[1/2] without cache: %s, %.0f tokens/s", runName(run), without[run]));
    }
    if (!recomputedTokens.equals(cachedTokens)) {
      throw new IllegalStateException("decoding with and without the KV cache gave different tokens: " + cachedTokens
          + " vs " + recomputedTokens);
    }
    return new CacheFigures(promptIds.length, median(timed(with)), median(timed(without)));
  }

  /** Greedy decoding that runs the whole sequence through the model for every new token. */
  private static List<Integer> greedyWithoutCache(DecoderModel model, int[] prompt, int newTokens) throws Exception {
    int[] sequence = Arrays.copyOf(prompt, prompt.length + newTokens);
    List<Integer> out = new ArrayList<>(newTokens);
    for (int i = prompt.length; i < sequence.length; i++) {
      float[] logits = model.nextTokenLogits(Arrays.copyOf(sequence, i));
      int best = 0;
      for (int t = 1; t < logits.length; t++) {
        if (logits[t] > logits[best]) {
          best = t;
        }
      }
      sequence[i] = best;
      out.add(best);
    }
    return out;
  }

  private record BatchFigures(String label, double tokensPerSecond, double wallSeconds, double meanBatch, double[] ttft,
      double[] perToken, List<List<Integer>> tokens) {

    ObjectNode json() {
      ObjectNode node = RecordJson.MAPPER.createObjectNode();
      node.put("tokens_per_s", round(tokensPerSecond));
      node.put("wall_s", round(wallSeconds));
      node.put("mean_batch", round(meanBatch));
      node.set("ttft_ms", percentiles(ttft));
      node.set("per_token_ms", percentiles(perToken));
      return node;
    }
  }

  /** Prompts of mixed lengths asking for mixed numbers of tokens, the same on every call. */
  private List<GenerationRequest> requests(int count) {
    List<GenerationRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = Math.max(1, settings.newTokens() + NEW_TOKEN_OFFSETS[i % NEW_TOKEN_OFFSETS.length]);
      requests.add(GenerationRequest.of(prompt(PROMPT_WORDS[i % PROMPT_WORDS.length])).greedy().withMaxNewTokens(n)
          .withMinNewTokens(n));
    }
    return requests;
  }

  private BatchFigures measureBatching(DecoderModel model, int maxSequences, String label) throws Exception {
    List<GenerationRequest> requests = requests(settings.concurrency());
    double[] rates = new double[settings.repeats() + 1];
    double[] walls = new double[settings.repeats() + 1];
    List<Double> ttft = new ArrayList<>();
    List<Double> gaps = new ArrayList<>();
    List<List<Integer>> tokens = new ArrayList<>();
    double meanBatch = 0;
    EngineSettings engineSettings = EngineSettings.defaults().withMaxSequences(maxSequences)
        .withMaxQueued(settings.concurrency());
    try (GenerationEngine engine = GenerationEngine.start(model, engineSettings)) {
      for (int run = 0; run <= settings.repeats(); run++) {
        List<CompletableFuture<Completion>> futures = new ArrayList<>();
        List<long[]> stamps = new ArrayList<>();
        long start = System.nanoTime();
        for (GenerationRequest request : requests) {
          long[] times = new long[request.maxNewTokens()];
          int[] count = {0};
          stamps.add(times);
          futures.add(engine.submit(request, token -> times[count[0]++] = System.nanoTime()));
        }
        long generated = 0;
        tokens.clear();
        List<Double> runTtft = new ArrayList<>();
        for (CompletableFuture<Completion> future : futures) {
          Completion completion = future.get();
          generated += completion.completionTokens();
          runTtft.add(completion.timeToFirstTokenMs());
          tokens.add(completion.tokenIds());
        }
        walls[run] = seconds(start);
        rates[run] = generated / walls[run];
        if (run > 0) {
          ttft.addAll(runTtft);
          for (long[] times : stamps) {
            for (int i = 1; i < times.length; i++) {
              gaps.add((times[i] - times[i - 1]) / 1e6);
            }
          }
        }
        step(String.format(Locale.ROOT, "[2/2] %s: %s, %.0f tokens/s", label, runName(run), rates[run]));
      }
      EngineStats stats = engine.stats();
      meanBatch = stats.meanBatch();
    }
    return new BatchFigures(label, median(timed(rates)), median(timed(walls)), meanBatch, toArray(ttft), toArray(gaps),
        tokens);
  }

  /** Run 0 warms up (JIT, ONNX Runtime's allocations) and is not counted. */
  private String runName(int run) {
    return run == 0 ? "warm-up" : "run " + run + "/" + settings.repeats();
  }

  private static double[] timed(double[] runs) {
    return Arrays.copyOfRange(runs, 1, runs.length);
  }

  private static String prompt(int words) {
    String[] all = TEXT.split(" ");
    return String.join(" ", Arrays.copyOf(all, Math.min(words, all.length)));
  }

  private void step(String message) {
    progress.println("bench complete: " + message);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Nearest-rank percentile: the smallest value with at least p percent of the values at or below it. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static ObjectNode percentiles(double[] values) {
    ObjectNode node = RecordJson.MAPPER.createObjectNode();
    for (int p : new int[] {50, 95, 99}) {
      node.put("p" + p, round(percentile(values, p)));
    }
    return node;
  }

  private static double[] toArray(List<Double> values) {
    double[] out = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(out);
    return out;
  }

  private static String triple(double[] sorted) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", percentile(sorted, 50), percentile(sorted, 95),
        percentile(sorted, 99));
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
