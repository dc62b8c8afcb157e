package io.textenrich.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a Hugging Face {@code config.json} that turn logits into labels.
 *
 * @param labels label names in logit order, from {@code id2label}
 * @param multiLabel sigmoid per label (true) or softmax across labels (false)
 */
record ClassifierConfig(List<String> labels, boolean multiLabel) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ClassifierConfig read(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Classifier directory " + dir.toAbsolutePath() + " has no config.json; it names the"
          + " labels (id2label). Export with `optimum-cli export onnx --task text-classification --model <name> <dir>`.");
    }
    try {
      return parse(JSON.readTree(file.toFile()), file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
    }
  }

  static ClassifierConfig parse(JsonNode config, Path file) {
    List<String> labels = labels(config.path("id2label"), file);
    String problemType = config.path("problem_type").asText("");
    boolean multiLabel = switch (problemType) {
      case "multi_label_classification" -> true;
      case "single_label_classification" -> false;
      // Without a problem type, transformers' text-classification pipeline uses sigmoid for one label, else softmax.
      case "" -> labels.size() == 1;
      default -> throw new IllegalArgumentException(file + ": problem_type '" + problemType + "' is not a classification;"
          + " use single_label_classification or multi_label_classification");
    };
    return new ClassifierConfig(labels, multiLabel);
  }

  private static List<String> labels(JsonNode id2label, Path file) {
    if (!id2label.isObject() || id2label.isEmpty()) {
      throw new IllegalArgumentException(file + " has no id2label; add {\"id2label\": {\"0\": \"first label\", ...}}");
    }
    TreeMap<Integer, String> byId = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : id2label.properties()) {
      try {
        byId.put(Integer.parseInt(entry.getKey().trim()), entry.getValue().asText());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ": id2label key '" + entry.getKey() + "' is not a label index");
      }
    }
    List<String> labels = new ArrayList<>(byId.values());
    // Distinct sorted keys are exactly 0..n-1 when the first is 0 and the last n-1.
    if (byId.firstKey() != 0 || byId.lastKey() != labels.size() - 1) {
      throw new IllegalArgumentException(file + ": id2label keys must be 0.." + (labels.size() - 1) + ", got " + byId.keySet());
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException(file + ": id2label names a label twice: " + labels);
    }
    return List.copyOf(labels);
  }
}
