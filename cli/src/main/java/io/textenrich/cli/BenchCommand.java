package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.bench.BenchResult;
import io.textenrich.bench.CeilingBenchmark;
import io.textenrich.bench.EmbeddingBenchmark;
import io.textenrich.bench.StageBenchmark;
import io.textenrich.bench.SweepChart;
import io.textenrich.model.generate.DecoderModel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = {
    "Measure one scenario side by side in one run; a table on stdout, and with --json the figures as JSON.",
    "embed (default): batching off vs on, raw ONNX Runtime vs end to end through Kafka, padding with and",
    "without length grouping, the reference Java embedder of the same model vs ours.",
    "complete: KV cache vs none, continuous batching vs one at a time, time to first token, per-token latency.",
    "stages: stage isolation (moderation p99 with completions saturated vs off), pipeline efficiency against the",
    "best raw engine, speedup against a peer Kafka Streams app (also with equal work: embeddings only, and with the",
    "heads on both sides), completions/s with and without encoder load.",
    "ceiling: the service on a free encoder (next to no computation) against a pass-through Kafka Streams app;",
    "with --profile, JFR recordings of both and where the time per event goes."})
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--scenario", paramLabel = "NAME", description = "embed, complete, stages or ceiling (default: ${DEFAULT-VALUE}).")
  String scenario = "embed";

  @Option(names = "--model", paramLabel = "MODEL", description = "complete: decoder, built-in id or directory (default: ${DEFAULT-VALUE}).")
  String model = DecoderModel.DEFAULT_MODEL;

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads per operator; 0 = one per core; embed:"
      + " auto = as enrich.model.intra.op.threads=auto (default: embed auto, complete 0).")
  String threads;

  @Option(names = "--engine-parallelism", paramLabel = "N",
      description = "embed: model calls the shared engine runs at once, as enrich.engine.parallelism; auto decides by device"
          + " (default: ${DEFAULT-VALUE}).")
  String engineParallelism = "auto";

  @Option(names = "--new-tokens", paramLabel = "N", description = "complete: tokens per completion in the cache measurement (default: ${DEFAULT-VALUE}).")
  int newTokens = 64;

  @Option(names = "--concurrency", paramLabel = "N", description = "complete: prompts of mixed lengths submitted at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  @Option(names = "--repeats", paramLabel = "N", description = "complete: timed runs of each measurement; the median counts (default: ${DEFAULT-VALUE}).")
  int repeats = 5;

  @Option(names = "--records", description = "embed, stages: texts per phase, 5 to 200 tokens each (default: embed 1024, stages 6144);"
      + " ceiling: events each side drains per round (default: 20000).")
  Integer records;

  @Option(names = "--rounds", paramLabel = "N", description = "ceiling: measured rounds, each side's best counts (default: ${DEFAULT-VALUE}).")
  int rounds = 2;

  @Option(names = "--profile", paramLabel = "DIR", description = "ceiling: after the measured rounds, one more of each side"
      + " under JFR (settings=profile); the recordings go to DIR and the time per event by category to the table and JSON.")
  Path profile;

  @Option(names = "--batch-size", description = "embed: the batch size under test (default: ${DEFAULT-VALUE}).")
  int batchSize = 64;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  @Option(names = "--state-store", description = "embed: memory or rocksdb, for the end-to-end runs (default: ${DEFAULT-VALUE}).")
  String stateStore = "memory";

  @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "stages: input rate of the latency phases (default: ${DEFAULT-VALUE}).")
  double rate = 20;

  @Option(names = "--seconds", paramLabel = "N", description = "stages: length of each latency phase, its first " + StageBenchmark.WARM_UP_SECONDS
      + " s a warm-up not counted (default: ${DEFAULT-VALUE}).")
  int seconds = 30;

  @Option(names = "--completions", paramLabel = "N", description = "stages: selected events per completion phase (default: ${DEFAULT-VALUE}).")
  int completions = 32;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "ceiling: a setting of the service side, as in its"
      + " configuration file (repeatable), to measure it against the pass-through application.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(names = "--chart", paramLabel = "FILE", description = "embed: also draw throughput and latency against the mean model-call size (SVG).")
  Path chart;

  private final PrintStream out;
  private final PrintStream progress;

  BenchCommand(PrintStream out, PrintStream progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  public Integer call() throws Exception {
    return switch (scenario) {
      case "embed" -> embed();
      case "complete" -> complete();
      case "stages" -> stages();
      case "ceiling" -> ceiling();
      default -> throw new IllegalArgumentException("Unknown scenario '" + scenario + "': use embed, complete, stages or ceiling");
    };
  }

  private int records(int scenarioDefault) {
    return records == null ? scenarioDefault : records;
  }

  private int ceiling() throws Exception {
    BenchResult r = new CeilingBenchmark(new CeilingBenchmark.Options(records(20_000), rounds, profile, settings), progress).run();
    out.println();
    out.printf(Locale.ROOT, "%d JSON events (the pass-through drains them %d times over, %d), free encoder %s, %d cores,"
            + " %d stream threads, %d partitions, both exactly-once; best of %d rounds each%n", (int) r.number("records"),
        (int) (r.number("pass_through_records") / r.number("records")), (int) r.number("pass_through_records"),
        r.figures().get("model"), (int) r.number("cores"), (int) r.number("stream_threads"), (int) r.number("partitions"), rounds);
    TextTable table = new TextTable("figure", "measured", "goal", "from");
    table.add("pipeline_ceiling_ratio", String.format(Locale.ROOT, "%.2f", r.number("pipeline_ceiling_ratio")), ">= 0.5",
        rate(r.number("service_records_per_s")) + " vs pass-through " + rate(r.number("pass_through_records_per_s")));
    table.add("events/s per stream thread, service", rate(r.number("service_records_per_s_per_stream_thread")), "-", "");
    table.add("events/s per stream thread, pass-through", rate(r.number("pass_through_records_per_s_per_stream_thread")), "-", "");
    table.add("µs per event outside the models (CPU)", fixed1(r.number("us_per_event_outside_models")), "-",
        "pass-through " + fixed1(r.number("pass_through_cpu_us_per_event")) + " µs");
    if (r.figures().containsKey("service_broker_cpu_us_per_event")) {
      table.add("broker's CPU µs per event", fixed1(r.number("service_broker_cpu_us_per_event")), "-",
          "pass-through " + fixed1(r.number("pass_through_broker_cpu_us_per_event")) + " µs: input, output, changelogs, transactions");
    }
    table.add("warm-up events before the clock", Integer.toString((int) r.number("service_warm_up_events")), "-",
        "pass-through " + (int) r.number("pass_through_warm_up_events") + ": until the JIT compiler settled, at most "
            + CeilingBenchmark.WARM_UP_PASSES + " passes");
    table.add("JIT compiler's CPU µs per event", fixed1(r.number("service_compiler_us_per_event")), "-",
        "pass-through " + fixed1(r.number("pass_through_compiler_us_per_event")) + " µs: within the µs per event outside the"
            + " models, what is left of its start-up work");
    table.add("per_task_batcher_speedup", String.format(Locale.ROOT, "%.2f", r.number("per_task_batcher_speedup")), "-",
        rate(r.number("service_records_per_s")) + " vs " + rate(r.number("service_one_event_per_offer_records_per_s"))
            + " with each event offered to the engine alone");
    table.add("tokenizer alone, one text per call (CPU µs/event)", fixed1(r.number("prepare_one_text_cpu_us_per_event")), "-",
        "as the stream thread prepares each event; mean " + fixed1(r.number("tokens_mean")) + " tokens");
    table.add("free encoder's call alone (CPU µs/event)", fixed1(r.number("free_encoder_call_cpu_us_per_event")), "-",
        "model and pooling on token ids, calls of 64 texts of similar length, as the engine cuts them from a deep queue");
    table.print(out);
    if (r.figures().get("profile") instanceof Map<?, ?> profiled) {
      printProfile(profiled);
    }
    if (json != null) {
      r.writeJson(json);
      out.println("bench: figures written to " + json);
    }
    return 0;
  }

  private void printProfile(Map<?, ?> profiled) {
    Map<?, ?> service = (Map<?, ?>) profiled.get("service");
    Map<?, ?> passThrough = (Map<?, ?>) profiled.get("pass_through");
    out.println();
    out.println("Where the CPU time per event goes, from one more round of each under JFR (µs per event; the rest of the"
        + " CPU time divided as the Java samples divide, GC and JIT threads included):");
    TextTable table = new TextTable("part", "service", "pass-through");
    for (Object row : (List<?>) profiled.get("cpu_us_per_event_by_part")) {
      Map<?, ?> r = (Map<?, ?>) row;
      table.add(String.valueOf(r.get("part")), fixed1((Double) r.get("service_us_per_event")),
          fixed1((Double) r.get("pass_through_us_per_event")));
    }
    table.add("GC pauses, µs per event (collections)", fixed1((Double) service.get("gc_pause_us_per_event")) + " ("
        + service.get("gc_count") + ")", fixed1((Double) passThrough.get("gc_pause_us_per_event")) + " (" + passThrough.get("gc_count") + ")");
    table.add("events/s while profiled", rate((Double) service.get("records_per_s_while_profiled")),
        rate((Double) passThrough.get("records_per_s_while_profiled")));
    table.add("Java samples", String.valueOf(service.get("java_samples")), String.valueOf(passThrough.get("java_samples")));
    table.print(out);
    out.println("Java samples by thread kind, service: " + service.get("java_samples_by_thread_kind") + "; pass-through: "
        + passThrough.get("java_samples_by_thread_kind"));
  }

  private int complete() throws Exception {
    Integer completeThreads = autoOr(threads == null ? "0" : threads, "--threads", 0);
    if (newTokens < 1 || concurrency < 1 || repeats < 1 || completeThreads == null) {
      throw new IllegalArgumentException("--new-tokens, --concurrency and --repeats must be >= 1, --threads >= 0");
    }
    ObjectNode figures = new CompletionBenchmark(
        new CompletionBenchmark.Settings(model, device, completeThreads, newTokens, concurrency, repeats), out, progress).run();
    if (json != null) {
      Files.writeString(json, RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n",
          StandardCharsets.UTF_8);
      out.println("figures written to " + json);
    }
    return 0;
  }

  private int stages() throws Exception {
    // Each side's events are sent once it runs and timed to the last output: with fewer, the fill and drain of a
    // few seconds' run weigh more than the steady rate (on one machine the service passed 154-185 events/s with 2048
    // and 213-256 with 6144, against a raw engine of 288).
    int records = records(6144);
    if (records < 64 || rate <= 0 || completions < 1) {
      throw new IllegalArgumentException("--records must be at least 64, --rate above 0 and --completions at least 1");
    }
    BenchResult r = new StageBenchmark(new StageBenchmark.Options(records, device, rate, seconds, completions), progress).run();
    out.println();
    out.printf(Locale.ROOT, "%d texts, model %s, %d cores, %d stream threads, %d partitions; engine: %s%n", (int) r.number("records"),
        r.figures().get("model"), (int) r.number("cores"), (int) r.number("stream_threads"), (int) r.number("partitions"),
        r.figures().get("engine_configuration"));
    TextTable table = new TextTable("figure", "measured", "goal", "from");
    table.add("stage_isolation", String.format(Locale.ROOT, "%.2f", r.number("stage_isolation")), "<= 1.5",
        String.format(Locale.ROOT, "moderation p99 %.0f ms with completions vs %.0f without (p50 %.0f vs %.0f; %s latencies)",
            r.number("moderation_p99_ms_completions_on"), r.number("moderation_p99_ms_completions_off"),
            r.number("moderation_p50_ms_completions_on"), r.number("moderation_p50_ms_completions_off"),
            r.figures().get("moderation_latency_samples")));
    table.add("pipeline_efficiency", String.format(Locale.ROOT, "%.2f", r.number("pipeline_efficiency")), ">= 0.9",
        rate(r.number("e2e_records_per_s")) + " vs best raw engine " + rate(r.number("raw_engine_best_records_per_s"))
            + " (calls of up to " + (int) r.number("raw_engine_best_call_records") + " texts)");
    table.add("pipeline_efficiency, embeddings only", String.format(Locale.ROOT, "%.2f",
        r.number("pipeline_efficiency_embeddings_only")), ">= 0.9", rate(r.number("e2e_embeddings_only_records_per_s"))
            + " vs best raw engine, the same work: no labels");
    table.add("peer_speedup", ratio(r.number("peer_speedup")), ">= 1.5x",
        rate(r.number("e2e_records_per_s")) + " vs peer " + rate(r.number("peer_records_per_s")) + " (labels vs none)");
    table.add("peer_speedup, embeddings only on both", ratio(r.number("peer_speedup_embeddings_only")), ">= 1.5x",
        rate(r.number("e2e_embeddings_only_records_per_s")) + " vs peer " + rate(r.number("peer_records_per_s")));
    table.add("peer_speedup, heads on both", ratio(r.number("peer_speedup_with_heads")), ">= 1.5x",
        rate(r.number("e2e_records_per_s")) + " vs peer with heads " + rate(r.number("peer_with_heads_records_per_s")));
    table.add("peer_speedup_bound", ratio(r.number("peer_speedup_bound")), "-",
        "best raw engine over the peer: the most the service can gain on it without running the model faster");
    table.add("completions/s alone", String.format(Locale.ROOT, "%.2f", r.number("completions_per_s_alone")), "-", "");
    table.add("completions/s with encoder load", String.format(Locale.ROOT, "%.2f", r.number("completions_per_s_with_encoder_load")),
        "-", "four other events per selected one");
    table.add("completions given up", Integer.toString((int) r.number("completions_given_up")), "0", "");
    table.print(out);
    if (json != null) {
      r.writeJson(json);
      out.println("bench: figures written to " + json);
    }
    return 0;
  }

  private int embed() throws Exception {
    int records = records(1024);
    if (records < batchSize || batchSize < 1) {
      throw new IllegalArgumentException("--records must be at least --batch-size, --batch-size at least 1");
    }
    BenchResult result = new EmbeddingBenchmark(new EmbeddingBenchmark.Options(records, batchSize, device, stateStore,
        new int[] {1, 2, 4, 8, 16, 32, 64, 128}, autoOr(threads == null ? "auto" : threads, "--threads", 0),
        autoOr(engineParallelism, "--engine-parallelism", 1)), progress).run();
    print(result);
    if (json != null) {
      result.writeJson(json);
      out.println("bench: figures written to " + json);
    }
    if (chart != null) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> sweep = (List<Map<String, Object>>) result.figures().get("sweep");
      SweepChart.write(sweep, "all-minilm-l6-v2-q on " + result.figures().get("device") + ", texts of 5-200 tokens", chart);
      out.println("bench: chart written to " + chart);
    }
    return 0;
  }

  /** Null for {@code auto}, else a whole number of at least {@code min}. */
  private static Integer autoOr(String value, String option, int min) {
    if (value.trim().equalsIgnoreCase("auto")) {
      return null;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error that names the accepted values
    }
    throw new IllegalArgumentException(option + " must be auto or a whole number >= " + min + ", got '" + value + "'");
  }

  private void print(BenchResult r) {
    out.println();
    out.printf(Locale.ROOT, "%d texts, %s tokens each (mean %.0f), model %s; engine: %s%n", (int) r.number("records"),
        (int) r.number("tokens_min") + "-" + (int) r.number("tokens_max"), r.number("tokens_mean"), r.figures().get("model"),
        r.figures().get("engine_tuning"));
    TextTable table = new TextTable("figure", "measured", "target", "from");
    table.add("(a) batching speedup, end to end", ratio(r.number("batching_speedup")), ">= 1.0x",
        rate(r.number("e2e_batching_on_records_per_s")) + " vs " + rate(r.number("e2e_batching_off_records_per_s")));
    table.add("(b) pipeline efficiency", String.format(Locale.ROOT, "%.2f", r.number("pipeline_efficiency")), ">= 0.85",
        rate(r.number("e2e_batching_on_records_per_s")) + " vs raw " + rate(r.number("raw_grouped_records_per_s")));
    table.add("(c) padding share, grouped", percent(r.number("padding_share_grouped")), "<= 15%",
        "ungrouped: " + percent(r.number("padding_share_ungrouped")));
    table.add("(d) speedup vs reference embedder", ratio(r.number("speedup_vs_reference")), ">= 1.5x",
        rate(r.number("raw_grouped_records_per_s")) + " vs " + rate(r.number("reference_records_per_s")));
    table.add("classification heads on the same vectors", rate(r.number("raw_grouped_with_heads_records_per_s")), "-",
        "without heads " + rate(r.number("raw_grouped_records_per_s")));
    table.add("mean model-call size, backlog, flushes of 64", String.format(Locale.ROOT, "%.1f", r.number("mean_call_size_backlogged")),
        ">= 48", "padding " + percent(r.number("padding_share_backlogged")) + " (<= 15%), p50 "
            + (int) r.number("call_size_p50_backlogged") + ", max " + (int) r.number("call_size_max_backlogged"));
    table.add("engine on auto vs the old fixed one, end to end", ratio(r.number("auto_vs_fixed")), ">= 1.1x",
        rate(r.number("e2e_auto_records_per_s")) + " vs " + rate(r.number("e2e_fixed_records_per_s")));
    table.add("auto call size vs the sweep's best", String.format(Locale.ROOT, "%.2f", r.number("auto_vs_best_call_size")),
        ">= 0.9", rate(r.number("auto_call_size_records_per_s")) + " at a mean call of " + fixed1(r.number("auto_call_size_mean"))
            + " vs " + rate(r.number("best_sweep_records_per_s")) + " at calls of " + (int) r.number("best_sweep_call_size"));
    if (r.figures().containsKey("auto_settled_vs_best")) {
      table.add("the size auto settled on vs the sweep's best", String.format(Locale.ROOT, "%.2f", r.number("auto_settled_vs_best")),
          ">= 0.9", "settled on " + r.figures().get("auto_settled_call_tokens") + " padded tokens per call; the worse, "
              + (int) r.number("auto_settled_call_token_limit") + " (a mean call of " + fixed1(r.number("auto_settled_call_size_mean"))
              + " texts): " + rate(r.number("auto_settled_records_per_s")) + " on the sweep's texts vs "
              + rate(r.number("best_sweep_records_per_s")));
    }
    table.print(out);
    out.println("mean model-call size per phase: grouped " + fixed1(r.number("call_size_mean_grouped")) + ", with heads "
        + fixed1(r.number("call_size_mean_with_heads")) + ", end to end " + fixed1(r.number("call_size_mean_e2e_batching_on"))
        + "; fixed engine: " + r.figures().get("engine_tuning_fixed"));
    out.println();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sweep = (List<Map<String, Object>>) r.figures().get("sweep");
    TextTable points = new TextTable("model-call size (mean)", "padding", "records/s", "call p50 ms", "p95 ms", "p99 ms");
    for (Map<String, Object> p : sweep) {
      points.add(fixed1((Double) p.get("call_size_mean")), percent((Double) p.get("padding_share")), String.format(Locale.ROOT, "%.1f", (Double) p.get("records_per_s")),
          String.format(Locale.ROOT, "%.1f", (Double) p.get("latency_p50_ms")), String.format(Locale.ROOT, "%.1f", (Double) p.get("latency_p95_ms")),
          String.format(Locale.ROOT, "%.1f", (Double) p.get("latency_p99_ms")));
    }
    points.print(out);
  }

  private static String fixed1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2fx", v);
  }

  private static String rate(double v) {
    return String.format(Locale.ROOT, "%.0f/s", v);
  }

  private static String percent(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
