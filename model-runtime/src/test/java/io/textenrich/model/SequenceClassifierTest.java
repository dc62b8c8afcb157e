package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny classifiers under {@code fixtures/} come from {@code src/test/fixtures/make_tiny_classifier.py},
 * which also saved PyTorch's token ids and logits for a few texts in {@code expected.json}.
 */
class SequenceClassifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SequenceClassifier single;
  private static SequenceClassifier multi;

  @BeforeAll
  static void load() throws URISyntaxException {
    single = SequenceClassifier.open(settings("tiny-bert-single-label"));
    multi = SequenceClassifier.open(settings("tiny-bert-multi-label"));
  }

  @AfterAll
  static void close() {
    single.close();
    multi.close();
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(SequenceClassifierTest.class.getResource("/fixtures/" + name).toURI());
  }

  private static ClassifierSettings settings(String name) throws URISyntaxException {
    return ClassifierSettings.of(fixture(name).toString())
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU));
  }

  private static List<JsonNode> cases(String name) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(fixture(name).resolve("expected.json").toFile()).get("cases").forEach(out::add);
    return out;
  }

  private static List<String> texts(List<JsonNode> cases) {
    return cases.stream().map(c -> c.get("text").asText()).toList();
  }

  @Test
  void tokenIdsAndLogitsMatchWhatPyTorchComputed() throws Exception {
    for (String name : List.of("tiny-bert-single-label", "tiny-bert-multi-label")) {
      SequenceClassifier classifier = name.contains("single") ? single : multi;
      List<JsonNode> cases = cases(name);
      try (BatchTokenizer tokenizer = BatchTokenizer.fromJson(Files.readAllBytes(fixture(name).resolve("tokenizer.json")), 64)) {
        for (JsonNode c : cases) {
          TokenBatch batch = tokenizer.encode(List.of(c.get("text").asText()));
          long[] expectedIds = new long[c.get("input_ids").size()];
          for (int i = 0; i < expectedIds.length; i++) {
            expectedIds[i] = c.get("input_ids").get(i).asLong();
          }
          assertArrayEquals(expectedIds, batch.inputIds(), name + ": ids of " + c.get("text"));
        }
      }
      for (JsonNode c : cases) {
        float[] logits = classifier.logits(List.of(c.get("text").asText()))[0];
        for (int i = 0; i < logits.length; i++) {
          assertEquals(c.get("logits").get(i).asDouble(), logits[i], 1e-4, name + ": logit " + i + " of " + c.get("text"));
        }
      }
    }
  }

  @Test
  void labelsFollowId2labelAndTheChosenLabelIsTheArgmaxOfTheLogits() throws Exception {
    assertEquals(List.of("negative", "neutral", "positive"), single.labels());
    assertFalse(single.multiLabel());
    List<JsonNode> cases = cases("tiny-bert-single-label");
    List<Classification> results = single.classify(texts(cases));
    List<String> seen = new ArrayList<>();
    for (int n = 0; n < cases.size(); n++) {
      JsonNode logits = cases.get(n).get("logits");
      int best = 0;
      for (int i = 1; i < logits.size(); i++) {
        best = logits.get(i).asDouble() > logits.get(best).asDouble() ? i : best;
      }
      Classification result = results.get(n);
      assertEquals(single.labels().get(best), result.label(), cases.get(n).get("text").asText());
      assertEquals(List.of(result.label()), result.labels());
      assertEquals(single.labels(), List.copyOf(result.scores().keySet()));
      seen.add(result.label());
    }
    // The fixture's weights were seeded so that every label wins somewhere; a label mix-up cannot hide.
    assertTrue(seen.containsAll(single.labels()), seen.toString());
    assertEquals("tiny-bert-single-label", results.get(0).model());
    assertTrue(results.get(0).version().matches("sha256:[0-9a-f]{12}"), results.get(0).version());
  }

  @Test
  void singleLabelScoresAreASoftmaxThatSumsToOne() throws Exception {
    for (JsonNode c : cases("tiny-bert-single-label")) {
      Classification result = single.classify(List.of(c.get("text").asText())).get(0);
      double sum = result.scores().values().stream().mapToDouble(Float::doubleValue).sum();
      assertEquals(1.0, sum, 1e-5);
      double max = Math.max(c.get("logits").get(0).asDouble(), Math.max(c.get("logits").get(1).asDouble(), c.get("logits").get(2).asDouble()));
      double denominator = 0;
      for (JsonNode l : c.get("logits")) {
        denominator += Math.exp(l.asDouble() - max);
      }
      assertEquals(Math.exp(c.get("logits").get(0).asDouble() - max) / denominator, result.scores().get("negative"), 1e-4);
    }
  }

  @Test
  void multiLabelScoresAreIndependentSigmoidsAndEveryLabelAtHalfIsChosen() throws Exception {
    assertEquals(List.of("toxic", "insult", "threat", "spam"), multi.labels());
    assertTrue(multi.multiLabel());
    boolean someSumIsNotOne = false;
    boolean someTextHasSeveralLabels = false;
    boolean someTextHasNone = false;
    List<JsonNode> cases = cases("tiny-bert-multi-label");
    List<Classification> results = multi.classify(texts(cases));
    for (int n = 0; n < cases.size(); n++) {
      Classification result = results.get(n);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < multi.labels().size(); i++) {
        double logit = cases.get(n).get("logits").get(i).asDouble();
        String label = multi.labels().get(i);
        assertEquals(1 / (1 + Math.exp(-logit)), result.scores().get(label), 1e-4);
        if (logit >= 0) {
          expected.add(label);
        }
      }
      assertEquals(expected.stream().sorted().toList(), result.labels().stream().sorted().toList());
      double sum = result.scores().values().stream().mapToDouble(Float::doubleValue).sum();
      someSumIsNotOne |= Math.abs(sum - 1) > 0.05;
      someTextHasSeveralLabels |= result.labels().size() > 1;
      someTextHasNone |= result.labels().isEmpty();
    }
    assertTrue(someSumIsNotOne && someTextHasSeveralLabels && someTextHasNone);
  }

  @Test
  void perLabelThresholdsDecideWhichLabelsAreChosen() throws Exception {
    String text = "Click this link now to verify your bank account";
    Classification plain = multi.classify(List.of(text)).get(0);
    float spam = plain.scores().get("spam");
    float insult = plain.scores().get("insult");
    try (SequenceClassifier strict = SequenceClassifier.open(settings("tiny-bert-multi-label")
        .withThresholds(Map.of("spam", Math.min(1.0, spam + 0.01), "insult", Math.max(0.0, insult - 0.01))))) {
      Classification result = strict.classify(List.of(text)).get(0);
      assertFalse(result.labels().contains("spam"), result.toString());
      assertTrue(result.labels().contains("insult"), result.toString());
      assertEquals(plain.scores(), result.scores());
    }
  }

  @Test
  void aBatchOfNGivesTheScoresOfNSingleCalls() throws Exception {
    for (SequenceClassifier classifier : List.of(single, multi)) {
      List<String> texts = texts(cases("tiny-bert-single-label"));
      float[][] together = classifier.logits(texts);
      for (int i = 0; i < texts.size(); i++) {
        float[] alone = classifier.logits(List.of(texts.get(i)))[0];
        assertArrayEquals(alone, together[i], 1e-5f, classifier.modelName() + ": " + texts.get(i));
      }
    }
  }

  @Test
  void thresholdsForUnknownLabelsAreRefusedWithTheLabelsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SequenceClassifier.open(settings("tiny-bert-multi-label").withThresholds(Map.of("toxicity", 0.3))));
    assertTrue(e.getMessage().contains("toxicity") && e.getMessage().contains("[toxic, insult, threat, spam]"), e.getMessage());
  }

  @Test
  void configWithoutLabelsOrWithTheWrongLabelCountIsRefused(@TempDir Path dir) throws Exception {
    for (String file : List.of("model.onnx", "tokenizer.json")) {
      Files.copy(fixture("tiny-bert-single-label").resolve(file), dir.resolve(file));
    }
    ObjectNode config = (ObjectNode) JSON.readTree(fixture("tiny-bert-single-label").resolve("config.json").toFile());

    config.remove("id2label");
    Files.writeString(dir.resolve("config.json"), config.toString());
    IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class,
        () -> SequenceClassifier.open(ClassifierSettings.of(dir.toString())));
    assertTrue(noLabels.getMessage().contains("id2label"), noLabels.getMessage());

    config.putObject("id2label").put("0", "no").put("1", "yes");
    Files.writeString(dir.resolve("config.json"), config.toString());
    IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class,
        () -> SequenceClassifier.open(ClassifierSettings.of(dir.toString())));
    assertTrue(wrongCount.getMessage().contains("3 logits") && wrongCount.getMessage().contains("[no, yes]"), wrongCount.getMessage());

    config.putObject("id2label").put("0", "a").put("1", "b").put("2", "c");
    config.put("problem_type", "regression");
    Files.writeString(dir.resolve("config.json"), config.toString());
    IllegalArgumentException regression = assertThrows(IllegalArgumentException.class,
        () -> SequenceClassifier.open(ClassifierSettings.of(dir.toString())));
    assertTrue(regression.getMessage().contains("regression"), regression.getMessage());
  }

  @Test
  void withoutProblemTypeOneLabelIsASigmoidAndSeveralAreASoftmax() throws IOException {
    Path file = Path.of("config.json");
    assertTrue(ClassifierConfig.parse(JSON.readTree("{\"id2label\":{\"0\":\"spam\"}}"), file).multiLabel());
    ClassifierConfig two = ClassifierConfig.parse(JSON.readTree("{\"id2label\":{\"1\":\"b\",\"0\":\"a\"}}"), file);
    assertFalse(two.multiLabel());
    assertEquals(List.of("a", "b"), two.labels());
    assertThrows(IllegalArgumentException.class,
        () -> ClassifierConfig.parse(JSON.readTree("{\"id2label\":{\"0\":\"a\",\"2\":\"c\"}}"), file));
  }
}
