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
 * One training example: a text, its label, and optionally its language and domain, by which
 * figures are also broken down.
 *
 * @param language a short code such as {@code en} or {@code zh}; null when the data has none
 * @param domain the kind of text, such as {@code reviews} or {@code banking-notices}; null when the data has none
 */
public record LabeledText(String text, String label, String language, String domain) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public LabeledText {
    if (text == null || text.isBlank() || label == null || label.isBlank()) {
      throw new IllegalArgumentException("an example needs a non-empty text and label");
    }
  }

  public LabeledText(String text, String label, String language) {
    this(text, label, language, null);
  }

  /**
   * Reads JSON lines {@code {"text": "...", "label": "...", "lang": "en", "domain": "reviews"}}
   * ({@code lang} and {@code domain} optional); blank lines are skipped.
   */
  public static List<LabeledText> readJsonl(Path file) throws IOException {
    return readJsonl(file, "label");
  }

  /**
   * Reads JSON lines as {@link #readJsonl(Path)} does, with the label taken from {@code labelField}.
   * Other than {@code label}, the field may be absent: lines without it are skipped, such as the
   * texts without a sentiment in a moderation set that gives {@code sentiment} on some lines.
   */
  public static List<LabeledText> readJsonl(Path file, String labelField) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<LabeledText> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (!labelField.equals("label") && !node.hasNonNull(labelField)) {
          continue;
        }
        out.add(new LabeledText(node.path("text").asText(null), node.path(labelField).asText(null), node.path("lang").asText(null),
            node.path("domain").asText(null)));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected {\"text\": \"...\", \"" + labelField + "\": \"...\"}"
            + " on one line (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " has no examples with a '" + labelField + "'; write one JSON object per line:"
          + " {\"text\": \"...\", \"" + labelField + "\": \"...\"}");
    }
    return out;
  }
}
