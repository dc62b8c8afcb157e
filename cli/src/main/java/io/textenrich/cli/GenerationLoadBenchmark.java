package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.model.generate.Completion;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.model.generate.EngineSettings;
import io.textenrich.model.generate.GenerationEngine;
import io.textenrich.model.generate.GenerationRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Generation under load: {@value #REQUESTS} prompts of mixed lengths, {@code c} at a time for c in
 * 1, 4 and 16, through an engine with the service's defaults (sequence limit, cache budget,
 * prefill chunk); tokens per second and time to first token over every request.
 */
final class GenerationLoadBenchmark {

  static final int[] CONCURRENCY = {1, 4, 16};
  static final int REQUESTS = 16;

  /** One level of concurrency. */
  record Level(int concurrency, double tokensPerSecond, double meanBatch, double[] ttftMs) {

    ObjectNode json() {
      ObjectNode node = RecordJson.MAPPER.createObjectNode();
      node.put("concurrency", concurrency);
      node.put("tokens_per_s", CompletionBenchmark.round(tokensPerSecond));
      node.put("mean_batch", CompletionBenchmark.round(meanBatch));
      node.put("ttft_p50_ms", CompletionBenchmark.round(CompletionBenchmark.percentile(ttftMs, 50)));
      node.put("ttft_p99_ms", CompletionBenchmark.round(CompletionBenchmark.percentile(ttftMs, 99)));
      return node;
    }
  }

  private GenerationLoadBenchmark() {}

  /** @param requests the mixed prompts, at least {@value #REQUESTS} */
  static List<Level> run(DecoderModel model, List<GenerationRequest> requests, PrintStream progress) throws Exception {
    List<Level> levels = new ArrayList<>();
    EngineSettings settings = EngineSettings.defaults().withMaxQueued(REQUESTS);
    try (GenerationEngine engine = GenerationEngine.start(model, settings)) {
      measure(engine, requests, 4);
    }
    for (int concurrency : CONCURRENCY) {
      try (GenerationEngine engine = GenerationEngine.start(model, settings)) {
        Level level = measure(engine, requests, concurrency);
        progress.println(String.format(Locale.ROOT, "bench complete: load, %d at a time: %.0f tokens/s, TTFT p50 %.1f ms",
            concurrency, level.tokensPerSecond(), CompletionBenchmark.percentile(level.ttftMs(), 50)));
        levels.add(level);
      }
    }
    return levels;
  }

  /** Rounds of {@code concurrency} requests submitted at once, until all {@value #REQUESTS} ran. */
  private static Level measure(GenerationEngine engine, List<GenerationRequest> requests, int concurrency) throws Exception {
    long generated = 0;
    double[] ttft = new double[REQUESTS];
    long start = System.nanoTime();
    for (int first = 0; first < REQUESTS; first += concurrency) {
      List<CompletableFuture<Completion>> round = new ArrayList<>();
      for (int i = first; i < Math.min(REQUESTS, first + concurrency); i++) {
        round.add(engine.submit(requests.get(i)));
      }
      for (int i = 0; i < round.size(); i++) {
        Completion completion = round.get(i).get();
        generated += completion.completionTokens();
        ttft[first + i] = completion.timeToFirstTokenMs();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(ttft);
    return new Level(concurrency, generated / seconds, engine.stats().meanBatch(), ttft);
  }

  static ArrayNode json(List<Level> levels) {
    ArrayNode array = RecordJson.MAPPER.createArrayNode();
    levels.forEach(level -> array.add(level.json()));
    return array;
  }
}
