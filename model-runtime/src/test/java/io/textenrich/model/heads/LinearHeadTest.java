package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.Classification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearHeadTest {

  static final EncoderId ENCODER = new EncoderId("toy-encoder", "sha256:0123456789ab", 8);

  static HeadTrainer.Result trainToy(Map<String, Double> thresholds) {
    return trainToy(List.of("positive", "neutral", "negative"), new HeadTrainer.Options(5, 42, 1e-3, thresholds));
  }

  /** Three clusters of 20 vectors, one per label, every other one English and the rest Chinese. */
  private static HeadTrainer.Result trainToy(List<String> labels, HeadTrainer.Options options) {
    int[] y = new int[60];
    float[][] x = LogisticRegressionTest.clusters(20, 8, 13, y);
    List<LabeledText> examples = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      examples.add(new LabeledText("text " + i, labels.get(y[i]), i % 2 == 0 ? "en" : "zh"));
      vectors.add(x[i]);
    }
    return HeadTrainer.train("toy", new HeadTrainer.Data("toy.jsonl", examples, vectors, 1), ENCODER, options);
  }

  @Test
  void savedHeadLoadsBackWithTheSameWeightsLabelsEncoderAndTraining(@TempDir Path dir) throws Exception {
    LinearHead head = trainToy(Map.of("negative", 0.7)).head();
    Path file = dir.resolve("head.json");
    head.save(file);
    LinearHead loaded = LinearHead.load(file);

    assertEquals(head.name(), loaded.name());
    assertEquals(head.labels(), loaded.labels());
    assertEquals(head.encoder(), loaded.encoder());
    assertEquals(head.thresholds(), loaded.thresholds());
    assertEquals(head.training(), loaded.training());
    assertEquals(head.version(), loaded.version());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(head.weights().weights()[k], loaded.weights().weights()[k]);
    }
    assertArrayEquals(head.weights().bias(), loaded.weights().bias());
    // Saving again writes the same bytes: the version is stable and a retrained head diffs cleanly.
    Path again = dir.resolve("again.json");
    loaded.save(again);
    assertEquals(Files.readString(file), Files.readString(again));
  }

  @Test
  void theFileIsReadableJsonWithOneWeightRowPerLine(@TempDir Path dir) throws Exception {
    LinearHead head = trainToy(Map.of()).head();
    Path file = dir.resolve("head.json");
    head.save(file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals("{", lines.get(0));
    assertTrue(lines.contains("  \"format\": \"textenrich-head/1\","), String.join("\n", lines));
    assertTrue(lines.contains("  \"labels\": [\"positive\",\"neutral\",\"negative\"],"), String.join("\n", lines));
    assertEquals(3, lines.stream().filter(l -> l.startsWith("    [") && l.split(",").length == 8).count());
  }

  @Test
  void vectorsOfAnotherEncoderAreRefusedWithBothNamed() {
    LinearHead head = trainToy(Map.of()).head();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> head.classify(List.of(new float[8]), "other-encoder", "sha256:ffffffffffff"));
    assertTrue(e.getMessage().contains("toy-encoder") && e.getMessage().contains("sha256:0123456789ab")
        && e.getMessage().contains("other-encoder") && e.getMessage().contains("sha256:ffffffffffff"), e.getMessage());
    // The same weights under another name (a copy in a directory) are accepted.
    assertEquals(1, head.classify(List.of(new float[8]), "my-copy", ENCODER.version()).size());
  }

  @Test
  void classifyNamesTheHeadAndChoosesTheMostProbableLabel() {
    LinearHead head = trainToy(Map.of()).head();
    float[] clear = new float[8];
    clear[1] = 1f;
    Classification c = head.classify(List.of(clear), ENCODER.model(), ENCODER.version()).get(0);
    assertEquals("neutral", c.label());
    assertEquals("toy", c.model());
    assertEquals(head.version(), c.version());
    assertEquals(List.of("positive", "neutral", "negative"), List.copyOf(c.scores().keySet()));
  }

  @Test
  void crossValidationReportsOverallAndPerLanguageFiguresAndSavesThem() {
    HeadTrainer.Result result = trainToy(Map.of());
    assertEquals(60, result.crossValidation().total());
    assertEquals(List.of("en", "zh"), List.copyOf(result.byLanguage().keySet()));
    assertEquals(30, result.byLanguage().get("zh").total());
    TrainingInfo info = result.head().training().orElseThrow();
    assertEquals(result.crossValidation().accuracy(), info.cvAccuracy(), 1e-4);
    assertEquals(60, info.examples());
    assertEquals(Map.of("positive", 20, "neutral", 20, "negative", 20), info.examplesPerLabel());
    assertTrue(result.crossValidation().accuracy() > 0.9, "toy clusters are easy: " + result.crossValidation().accuracy());
  }

  @Test
  void crossValidationChoosesThePenaltyAndTheThresholdsForABudgetAndTheFileKeepsBoth(@TempDir Path dir) throws Exception {
    HeadTrainer.Result result = trainToy(List.of("ok", "toxic", "spam"),
        new HeadTrainer.Options(5, 42, List.of(1e-3, 1e9), Map.of(), new FalseFlagBudget("ok", 0.05)));
    TrainingInfo info = result.head().training().orElseThrow();
    assertEquals(1e-3, info.l2(), "a huge penalty flattens every score and loses: " + result.macroF1ByL2());
    assertEquals(List.of(1e-3, 1e9), info.l2Candidates());
    assertEquals(List.of("toxic", "spam"), List.copyOf(result.head().thresholds().keySet()));
    assertTrue(result.crossValidation().falseFlagRate("ok") <= 0.05, "within the budget: " + result.head().thresholds());
    assertEquals(99, result.curves().get("spam").size());

    Path file = dir.resolve("head.json");
    result.head().save(file);
    TrainingInfo loaded = LinearHead.load(file).training().orElseThrow();
    assertEquals(new FalseFlagBudget("ok", 0.05), loaded.falseFlagBudget());
    assertEquals(List.of(1e-3, 1e9), loaded.l2Candidates());
    assertEquals(result.head().thresholds(), LinearHead.load(file).thresholds());
  }

  @Test
  void aHandEditedOrForeignFileIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("head.json");
    Files.writeString(file, "{\"format\":\"something-else\"}");
    IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> LinearHead.load(file));
    assertTrue(format.getMessage().contains("textenrich-head/1"), format.getMessage());

    LinearHead head = trainToy(Map.of()).head();
    head.save(file);
    Files.writeString(file, Files.readString(file).replace("\"dimensions\": 8", "\"dimensions\": 9"));
    IllegalArgumentException dims = assertThrows(IllegalArgumentException.class, () -> LinearHead.load(file));
    assertTrue(dims.getMessage().contains("9 dimensions"), dims.getMessage());
  }

  @Test
  void headsOfDifferentEncodersCannotShareASet() {
    LinearHead a = trainToy(Map.of()).head();
    LinearHead b = new LinearHead("other", a.labels(), new EncoderId("x", "sha256:aaaaaaaaaaaa", 8), a.weights(), Map.of(), null);
    assertThrows(IllegalArgumentException.class, () -> HeadSet.of(List.of(a, b)));
    assertNotEquals(a.version(), b.version());
  }
}
