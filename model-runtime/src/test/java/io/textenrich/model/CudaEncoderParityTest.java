package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The encoder's CUDA path against its CPU path, on the float32 model (the int8 ones move with
 * their batch, see {@link SentenceEmbedderTest}). Runs only where the CUDA execution provider is
 * present (a {@code -Pgpu} build on a machine with an NVIDIA GPU):
 * {@code mvn -B -Pgpu verify -pl model-runtime -am}. Elsewhere it is skipped.
 */
class CudaEncoderParityTest {

  private static final List<String> TEXTS = List.of("今天天气很好", "The train to Berlin leaves at noon from platform 4.",
      "You are an idiot and everyone here hates you.", "How do I reset my password?");

  @BeforeEach
  void requireCuda() {
    CudaMachine.assumeCuda();
  }

  @Test
  void theEncoderRunsOnTheGpuAndGivesTheCpuVectors() {
    EmbedderSettings fp32 = EmbedderSettings.of(BuiltinModel.ALL_MINILM_L6_V2.id());
    try (SentenceEmbedder cpu = SentenceEmbedder.open(fp32.withSession(CudaMachine.CPU));
        SentenceEmbedder gpu = SentenceEmbedder.open(fp32.withSession(CudaMachine.CUDA))) {
      assertEquals("cuda:0", gpu.device(), "the session must really run on the GPU, not fall back");
      List<float[]> expected = cpu.embed(TEXTS).vectors();
      List<float[]> actual = gpu.embed(TEXTS).vectors();
      for (int i = 0; i < TEXTS.size(); i++) {
        assertEquals(1.0, Vectors.cosine(expected.get(i), actual.get(i)), 1e-4, TEXTS.get(i));
      }
    }
  }
}
