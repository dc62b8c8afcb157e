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
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadTest {

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
    Head head = trainToy(Map.of("negative", 0.7)).head();
    Path file = dir.resolve("head.json");
    head.save(file);
    Head loaded = Head.load(file);

    assertEquals(head.name(), loaded.name());
    assertEquals(head.labels(), loaded.labels());
    assertEquals(head.encoder(), loaded.encoder());
    assertEquals(head.thresholds(), loaded.thresholds());
    assertEquals(head.training(), loaded.training());
    assertEquals(head.version(), loaded.version());
    LinearWeights weights = (LinearWeights) head.weights();
    LinearWeights loadedWeights = (LinearWeights) loaded.weights();
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(weights.weights()[k], loadedWeights.weights()[k]);
    }
    assertArrayEquals(weights.bias(), loadedWeights.bias());
    // Saving again writes the same bytes: the version is stable and a retrained head diffs cleanly.
    Path again = dir.resolve("again.json");
    loaded.save(again);
    assertEquals(Files.readString(file), Files.readString(again));
  }

  @Test
  void theFileIsReadableJsonWithOneWeightRowPerLine(@TempDir Path dir) throws Exception {
    Head head = trainToy(Map.of()).head();
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
    Head head = trainToy(Map.of()).head();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> head.classify(List.of("a text"), List.of(new float[8]), "other-encoder", "sha256:ffffffffffff"));
    assertTrue(e.getMessage().contains("toy-encoder") && e.getMessage().contains("sha256:0123456789ab")
        && e.getMessage().contains("other-encoder") && e.getMessage().contains("sha256:ffffffffffff"), e.getMessage());
    // The same weights under another name (a copy in a directory) are accepted.
    assertEquals(1, head.classify(List.of("a text"), List.of(new float[8]), "my-copy", ENCODER.version()).size());
  }

  @Test
  void classifyNamesTheHeadAndChoosesTheMostProbableLabel() {
    Head head = trainToy(Map.of()).head();
    float[] clear = new float[8];
    clear[1] = 1f;
    Classification c = head.classify(List.of("a text"), List.of(clear), ENCODER.model(), ENCODER.version()).get(0);
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

  private static final FalseFlagBudget BUDGET_WITH_SPAM_HELD = new FalseFlagBudget("ok", 0.05, null, Map.of("spam", 0.025));

  @Test
  void crossValidationChoosesThePenaltyAndTheThresholdsForABudgetAndTheFileKeepsBoth(@TempDir Path dir) throws Exception {
    HeadTrainer.Result result = trainToy(List.of("ok", "toxic", "spam"),
        new HeadTrainer.Options(5, 42, List.of(1e-3, 1e9), List.of(0), Map.of(), BUDGET_WITH_SPAM_HELD));
    TrainingInfo info = result.head().training().orElseThrow();
    assertEquals(1e-3, info.l2(), "a huge penalty flattens every score and loses: " + result.candidates());
    assertEquals(List.of(1e-3, 1e9), info.l2Candidates());
    assertEquals(List.of("toxic", "spam"), List.copyOf(result.head().thresholds().keySet()));
    assertTrue(result.crossValidation().falseFlagRate("ok") <= 0.05, "within the budget: " + result.head().thresholds());
    assertEquals(99, result.curves().get("spam").size());

    Path file = dir.resolve("head.json");
    result.head().save(file);
    TrainingInfo loaded = Head.load(file).training().orElseThrow();
    assertEquals(BUDGET_WITH_SPAM_HELD, loaded.falseFlagBudget());
    assertEquals(List.of(1e-3, 1e9), loaded.l2Candidates());
    assertEquals(result.head().thresholds(), Head.load(file).thresholds());
  }

  /**
   * Labels that depend on the sign of the product of two coordinates (XOR): no linear head can
   * separate them, a hidden layer can.
   */
  private static HeadTrainer.Result trainXor(List<Integer> hiddenUnits) {
    java.util.Random random = new java.util.Random(9);
    List<LabeledText> examples = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      float[] v = new float[8];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (random.nextGaussian() * 0.05);
      }
      boolean a = i % 2 == 0;
      boolean b = (i / 2) % 2 == 0;
      v[0] += a ? 0.6f : -0.6f;
      v[1] += b ? 0.6f : -0.6f;
      examples.add(new LabeledText("text " + i, a == b ? "ok" : "spam", "en", i % 4 == 0 ? "greetings" : "reviews"));
      vectors.add(v);
    }
    return HeadTrainer.train("xor", new HeadTrainer.Data("xor.jsonl", examples, vectors, 1), ENCODER,
        new HeadTrainer.Options(5, 42, List.of(1e-4), hiddenUnits, Map.of(), null));
  }

  @Test
  void crossValidationPicksAHiddenLayerWhereALinearHeadCannotSeparateTheLabels() {
    HeadTrainer.Result result = trainXor(List.of(0, 16));
    assertEquals(new HeadTrainer.Candidate(16, 1e-4), result.chosen(), "figures: " + result.candidates());
    assertTrue(result.candidates().get(new HeadTrainer.Candidate(0, 1e-4)).macroF1() < 0.7, "linear: " + result.candidates());
    assertTrue(result.crossValidation().accuracy() > 0.95, "mlp: " + result.candidates());
    assertTrue(result.head().weights() instanceof MlpWeights);
    TrainingInfo info = result.head().training().orElseThrow();
    assertEquals(16, info.hiddenUnits());
    assertEquals(List.of(0, 16), info.hiddenUnitsCandidates());
  }

  @Test
  void anMlpHeadIsSavedWithItsHiddenLayerAndLoadsBackScoringTheSame(@TempDir Path dir) throws Exception {
    Head head = trainXor(List.of(16)).head();
    Path file = dir.resolve("head.json");
    head.save(file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertTrue(lines.contains("  \"type\": \"mlp\","), String.join("\n", lines));
    assertTrue(lines.contains("  \"hidden_activation\": \"relu\","), String.join("\n", lines));
    // 16 hidden rows of 8 encoder dimensions, then 2 output rows of 16 hidden units, one per line.
    assertEquals(16, lines.stream().filter(l -> l.startsWith("    [") && l.split(",").length == 8).count());
    assertEquals(2, lines.stream().filter(l -> l.startsWith("    [") && l.split(",").length == 16).count());

    Head loaded = HeadSet.load(List.of(file.toString()), "unused").heads().get(0);
    assertEquals(head.version(), loaded.version());
    assertEquals(head.training(), loaded.training());
    float[] v = {0.6f, -0.6f, 0, 0, 0, 0, 0, 0};
    assertArrayEquals(head.probabilities(List.of("a text"), List.of(v)).get(0), loaded.probabilities(List.of("a text"), List.of(v)).get(0));
    assertEquals("spam", loaded.classify(List.of("a text"), List.of(v), ENCODER.model(), ENCODER.version()).get(0).label());
    Path again = dir.resolve("again.json");
    loaded.save(again);
    assertEquals(Files.readString(file), Files.readString(again));
  }

  @Test
  void theSameDataAndSeedTrainTheSameMlp() {
    assertEquals(trainXor(List.of(16)).head().version(), trainXor(List.of(16)).head().version());
  }

  @Test
  void figuresPerDomainCountEachDomainsTextsOnly() {
    HeadTrainer.Result result = trainXor(List.of(16));
    List<LabeledText> examples = List.of(new LabeledText("a", "spam", "en", "reviews"), new LabeledText("b", "ok", "en", "reviews"),
        new LabeledText("c", "ok", "en", "greetings"), new LabeledText("d", "ok", "en", null), new LabeledText("e", "ok", "en", "reviews"));
    float[] spamLike = {0.6f, -0.6f, 0, 0, 0, 0, 0, 0};
    float[] okLike = {0.6f, 0.6f, 0, 0, 0, 0, 0, 0};
    Map<String, Evaluation> byDomain = result.head().evaluateByDomain(examples, List.of(spamLike, spamLike, okLike, okLike, okLike));
    assertEquals(List.of(Head.NO_DOMAIN, "greetings", "reviews"), List.copyOf(byDomain.keySet()));
    assertEquals(0.5, byDomain.get("reviews").falseFlagRate("ok"), 1e-9, "one of the two reviews' ok texts flagged");
    assertEquals(1.0, byDomain.get("reviews").recall("spam"), 1e-9);
    assertEquals(0.0, byDomain.get("greetings").falseFlagRate("ok"), 1e-9);
    assertEquals(1, byDomain.get(Head.NO_DOMAIN).total());
  }

  @Test
  void aBudgetForOneLanguageCountsOnlyThatLanguagesLegitimateTexts() {
    // English ok texts are easy (their cluster), Chinese ok texts sit with the spam: a budget over
    // all texts must flag few, a budget over English ones may keep the spam threshold low.
    List<LabeledText> examples = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 120; i++) {
      String label = i % 3 == 0 ? "spam" : "ok";
      String lang = label.equals("ok") && i % 2 == 0 ? "zh" : "en";
      float[] v = new float[8];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (random.nextGaussian() * 0.2);
      }
      v[label.equals("spam") || lang.equals("zh") ? 1 : 0] += 1f;
      examples.add(new LabeledText("t" + i, label, lang));
      vectors.add(v);
    }
    HeadTrainer.Data data = new HeadTrainer.Data("mixed.jsonl", examples, vectors, 1);
    HeadTrainer.Result english = HeadTrainer.train("m", data, ENCODER,
        new HeadTrainer.Options(5, 42, List.of(1e-3), List.of(0), Map.of(), new FalseFlagBudget("ok", 0.05, "en")));
    HeadTrainer.Result all = HeadTrainer.train("m", data, ENCODER,
        new HeadTrainer.Options(5, 42, List.of(1e-3), List.of(0), Map.of(), new FalseFlagBudget("ok", 0.05)));
    assertTrue(english.byLanguage().get("en").falseFlagRate("ok") <= 0.05, english.head().thresholds().toString());
    assertTrue(english.head().thresholds().get("spam") < all.head().thresholds().get("spam"),
        english.head().thresholds() + " vs " + all.head().thresholds());
    assertTrue(english.byLanguage().get("en").recall("spam") > all.byLanguage().get("en").recall("spam"));
    assertEquals("en", english.head().training().orElseThrow().falseFlagBudget().language());
  }

  @Test
  void aHandEditedOrForeignFileIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("head.json");
    Files.writeString(file, "{\"format\":\"something-else\"}");
    IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> Head.load(file));
    assertTrue(format.getMessage().contains("textenrich-head/1"), format.getMessage());

    Head head = trainToy(Map.of()).head();
    head.save(file);
    Files.writeString(file, Files.readString(file).replace("\"dimensions\": 8", "\"dimensions\": 9"));
    IllegalArgumentException dims = assertThrows(IllegalArgumentException.class, () -> Head.load(file));
    assertTrue(dims.getMessage().contains("9 dimensions"), dims.getMessage());
  }

  @Test
  void headsOfDifferentEncodersCannotShareASet() {
    Head a = trainToy(Map.of()).head();
    Head b = new Head("other", a.labels(), new EncoderId("x", "sha256:aaaaaaaaaaaa", 8), a.weights(), Map.of(), null);
    assertThrows(IllegalArgumentException.class, () -> HeadSet.of(List.of(a, b)));
    assertNotEquals(a.version(), b.version());
  }

  private static HeadTrainer.Result trainWordsOnly(boolean lexical) {
    return trainWordsOnly(new HeadTrainer.Options(5, 42, List.of(1e-3), List.of(0), Map.of(), new FalseFlagBudget("ok", 0.05))
        .withLexical(lexical));
  }

  /** Spam and legitimate texts told apart by their words only: their vectors are noise. */
  private static HeadTrainer.Result trainWordsOnly(HeadTrainer.Options options) {
    java.util.Random random = new java.util.Random(3);
    String[] filler = {"today", "friend", "morning", "team", "order", "weekend", "office", "city"};
    List<LabeledText> examples = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      boolean spam = i % 2 == 0;
      String word = filler[random.nextInt(filler.length)];
      String text = spam ? "claim your cash prize " + word + " at winner-club dot biz" : "see you at lunch " + word + ", bring the notes";
      examples.add(new LabeledText(text, spam ? "spam" : "ok", "en"));
      float[] v = new float[8];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) random.nextGaussian();
      }
      vectors.add(v);
    }
    return HeadTrainer.train("words", new HeadTrainer.Data("words.jsonl", examples, vectors, 1), ENCODER, options);
  }

  @Test
  void aShareGivenPerLabelMakesThatLabelFollowItsPartAndIsSavedPerLabel(@TempDir Path dir) throws Exception {
    HeadTrainer.Options lexical = new HeadTrainer.Options(5, 42, List.of(1e-3), List.of(0), Map.of(), null).withLexical(true);
    // spam from the encoder part alone, whose vectors here are noise; ok from the words alone
    Head head = trainWordsOnly(lexical.withEmbeddingShareByLabel(Map.of("spam", 1.0, "ok", 0.0))).head();
    assertEquals("encoder part x share + lexical part x (1 - share), shares per label: spam 1.00, ok 0.00", head.parts());
    List<String> texts = List.of("claim your cash prize at winner-club dot biz");
    List<float[]> noise = List.of(new float[8]);
    float[] p = head.probabilities(texts, noise).get(0);
    assertEquals(1.0, p[0] + p[1], 1e-6, "the mixed probabilities sum to one");
    float[] words = head.lexical().orElseThrow().weights().probabilities(texts.get(0));
    float[] encoder = head.weights().probabilities(noise.get(0));
    assertEquals(encoder[0] / (encoder[0] + words[1]), p[0], 1e-6, "spam mixed at share 1, ok at share 0, then scaled");

    Path file = dir.resolve("head.json");
    head.save(file);
    assertTrue(Files.readString(file).contains("\"embedding_shares\""), "shares per label in the file");
    Head loaded = Head.load(file);
    assertEquals(head.version(), loaded.version());
    assertArrayEquals(p, loaded.probabilities(texts, noise).get(0));
  }

  @Test
  void aSharePerLabelNeedsALexicalPartAndALabelTheDataHas() {
    HeadTrainer.Options options = new HeadTrainer.Options(5, 42, List.of(1e-3), List.of(0), Map.of(), null);
    IllegalArgumentException noLexical = assertThrows(IllegalArgumentException.class,
        () -> options.withEmbeddingShareByLabel(Map.of("spam", 0.5)));
    assertTrue(noLexical.getMessage().contains("--lexical"), noLexical.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> trainWordsOnly(options.withLexical(true).withEmbeddingShareByLabel(Map.of("toxic", 0.5))));
    assertTrue(unknown.getMessage().contains("[toxic]") && unknown.getMessage().contains("[spam, ok]"), unknown.getMessage());
  }

  @Test
  void aFalseFlagRateForALabelTheDataDoesNotHaveIsRefusedBeforeCrossValidation() {
    FalseFlagBudget budget = new FalseFlagBudget("ok", 0.05, null, Map.of("threat", 0.02));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainToy(List.of("ok", "toxic", "spam"),
        new HeadTrainer.Options(5, 42, List.of(1e-3), List.of(0), Map.of(), budget)));
    assertTrue(e.getMessage().contains("[threat]") && e.getMessage().contains("[ok, toxic, spam]"), e.getMessage());
  }

  @Test
  void aLexicalPartIsKeptWhenTheWordsTellWhatTheVectorsDoNot() {
    HeadTrainer.Result without = trainWordsOnly(false);
    HeadTrainer.Result with = trainWordsOnly(true);
    assertTrue(without.head().lexical().isEmpty());
    assertTrue(with.head().lexical().isPresent());
    assertTrue(with.embeddingShare() < 1, "share " + with.embeddingShare());
    assertEquals("encoder part only", without.head().parts());
    assertEquals(String.format(Locale.ROOT, "encoder part x %.2f + lexical part x %.2f", with.embeddingShare(),
        1 - with.embeddingShare()), with.head().parts(), "what evaluate-head reports");
    assertEquals(1.0, with.embeddingShares().keySet().iterator().next());
    assertTrue(with.crossValidation().recall("spam") > 0.9, "spam recall with words " + with.crossValidation().recall("spam"));
    assertTrue(without.crossValidation().recall("spam") < 0.5, "spam recall from noise " + without.crossValidation().recall("spam"));
    float[] noise = new float[8];
    Classification c = with.head().classify(List.of("Claim your cash prize at winner-club dot biz"), List.of(noise), ENCODER.model(),
        ENCODER.version()).get(0);
    assertEquals("spam", c.label());
  }

  @Test
  void aHeadWithALexicalPartLoadsBackWithTheSameProbabilitiesAndBytes(@TempDir Path dir) throws Exception {
    HeadTrainer.Result result = trainWordsOnly(true);
    Head head = result.head();
    Path file = dir.resolve("head.json");
    head.save(file);
    Head loaded = Head.load(file);
    assertEquals(head.version(), loaded.version());
    List<String> texts = List.of("claim your cash prize today", "see you at lunch, bring the notes");
    List<float[]> vectors = List.of(new float[8], new float[8]);
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(head.probabilities(texts, vectors).get(i), loaded.probabilities(texts, vectors).get(i));
    }
    assertTrue(Files.readString(file).contains("\"embedding_share\": " + head.lexical().orElseThrow().embeddingShares()[0]));
    Path again = dir.resolve("again.json");
    loaded.save(again);
    assertEquals(Files.readString(file), Files.readString(again));
  }

  @Test
  void anEncoderShareOfOneOrMoreIsRefusedSinceTheEncoderPartAloneIsAlwaysTried() {
    HeadTrainer.Options options = new HeadTrainer.Options(5, 42, List.of(1e-3), List.of(0), Map.of(), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options.withEmbeddingShares(List.of(0.5, 1.0)));
    assertTrue(e.getMessage().contains("--embedding-shares"), e.getMessage());
    assertEquals(HeadTrainer.EMBEDDING_SHARES, options.withLexical(true).embeddingShares());
    assertEquals(List.of(), options.withLexical(false).embeddingShares());
  }
}
