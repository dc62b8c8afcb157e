package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textenrich.model.heads.LabeledText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The demo shows the built-in heads' labels on its sample events; they mean something only if the
 * heads never saw those texts. Every training file of the heads is checked: no sample text, and no
 * text that shares most of its words (English) or character pairs (Chinese) with one.
 */
class SampleEventsTest {

  private static final Path DATA = Path.of(System.getProperty("repository.root", "..")).resolve("data");
  /** Word or character-pair overlap (Jaccard) from which a training text counts as a paraphrase of a sample. */
  private static final double PARAPHRASE = 0.5;

  @Test
  void theDemosSampleTextsAreNeitherTrainingTextsNorCloseParaphrasesOfThem() throws Exception {
    List<String> samples = sampleTexts();
    assertEquals(12, samples.size(), "the JSON and plain-text samples: " + samples);
    List<String> found = new ArrayList<>();
    for (Path file : trainingFiles()) {
      for (LabeledText example : LabeledText.readJsonl(file)) {
        for (String sample : samples) {
          double overlap = overlap(tokens(sample), tokens(example.text()));
          if (overlap >= PARAPHRASE) {
            found.add(String.format(Locale.ROOT, "%s: '%s' is %.2f like the sample '%s'", DATA.relativize(file), example.text(),
                overlap, sample));
          }
        }
      }
    }
    assertTrue(found.isEmpty(), "training texts that restate the demo's samples:\n" + String.join("\n", found));
  }

  @Test
  void aParaphraseIsCaught() {
    assertTrue(overlap(tokens("How do I reset my password?"), tokens("how can I reset my password")) >= PARAPHRASE);
    assertTrue(overlap(tokens("恭喜您中奖了！点击链接领取奖品。"), tokens("恭喜你中奖了，点击链接领取你的奖品")) >= PARAPHRASE);
    assertTrue(overlap(tokens("How do I reset my password?"), tokens("Where do I change the delivery address?")) < PARAPHRASE);
  }

  /** The texts of the samples given as JSON or plain text: the ones the demo's labels are shown for. */
  private static List<String> sampleTexts() throws Exception {
    List<String> texts = new ArrayList<>();
    for (SampleEvents.Sample sample : SampleEvents.all(16384)) {
      if (!sample.valid()) {
        continue;
      }
      String value = new String(sample.value(), StandardCharsets.UTF_8);
      if (sample.format().equals("json")) {
        JsonNode node = RecordJson.MAPPER.readTree(value);
        texts.add(node.get("text").asText());
      } else if (sample.format().equals("text")) {
        texts.add(value);
      }
    }
    return texts;
  }

  /** Every file the built-in heads are trained from: data/heads/*.jsonl and the SpamAssassin training mail. */
  private static List<Path> trainingFiles() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> heads = Files.list(DATA.resolve("heads"))) {
      heads.filter(p -> p.toString().endsWith(".jsonl")).sorted().forEach(files::add);
    }
    files.add(DATA.resolve("spamassassin/train.jsonl"));
    assertTrue(files.size() >= 5, "expected the heads' training files, found " + files);
    return files;
  }

  /** Lower-case words for text with Latin letters, else pairs of adjacent characters (Chinese has no spaces). */
  private static Set<String> tokens(String text) {
    Set<String> out = new HashSet<>();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.matches("(?s).*[a-z].*")) {
      for (String word : lower.split("[^a-z0-9']+")) {
        if (!word.isEmpty()) {
          out.add(word);
        }
      }
    } else {
      int[] chars = lower.codePoints().filter(Character::isLetterOrDigit).toArray();
      for (int i = 0; i + 1 < chars.length; i++) {
        out.add(new String(chars, i, 2));
      }
    }
    return out;
  }

  private static double overlap(Set<String> a, Set<String> b) {
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    Set<String> common = new HashSet<>(a);
    common.retainAll(b);
    return union.isEmpty() ? 0 : (double) common.size() / union.size();
  }
}
