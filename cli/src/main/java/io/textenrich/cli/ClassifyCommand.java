package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.model.Classification;
import io.textenrich.model.ClassifierSettings;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SequenceClassifier;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.heads.HeadSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "classify", description = {
    "Classify texts without Kafka: one JSON line per text, one key per head or classifier.",
    "For example {\"text\":...,\"sentiment\":{\"label\":...,\"scores\":{...}},\"moderation\":{...}}."})
final class ClassifyCommand implements Callable<Integer> {

  @Mixin
  TextsInput inputs;

  @Option(names = "--heads", split = ",", paramLabel = "HEAD",
      description = "Heads on the encoder's vectors: built-in names (sentiment, moderation), head files or directories,"
          + " or `none` (default: ${DEFAULT-VALUE}).")
  List<String> heads = new ArrayList<>(HeadSet.BUILTIN);

  @Option(names = "--classifier", paramLabel = "DIR",
      description = "A Hugging Face sequence classifier exported to ONNX (model.onnx, tokenizer.json, config.json);"
          + " its result is keyed by the directory's name (repeatable).")
  List<Path> classifiers = new ArrayList<>();

  @Option(names = "--threshold", paramLabel = "LABEL=P",
      description = "Minimum probability for LABEL of the --classifier models to be chosen (repeatable; default 0.5 for"
          + " multi-label classifiers, argmax for single-label ones).")
  Map<String, Double> thresholds = new LinkedHashMap<>();

  @Option(names = "--model", paramLabel = "ENCODER",
      description = "Encoder for the heads; built-in head names pick the heads trained on it (built-in heads exist for"
          + " all-minilm-l6-v2-q and bge-small-zh-v15-q; default: all-minilm-l6-v2-q, or the encoder of the head files given).")
  String model;

  @Option(names = "--batch-size", description = "Texts per model call (default: ${DEFAULT-VALUE}, as the heads were trained;"
      + " larger is faster, and with int8 encoders a vector then shifts slightly with its batch neighbours).")
  int batchSize = 1;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  private final PrintStream out;

  ClassifyCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    List<String> all = inputs.read("classify");
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1");
    }
    List<String> headSpecs = heads.stream().map(String::trim).filter(h -> !h.isEmpty() && !h.equals("none")).toList();
    if (headSpecs.isEmpty() && classifiers.isEmpty()) {
      throw new IllegalArgumentException("Nothing to classify with: give --heads or --classifier DIR");
    }
    SessionSettings session = SessionSettings.defaults().withDevice(ExecutionDevice.parse(device));
    HeadSet headSet = headSpecs.isEmpty() ? null : HeadSet.load(headSpecs, model != null ? model : EmbedderSettings.DEFAULT_MODEL);
    List<SequenceClassifier> opened = new ArrayList<>();
    SentenceEmbedder embedder = null;
    try {
      for (Path dir : classifiers) {
        opened.add(SequenceClassifier.open(ClassifierSettings.of(dir.toString()).withThresholds(thresholds).withSession(session)));
      }
      requireDistinctKeys(headSet, opened);
      if (headSet != null) {
        // Head files name the encoder they were trained on; built-in names were resolved for the default encoder.
        String encoder = model != null ? model : headSet.encoder().model();
        embedder = SentenceEmbedder.open(EmbedderSettings.of(encoder).withSession(session));
      }
      for (int from = 0; from < all.size(); from += batchSize) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + batchSize));
        List<ObjectNode> lines = new ArrayList<>();
        chunk.forEach(text -> lines.add(RecordJson.MAPPER.createObjectNode().put("text", text)));
        if (headSet != null) {
          EmbeddingBatch batch = embedder.embed(chunk);
          List<Map<String, Classification>> results = headSet.classify(chunk, batch.vectors(), embedder.modelName(),
              embedder.modelVersion());
          for (int i = 0; i < chunk.size(); i++) {
            for (Map.Entry<String, Classification> head : results.get(i).entrySet()) {
              lines.get(i).set(head.getKey(), render(head.getValue(), false));
            }
          }
        }
        for (SequenceClassifier classifier : opened) {
          List<Classification> results = classifier.classify(chunk);
          for (int i = 0; i < chunk.size(); i++) {
            lines.get(i).set(classifier.modelName(), render(results.get(i), classifier.multiLabel()));
          }
        }
        lines.forEach(out::println);
      }
    } finally {
      if (embedder != null) {
        embedder.close();
      }
      opened.forEach(SequenceClassifier::close);
    }
    return 0;
  }

  private static void requireDistinctKeys(HeadSet headSet, List<SequenceClassifier> classifiers) {
    Set<String> keys = new HashSet<>(List.of("text"));
    List<String> names = new ArrayList<>();
    if (headSet != null) {
      headSet.heads().forEach(h -> names.add(h.name()));
    }
    classifiers.forEach(c -> names.add(c.modelName()));
    for (String name : names) {
      if (!keys.add(name)) {
        throw new IllegalArgumentException("Two results would both be keyed '" + name + "'; rename a classifier directory"
            + " or a head so that each key is unique");
      }
    }
  }

  /** {@code {"label": ..., "scores": {...}}}, plus {@code "labels"} for multi-label classifiers. */
  static ObjectNode render(Classification result, boolean multiLabel) {
    ObjectNode node = RecordJson.MAPPER.createObjectNode();
    node.put("label", result.label());
    if (multiLabel) {
      result.labels().forEach(node.putArray("labels")::add);
    }
    ObjectNode scores = node.putObject("scores");
    // Four decimals: enough to compare with a threshold, short enough to read.
    result.scores().forEach((label, score) -> scores.put(label, Math.round(score * 10_000.0) / 10_000.0));
    return node;
  }
}
