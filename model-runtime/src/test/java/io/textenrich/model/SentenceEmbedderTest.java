package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceEmbedderTest {

  private static SentenceEmbedder english;

  @BeforeAll
  static void load() {
    english = SentenceEmbedder.open(EmbedderSettings.of(EmbedderSettings.DEFAULT_MODEL)
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU)));
  }

  @AfterAll
  static void close() {
    english.close();
  }

  @Test
  void aModelDirectoryWithoutItsOnnxFileFailsNamingTheMissingFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SentenceEmbedder.open(EmbedderSettings.of(dir.toString())));
    assertTrue(e.getMessage().contains(dir.resolve("model.onnx").toAbsolutePath() + " does not exist"), e.getMessage());
  }

  @Test
  void aCorruptOnnxFileFailsNamingTheFileAndOnnxRuntimesReason(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("tokenizer.json"), ModelFiles.fromClasspath(BuiltinModel.ALL_MINILM_L6_V2_Q).tokenizerJson());
    Files.writeString(dir.resolve("model.onnx"), "this is not an ONNX graph");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SentenceEmbedder.open(EmbedderSettings.of(dir.toString())
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU))));
    assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load model file " + dir.resolve("model.onnx").toAbsolutePath()),
        e.getMessage());
    assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("protobuf"), e.getMessage());
  }

  @Test
  void textsTokenizedOnceGiveTheVectorsAndCountsOfTextsTokenizedInTheCall() {
    List<String> texts = List.of("The cat sits on the mat.", "今天天气很好", "word ".repeat(400));
    List<PreparedText> prepared = texts.stream().map(english::prepare).toList();
    EmbeddingBatch fromIds = english.embedPrepared(prepared);
    EmbeddingBatch fromTexts = english.embed(texts);
    assertEquals(english.maxLength(), prepared.get(2).tokens(), "truncated as in a call");
    for (int i = 0; i < texts.size(); i++) {
      assertTrue(prepared.get(i).tokenized());
      assertEquals(fromTexts.tokenCounts()[i], prepared.get(i).tokens());
      assertArrayEquals(fromTexts.vectors().get(i), fromIds.vectors().get(i), 1e-6f);
    }
    // A mix of tokenized and plain texts: the plain ones are tokenized in the call. (The same batch
    // as the reference: the quantized model's results depend on what else is in the call.)
    EmbeddingBatch mixed = english.embedPrepared(List.of(prepared.get(0), PreparedText.untokenized(texts.get(1), 1)));
    assertArrayEquals(english.embed(texts.subList(0, 2)).vectors().get(1), mixed.vectors().get(1), 1e-6f);
  }

  @Test
  void theDefaultModelWritesItsTokenStatesIntoTheEmbeddersOwnBufferAndGivesTheSameVectorsInAnyCall() {
    assertTrue(english.writesOutputIntoOwnBuffer(), "the probe found both ways equal");
    List<String> texts = List.of("The cat sits on the mat.", "A longer sentence, so that the batch is padded to it.");
    EmbeddingBatch first = english.embed(texts);
    english.embed(List.of("word ".repeat(300)));
    EmbeddingBatch again = english.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(first.vectors().get(i), again.vectors().get(i), "a larger call in between leaves no trace");
    }
  }

  @Test
  void defaultModelGivesUnitVectorsOf384Dimensions() {
    EmbeddingBatch batch = english.embed(List.of("The cat sits on the mat.", "今天天气很好"));
    assertEquals(384, english.dimensions());
    assertEquals(2, batch.size());
    for (float[] v : batch.vectors()) {
      assertEquals(384, v.length);
      assertEquals(1.0, Vectors.norm(v), 1e-5);
    }
    assertTrue(english.modelVersion().matches("sha256:[0-9a-f]{12}"), english.modelVersion());
  }

  @Test
  void paddingInABatchDoesNotChangeAnyEmbeddingOfAFloatModel() {
    List<String> texts = List.of("short", "a much longer sentence that needs many more tokens than the first one does",
        "medium length text here");
    try (SentenceEmbedder fp32 = SentenceEmbedder.open(EmbedderSettings.of(BuiltinModel.ALL_MINILM_L6_V2.id())
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU)))) {
      EmbeddingBatch together = fp32.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        float[] alone = fp32.embed(List.of(texts.get(i))).vectors().get(0);
        double cosine = Vectors.cosine(alone, together.vectors().get(i));
        assertTrue(cosine > 0.99999, "text " + i + ": cosine " + cosine);
      }
      assertEquals(together.paddedLength(), max(together.tokenCounts()));
    }
  }

  @Test
  void longTextIsTruncatedToTheModelLimit() {
    String longText = "word ".repeat(1000);
    EmbeddingBatch batch = english.embed(List.of(longText));
    assertEquals(256, english.maxLength());
    assertEquals(256, batch.tokenCounts()[0]);
  }

  @Test
  void modelDirectoryInExportLayoutLoadsWithItsPoolingConfig(@TempDir Path dir) throws IOException {
    ModelFiles builtin = ModelFiles.fromClasspath(BuiltinModel.ALL_MINILM_L6_V2_Q);
    Files.write(dir.resolve("model.onnx"), builtin.onnx());
    Files.write(dir.resolve("tokenizer.json"), builtin.tokenizerJson());
    Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"bert\",\"max_position_embeddings\":512}");
    Files.createDirectories(dir.resolve("1_Pooling"));
    Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"pooling_mode_cls_token\":true,\"pooling_mode_mean_tokens\":false}");

    ModelFiles files = ModelFiles.locate(dir.toString());

    assertEquals(Pooling.CLS, files.pooling());
    assertEquals(512, files.maxLength());
    assertEquals(builtin.version(), files.version());
    try (SentenceEmbedder fromDir = SentenceEmbedder.open(EmbedderSettings.of(dir.toString())
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU)))) {
      assertEquals(384, fromDir.dimensions());
      assertEquals(dir.getFileName().toString(), fromDir.modelName());
    }
  }

  @Test
  void unknownModelNamesTheBuiltinsAndTheExpectedLayout(@TempDir Path dir) {
    IllegalArgumentException notFound = assertThrows(IllegalArgumentException.class, () -> ModelFiles.locate("no-such-model"));
    assertTrue(notFound.getMessage().contains("all-minilm-l6-v2-q"), notFound.getMessage());

    IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class, () -> ModelFiles.locate(dir.toString()));
    assertTrue(incomplete.getMessage().contains("tokenizer.json"), incomplete.getMessage());
  }

  private static int max(int[] values) {
    int m = 0;
    for (int v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
