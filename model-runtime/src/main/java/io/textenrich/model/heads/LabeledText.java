package io.textenrich.model.heads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One training example: a text, its label, and optionally its language, by which cross-validation
 * figures are also broken down.
 *
 * @param language a short code such as {@code en} or {@code zh}; null when the data has none
 */
public record LabeledText(String text, String label, String language) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public LabeledText {
    if (text == null || text.isBlank() || label == null || label.isBlank()) {
      throw new IllegalArgumentException("an example needs a non-empty text and label");
    }
  }

  /**
   * Reads JSON lines {@code {"text": "...", "label": "...", "lang": "en"}} ({@code lang} optional);
   * blank lines are skipped.
   */
  public static List<LabeledText> readJsonl(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<LabeledText> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        String lang = node.path("lang").asText(null);
        out.add(new LabeledText(node.path("text").asText(null), node.path("label").asText(null), lang));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected {\"text\": \"...\", \"label\": \"...\"}"
            + " on one line (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " has no examples; write one JSON object per line: {\"text\": \"...\", \"label\": \"...\"}");
    }
    return out;
  }
}
