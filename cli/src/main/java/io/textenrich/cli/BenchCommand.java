package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.model.generate.DecoderModel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = {
    "Measure one scenario on this machine: a table on stdout, progress on stderr, and with --json the",
    "figures as a JSON object. Scenarios: complete (KV cache and continuous batching of GPT completion)."})
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "What to measure: complete.")
  String scenario;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
  Path json;

  @Option(names = "--model", paramLabel = "MODEL", description = "Model: built-in id or directory (default: ${DEFAULT-VALUE}).")
  String model = DecoderModel.DEFAULT_MODEL;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads per operator; 0 = one per core (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--new-tokens", paramLabel = "N", description = "complete: tokens per completion in the cache measurement (default: ${DEFAULT-VALUE}).")
  int newTokens = 64;

  @Option(names = "--concurrency", paramLabel = "N", description = "complete: prompts of mixed lengths submitted at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  @Option(names = "--repeats", paramLabel = "N", description = "Timed runs of each measurement; the median counts (default: ${DEFAULT-VALUE}).")
  int repeats = 5;

  private final PrintStream out;
  private final PrintStream progress;

  BenchCommand(PrintStream out, PrintStream progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  public Integer call() throws Exception {
    if (newTokens < 1 || concurrency < 1 || repeats < 1 || threads < 0) {
      throw new IllegalArgumentException("--new-tokens, --concurrency and --repeats must be >= 1, --threads >= 0");
    }
    ObjectNode figures = switch (scenario) {
      case "complete" -> new CompletionBenchmark(
          new CompletionBenchmark.Settings(model, device, threads, newTokens, concurrency, repeats), out, progress).run();
      default -> throw new IllegalArgumentException("Unknown scenario '" + scenario + "': use complete");
    };
    if (json != null) {
      Files.writeString(json, RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n",
          StandardCharsets.UTF_8);
      out.println("figures written to " + json);
    }
    return 0;
  }
}
