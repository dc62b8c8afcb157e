package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.generate.Completion;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.model.generate.EngineSettings;
import io.textenrich.model.generate.GenerationEngine;
import io.textenrich.model.generate.GenerationRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "complete", description = {
    "Complete prompts with a GPT-style model, one JSON line per prompt, in order, without Kafka.",
    "All prompts decode together (continuous batching). Unset sampling options come from the model's",
    "generation_config.json."})
final class CompleteCommand implements Callable<Integer> {

  @Mixin
  TextsInput inputs;

  @Option(names = "--model", paramLabel = "MODEL", description = "Built-in model id or Optimum export directory (default: ${DEFAULT-VALUE}).")
  String model = DecoderModel.DEFAULT_MODEL;

  @Option(names = "--max-new-tokens", paramLabel = "N", description = "Longest completion in tokens.")
  Integer maxNewTokens;

  @Option(names = "--temperature", paramLabel = "T", description = "0 for greedy; higher is more random.")
  Double temperature;

  @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K most likely tokens (0: all).")
  Integer topK;

  @Option(names = "--top-p", paramLabel = "P", description = "Sample among the most likely tokens totalling probability P.")
  Double topP;

  @Option(names = "--repetition-penalty", paramLabel = "R", description = "Above 1 discourages repeating tokens.")
  Double repetitionPenalty;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed: the same seed gives the same completion (default: a new one per prompt, printed).")
  Long seed;

  @Option(names = "--stop", paramLabel = "STR", description = "End a completion before STR (repeatable; \\n and \\t are understood).")
  List<String> stop = new ArrayList<>();

  @Option(names = "--max-prompt-tokens", paramLabel = "N", description = "Cut longer prompts from the start (default: what leaves room for the completion).")
  Integer maxPromptTokens;

  @Option(names = "--batch", paramLabel = "N", description = "Prompts decoding together (default: ${DEFAULT-VALUE}).")
  int batch = 8;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads per operator; 0 = one per core (default: ${DEFAULT-VALUE}).")
  int threads;

  private final PrintStream out;

  CompleteCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    List<String> all = inputs.read("complete");
    List<GenerationRequest> requests = all.stream().map(this::request).toList();
    SessionSettings session = SessionSettings.defaults().withDevice(ExecutionDevice.parse(device)).withIntraOpThreads(threads);
    try (DecoderModel decoder = DecoderModel.open(model, session);
        GenerationEngine engine = GenerationEngine.start(decoder,
            EngineSettings.defaults().withMaxSequences(batch).withMaxQueued(Math.max(1, all.size())))) {
      List<CompletableFuture<Completion>> futures = requests.stream().map(engine::submit).toList();
      for (int i = 0; i < all.size(); i++) {
        out.println(line(all.get(i), await(futures.get(i))));
      }
    }
    return 0;
  }

  GenerationRequest request(String prompt) {
    GenerationRequest request = GenerationRequest.of(prompt).withStop(stop.stream().map(CompleteCommand::unescape).toList());
    if (maxNewTokens != null) {
      request = request.withMaxNewTokens(maxNewTokens);
    }
    if (temperature != null) {
      request = request.withTemperature(temperature);
    }
    if (topK != null) {
      request = request.withTopK(topK);
    }
    if (topP != null) {
      request = request.withTopP(topP);
    }
    if (repetitionPenalty != null) {
      request = request.withRepetitionPenalty(repetitionPenalty);
    }
    if (seed != null) {
      request = request.withSeed(seed);
    }
    if (maxPromptTokens != null) {
      request = request.withMaxPromptTokens(maxPromptTokens);
    }
    return request;
  }

  static ObjectNode line(String prompt, Completion completion) {
    ObjectNode line = RecordJson.MAPPER.createObjectNode();
    line.put("prompt", prompt);
    line.put("completion", completion.text());
    line.put("finish_reason", completion.finishReason().wireName());
    line.put("prompt_tokens", completion.promptTokens());
    line.put("completion_tokens", completion.completionTokens());
    line.put("model", completion.model());
    line.put("seed", completion.seed());
    return line;
  }

  /** Shell arguments cannot easily hold a newline, the most common stop string. */
  static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        switch (next) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case '\\' -> out.append('\\');
          default -> out.append(c).append(next);
        }
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Completion await(CompletableFuture<Completion> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
