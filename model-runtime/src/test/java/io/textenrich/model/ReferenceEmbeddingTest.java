package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins our numerics to the in-process embedders shipped with the same model files by their
 * authors: same tokenizer, same weights. Every expected vector is computed by that reference on
 * the machine running the test, so no number crosses from one CPU to another.
 */
class ReferenceEmbeddingTest {

  static List<Arguments> models() {
    return List.of(
        Arguments.of(BuiltinModel.ALL_MINILM_L6_V2_Q, new AllMiniLmL6V2QuantizedEmbeddingModel(), List.of(
            "The weather is lovely today.",
            "Kafka Streams processes records one partition at a time.",
            "I can't log in to my account since yesterday's update!",
            "Buy cheap watches now, limited offer, click here")),
        Arguments.of(BuiltinModel.BGE_SMALL_ZH_V15_Q, new BgeSmallZhV15QuantizedEmbeddingModel(), List.of(
            "今天天气很好",
            "今天阳光明媚，天气不错",
            "股票市场今天大幅下跌",
            "请问这家餐厅几点开门？")));
  }

  /**
   * Single texts run the same kernels on both sides, so they agree to float precision on any CPU.
   * The reference always optimises its graph fully, so this test does too, whatever
   * {@code test.graph.optimization} says.
   */
  @ParameterizedTest
  @MethodSource("models")
  void vectorsMatchTheReferenceImplementation(BuiltinModel model, EmbeddingModel reference, List<String> texts) {
    try (SentenceEmbedder ours = SentenceEmbedder.open(EmbedderSettings.of(model.id())
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU)))) {
      for (String text : texts) {
        float[] expected = reference.embed(text).content().vector();
        float[] actual = ours.embed(List.of(text)).vectors().get(0);
        assertEquals(expected.length, actual.length);
        double cosine = Vectors.cosine(expected, actual);
        assertTrue(cosine >= 0.9999, model.id() + " '" + text + "': cosine " + cosine);
      }
    }
  }

  /**
   * These int8 models quantize activations with one scale per tensor, so batch neighbours and
   * padding move a vector a little; this bounds how far. Measured minimum cosine: 0.988 (English)
   * and 0.993 (Chinese) with the fused graph on an AVX-512 VNNI CPU, the same with the unfused one
   * (see TestSessions) and on an emulated AVX2 CPU; 0.98 leaves room for other kernels.
   */
  @ParameterizedTest
  @MethodSource("models")
  void batchedVectorsOfQuantizedModelsStayCloseToTheReference(BuiltinModel model, EmbeddingModel reference, List<String> texts) {
    try (SentenceEmbedder ours = TestSessions.open(model)) {
      List<float[]> batch = ours.embed(texts).vectors();
      for (int i = 0; i < texts.size(); i++) {
        double cosine = Vectors.cosine(reference.embed(texts.get(i)).content().vector(), batch.get(i));
        assertTrue(cosine >= 0.98, model.id() + " '" + texts.get(i) + "': cosine " + cosine);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void paraphrasesScoreHigherThanUnrelatedSentences(BuiltinModel model, EmbeddingModel reference, List<String> unused) {
    List<String> texts = model == BuiltinModel.BGE_SMALL_ZH_V15_Q
        ? List.of("今天天气很好", "今天阳光明媚，天气不错", "股票市场今天大幅下跌")
        : List.of("How do I reset my password?", "I forgot my password, how can I change it?", "The train to Berlin leaves at noon.");
    try (SentenceEmbedder ours = TestSessions.open(model)) {
      List<float[]> v = ours.embed(texts).vectors();
      double paraphrase = Vectors.cosine(v.get(0), v.get(1));
      double unrelated = Vectors.cosine(v.get(0), v.get(2));
      assertTrue(paraphrase > unrelated + 0.1, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
    }
  }
}
