package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.BuiltinModel;
import io.textenrich.model.Classification;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.TestSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heads shipped in model-runtime's jar: they load, fit their encoders, classify plain cases, and come from the data. */
class BuiltinHeadsTest {

  private static final Path DATA = Path.of(System.getProperty("heads.data.dir", "../data/heads"));
  private static final Set<String> EVALUATION_TEXTS = texts(List.of(DATA.resolve("eval/sentiment-en.jsonl"),
      DATA.resolve("eval/sentiment-zh.jsonl"), DATA.resolve("eval/moderation-en.jsonl"), DATA.resolve("eval/moderation-zh.jsonl"),
      DATA.resolve("eval/everyday-en.jsonl"), DATA.resolve("eval/everyday-zh.jsonl"), DATA.resolve("eval/fresh-en.jsonl"),
      DATA.resolve("eval/fresh-zh.jsonl"), DATA.resolve("eval/fresh3-en.jsonl"), DATA.resolve("eval/fresh3-zh.jsonl"),
      DATA.resolve("eval/fresh4-en.jsonl"), DATA.resolve("eval/fresh4-zh.jsonl"), DATA.resolve("eval/fresh5-en.jsonl"),
      DATA.resolve("eval/fresh5-zh.jsonl"),
      DATA.resolve("../spamassassin/eval.jsonl")));
  private static final Set<String> TRAINING_TEXTS = texts(List.of(DATA.resolve("sentiment.jsonl"), DATA.resolve("moderation.jsonl"),
      DATA.resolve("sentiment-everyday.jsonl"), DATA.resolve("moderation-everyday.jsonl"), DATA.resolve("moderation-round5.jsonl"),
      DATA.resolve("../spamassassin/train.jsonl")));

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
    Map<String, Classification> result = heads.classify(List.of(text), List.of(vector), encoder.modelName(),
        encoder.modelVersion()).get(0);
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

  /** Texts of data/heads/eval, which no head was trained on; the figures on all of them are in HeldOutFiguresTest. */
  @Test
  void defaultHeadsGetPlainEnglishEvaluationTextsRight() {
    HeadSet heads = HeadSet.load(HeadSet.BUILTIN, EmbedderSettings.DEFAULT_MODEL);
    assertEquals("positive",
        labels(minilm, heads, held("Thank you so much for the birthday flowers, they brighten up the whole room!")).get("sentiment"));
    assertEquals("negative", labels(minilm, heads, held("The flowers arrived wilted and half of them were missing.")).get("sentiment"));
    assertEquals("neutral", labels(minilm, heads, held("Please bring a photo ID to the appointment.")).get("sentiment"));
    assertEquals("spam", labels(minilm, heads,
        held("Your Amazon account has been locked due to suspicious activity. Sign in here to unlock.")).get("moderation"));
    assertEquals("toxic", labels(minilm, heads, held("Go die in a ditch, you worthless piece of trash.")).get("moderation"));
    assertEquals("ok",
        labels(minilm, heads, held("I strongly disagree with the new policy, it punishes people who work night shifts.")).get("moderation"));
  }

  @Test
  void chineseEncoderHeadsGetPlainChineseEvaluationTextsRight() {
    HeadSet heads = HeadSet.load(HeadSet.BUILTIN, BuiltinModel.BGE_SMALL_ZH_V15_Q.id());
    assertEquals(Map.of("sentiment", "positive", "moderation", "ok"), labels(bge, heads, held("谢谢你送的生日花，整个房间都亮起来了！")));
    assertEquals("negative", labels(bge, heads, held("搅拌机第一次用就坏了。")).get("sentiment"));
    assertEquals("spam", labels(bge, heads, held("紧急通知：您的银行卡今日将被注销，请立即登录 bank-verify.cn 核实信息。")).get("moderation"));
    assertEquals("toxic", labels(bge, heads, held("去死吧，你这个一文不值的贱人。")).get("moderation"));
  }

  @Test
  void noEvaluationTextIsATrainingText() {
    assertTrue(EVALUATION_TEXTS.size() > 5000 && TRAINING_TEXTS.size() > 5000,
        "every evaluation and training file is read: " + EVALUATION_TEXTS.size() + " and " + TRAINING_TEXTS.size() + " texts");
    Set<String> overlap = new HashSet<>(EVALUATION_TEXTS);
    overlap.retainAll(TRAINING_TEXTS);
    assertEquals(Set.of(), overlap, "evaluation texts must never be trained on");
  }

  /** The text, once checked to be an evaluation text that no built-in head was trained on. */
  private static String held(String text) {
    assertTrue(EVALUATION_TEXTS.contains(text), "not a text of data/heads/eval: " + text);
    assertTrue(!TRAINING_TEXTS.contains(text), "a training text: " + text);
    return text;
  }

  private static Set<String> texts(List<Path> files) {
    Set<String> texts = new HashSet<>();
    try {
      for (Path file : files) {
        LabeledText.readJsonl(file).forEach(e -> texts.add(e.text()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return texts;
  }

  @Test
  void headsRefuseVectorsOfTheOtherEncoder() {
    HeadSet heads = HeadSet.load(HeadSet.BUILTIN, EmbedderSettings.DEFAULT_MODEL);
    float[] vector = bge.embed(List.of("你好")).vectors().get(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> heads.classify(List.of("你好"), List.of(vector), bge.modelName(), bge.modelVersion()));
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
   * Refits every shipped head from data/heads with the kind, penalty and seed its cross-validation
   * chose (bin/train-default-heads), without repeating the cross-validation, and checks what a user of
   * the head relies on. The data hash must match exactly: the data was not edited without retraining.
   * Everything else comes from int8 vectors, whose kernels differ between CPU families, so it is
   * compared within margins and never weight by weight (weights moved by 6e-3 between an AVX-512 VNNI
   * and an AVX2 machine). Measured against heads shipped from an AVX-512 VNNI CPU: with an emulated
   * AVX2 CPU's vectors (cosine down to 0.996) labels agreed on 99.6% of the texts or more, scores moved
   * by at most 0.004; with the unfused graph's vectors ({@code -Dtest.graph.optimization=none}, cosine
   * down to 0.988), 98.9% and 0.018. The margins below hold for both.
   */
  @Test
  void shippedHeadsAreReproducedByTrainingOnTheCommittedData() throws Exception {
    for (SentenceEmbedder encoder : List.of(minilm, bge)) {
      for (String name : HeadSet.BUILTIN) {
        Head shipped = Head.builtin(name, encoder.modelName()).orElseThrow();
        TrainingInfo info = shipped.training().orElseThrow();
        List<LabeledText> examples = new ArrayList<>();
        for (String file : info.data().split(" \\+ ")) {
          examples.addAll(LabeledText.readJsonl(DATA.resolve("..").resolve(file)));
        }
        String what = name + " on " + encoder.modelName();
        assertEquals(info.dataSha256(), HeadTrainer.sha256(examples),
            what + ": data/heads changed since the head was trained; run bin/train-default-heads");
        List<float[]> vectors = new ArrayList<>();
        for (LabeledText example : examples) {
          vectors.add(encoder.embed(List.of(example.text())).vectors().get(0));
        }
        Head refitted = HeadTrainer.refit(shipped, new HeadTrainer.Data(info.data(), examples, vectors, 1));
        List<String> texts = examples.stream().map(LabeledText::text).toList();
        LabelAgreement agreement = LabelAgreement.of(
            shipped.classify(texts, vectors, encoder.modelName(), encoder.modelVersion()),
            refitted.classify(texts, vectors, encoder.modelName(), encoder.modelVersion()));
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
