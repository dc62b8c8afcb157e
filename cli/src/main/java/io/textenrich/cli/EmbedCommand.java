package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "embed", description = "Print sentence embeddings as JSON lines, without Kafka.")
final class EmbedCommand implements Callable<Integer> {

  @Mixin
  TextsInput inputs;

  @Option(names = "--model", paramLabel = "MODEL", description = "Built-in model id or model directory (default: ${DEFAULT-VALUE}).")
  String model = EmbedderSettings.DEFAULT_MODEL;

  @Option(names = "--batch-size", description = "Texts per model call (default: ${DEFAULT-VALUE}). Larger is faster;"
      + " with int8 models a vector then shifts slightly with its batch neighbours.")
  int batchSize = 1;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  private final PrintStream out;

  EmbedCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    List<String> all = inputs.read("embed");
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1");
    }
    EmbedderSettings settings = EmbedderSettings.of(model)
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.parse(device)));
    try (SentenceEmbedder embedder = SentenceEmbedder.open(settings)) {
      for (int start = 0; start < all.size(); start += batchSize) {
        List<String> chunk = all.subList(start, Math.min(all.size(), start + batchSize));
        EmbeddingBatch batch = embedder.embed(chunk);
        for (int i = 0; i < chunk.size(); i++) {
          ObjectNode line = RecordJson.MAPPER.createObjectNode();
          line.put("text", chunk.get(i));
          line.put("model", embedder.modelName());
          line.put("dimensions", embedder.dimensions());
          float[] vector = batch.vectors().get(i);
          var array = line.putArray("vector");
          for (float v : vector) {
            array.add(v);
          }
          out.println(line);
        }
      }
    }
    return 0;
  }
}
