package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.BuiltinModel;
import io.textenrich.model.Classification;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.TestSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heads shipped in model-runtime's jar: they load, fit their encoders, classify plain cases, and come from the data. */
class BuiltinHeadsTest {

  private static SentenceEmbedder minilm;
  private static SentenceEmbedder bge;

  @BeforeAll
  static void load() {
    minilm = TestSessions.open(BuiltinModel.ALL_MINILM_L6_V2_Q);
    bge = TestSessions.open(BuiltinModel.BGE_SMALL_ZH_V15_Q);
  }

  @AfterAll
  static void close() {
    minilm.close();
    bge.close();
  }

  /** One text per call, as the heads were trained. */
  private static Map<String, String> labels(SentenceEmbedder encoder, HeadSet heads, String text) {
    float[] vector = encoder.embed(List.of(text)).vectors().get(0);
    Map<String, Classification> result = heads.classify(List.of(vector), encoder.modelName(), encoder.modelVersion()).get(0);
    return Map.of("sentiment", result.get("sentiment").label(), "moderation", result.get("moderation").label());
  }

  @Test
  void defaultHeadsAreTrainedOnTheDefaultEncoderAsShippedInTheJar() {
    HeadSet heads = HeadSet.load(HeadSet.BUILTIN, EmbedderSettings.DEFAULT_MODEL);
    assertEquals(minilm.modelVersion(), heads.encoder().version());
    assertEquals(minilm.dimensions(), heads.encoder().dimensions());
    HeadSet chinese = HeadSet.load(HeadSet.BUILTIN, BuiltinModel.BGE_SMALL_ZH_V15_Q.id());
    assertEquals(bge.modelVersion(), chinese.encoder().version());
    assertEquals(List.of("positive", "neutral", "negative"), heads.heads().get(0).labels());
    assertEquals(List.of("ok", "toxic", "spam"), heads.heads().get(1).labels());
  }

  @Test
  void defaultHeadsGetObviousEnglishTextsRight() {
    HeadSet heads = HeadSet.load(HeadSet.BUILTIN, EmbedderSettings.DEFAULT_MODEL);
    assertEquals("positive", labels(minilm, heads, "I love this, thank you!").get("sentiment"));
    assertEquals("negative", labels(minilm, heads, "This is the worst purchase I've ever made, total garbage.").get("sentiment"));
    assertEquals("neutral", labels(minilm, heads, "The meeting is at 3 pm in room 204.").get("sentiment"));
    assertEquals("spam", labels(minilm, heads,
        "Your account has been suspended. Verify your password at http://secure-login-bank.example.com within 24 hours.").get("moderation"));
    assertEquals("toxic", labels(minilm, heads, "You're a worthless idiot, nobody wants you here.").get("moderation"));
    assertEquals("ok", labels(minilm, heads, "The delivery was late again and I'm annoyed.").get("moderation"));
  }

  @Test
  void chineseEncoderHeadsGetObviousChineseTextsRight() {
    HeadSet heads = HeadSet.load(HeadSet.BUILTIN, BuiltinModel.BGE_SMALL_ZH_V15_Q.id());
    assertEquals(Map.of("sentiment", "positive", "moderation", "ok"), labels(bge, heads, "这家店太棒了，下次还来！"));
    assertEquals("negative", labels(bge, heads, "质量太差了，再也不买了").get("sentiment"));
    assertEquals("spam", labels(bge, heads, "点击链接领取您的中奖奖金").get("moderation"));
    assertEquals("toxic", labels(bge, heads, "你这个蠢货，赶紧滚").get("moderation"));
  }

  @Test
  void headsRefuseVectorsOfTheOtherEncoder() {
    HeadSet heads = HeadSet.load(HeadSet.BUILTIN, EmbedderSettings.DEFAULT_MODEL);
    float[] vector = bge.embed(List.of("你好")).vectors().get(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> heads.classify(List.of(vector), bge.modelName(), bge.modelVersion()));
    assertTrue(e.getMessage().contains("all-minilm-l6-v2-q") && e.getMessage().contains("bge-small-zh-v15-q"), e.getMessage());
  }

  @Test
  void anUnknownHeadNameListsTheBuiltinsAndAnEncoderWithoutHeadsIsNamed() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> HeadSet.load(List.of("sentimnet"), EmbedderSettings.DEFAULT_MODEL));
    assertTrue(unknown.getMessage().contains("sentiment, moderation"), unknown.getMessage());
    IllegalArgumentException noHeads = assertThrows(IllegalArgumentException.class,
        () -> HeadSet.load(List.of("sentiment"), BuiltinModel.ALL_MINILM_L6_V2.id()));
    assertTrue(noHeads.getMessage().contains("train-head --model all-minilm-l6-v2"), noHeads.getMessage());
  }

  /**
   * Retrains every shipped head from data/heads as bin/train-default-heads does and checks what a
   * user of the head relies on. The data hash must match exactly: the data was not edited without
   * retraining. Everything else comes from int8 vectors, whose kernels differ between CPU families,
   * so it is compared within margins and never weight by weight (weights moved by 6e-3 between an
   * AVX-512 VNNI and an AVX2 machine). Measured against heads shipped from an AVX-512 VNNI CPU:
   * with an emulated AVX2 CPU's vectors (cosine down to 0.996) the retrained heads' cross-validated
   * accuracy moved by at most 0.002, labels agreed on 99.6% of the texts or more, scores moved by at
   * most 0.004; with the unfused graph's vectors ({@code -Dtest.graph.optimization=none}, cosine
   * down to 0.988), by 0.004, 98.9% and 0.018. The margins below hold for both.
   */
  @Test
  void shippedHeadsAreReproducedByTrainingOnTheCommittedData() throws Exception {
    Path dataDir = Path.of(System.getProperty("heads.data.dir", "../data/heads"));
    for (SentenceEmbedder encoder : List.of(minilm, bge)) {
      for (String name : HeadSet.BUILTIN) {
        LinearHead shipped = LinearHead.builtin(name, encoder.modelName()).orElseThrow();
        List<LabeledText> examples = LabeledText.readJsonl(dataDir.resolve(name + ".jsonl"));
        List<float[]> vectors = new ArrayList<>();
        for (LabeledText example : examples) {
          vectors.add(encoder.embed(List.of(example.text())).vectors().get(0));
        }
        TrainingInfo info = shipped.training().orElseThrow();
        HeadTrainer.Result retrained = HeadTrainer.train(name, new HeadTrainer.Data(name + ".jsonl", examples, vectors, 1),
            new EncoderId(encoder.modelName(), encoder.modelVersion(), encoder.dimensions()),
            new HeadTrainer.Options(info.folds(), info.seed(), info.l2(), shipped.thresholds()));
        String what = name + " on " + encoder.modelName();
        assertEquals(info.dataSha256(), retrained.head().training().orElseThrow().dataSha256(),
            what + ": data/heads changed since the head was trained; run bin/train-default-heads");
        assertEquals(info.cvAccuracy(), retrained.crossValidation().accuracy(), 0.02, what + ": cross-validated accuracy");
        LabelAgreement agreement = LabelAgreement.of(
            shipped.classify(vectors, encoder.modelName(), encoder.modelVersion()),
            retrained.head().classify(vectors, encoder.modelName(), encoder.modelVersion()));
        assertTrue(agreement.share() >= 0.98, what + ": " + agreement);
        assertTrue(agreement.meanScoreDifference() <= 0.01 && agreement.maxScoreDifference() <= 0.1, what + ": " + agreement);
      }
    }
  }

  /** How far two heads' answers on the same vectors are apart. */
  private record LabelAgreement(int same, int total, double meanScoreDifference, double maxScoreDifference) {

    static LabelAgreement of(List<Classification> expected, List<Classification> actual) {
      int same = 0;
      double sum = 0;
      double max = 0;
      int scores = 0;
      for (int i = 0; i < expected.size(); i++) {
        Classification a = expected.get(i);
        Classification b = actual.get(i);
        if (Objects.equals(a.label(), b.label())) {
          same++;
        }
        for (Map.Entry<String, Float> score : a.scores().entrySet()) {
          double difference = Math.abs(score.getValue() - b.scores().get(score.getKey()));
          sum += difference;
          max = Math.max(max, difference);
          scores++;
        }
      }
      return new LabelAgreement(same, expected.size(), sum / Math.max(1, scores), max);
    }

    double share() {
      return (double) same / total;
    }
  }
}
