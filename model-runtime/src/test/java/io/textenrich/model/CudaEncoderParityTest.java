package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The encoder's CUDA path against its CPU path, on the float32 model (the int8 ones move with
 * their batch, see {@link SentenceEmbedderTest}). Runs only where the CUDA execution provider is
 * present (a {@code -Pgpu} build on a machine with an NVIDIA GPU):
 * {@code mvn -B -Pgpu verify -pl model-runtime -am}. Elsewhere it is skipped.
 */
class CudaEncoderParityTest {

  private static final SessionSettings CPU = SessionSettings.defaults().withDevice(ExecutionDevice.CPU);
  private static final SessionSettings CUDA = SessionSettings.defaults().withDevice(ExecutionDevice.parse("cuda"));
  private static final List<String> TEXTS = List.of("今天天气很好", "The train to Berlin leaves at noon from platform 4.",
      "You are an idiot and everyone here hates you.", "How do I reset my password?");

  @BeforeAll
  static void requireCuda() {
    assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "no CUDA execution provider in this ONNX Runtime build (build with -Pgpu on a GPU machine)");
    // A -Pgpu build has the provider everywhere; only a machine with the NVIDIA driver can use it.
    assumeTrue(Files.exists(Path.of("/dev/nvidiactl")), "no NVIDIA GPU on this machine");
  }

  @Test
  void theEncoderRunsOnTheGpuAndGivesTheCpuVectors() {
    try (SentenceEmbedder cpu = SentenceEmbedder.open(EmbedderSettings.of(BuiltinModel.ALL_MINILM_L6_V2.id()).withSession(CPU));
        SentenceEmbedder gpu = SentenceEmbedder.open(EmbedderSettings.of(BuiltinModel.ALL_MINILM_L6_V2.id()).withSession(CUDA))) {
      assertEquals("cuda:0", gpu.device(), "the session must really run on the GPU, not fall back");
      List<float[]> expected = cpu.embed(TEXTS).vectors();
      List<float[]> actual = gpu.embed(TEXTS).vectors();
      for (int i = 0; i < TEXTS.size(); i++) {
        assertEquals(1.0, Vectors.cosine(expected.get(i), actual.get(i)), 1e-4, TEXTS.get(i));
      }
    }
  }
}
