package io.textenrich.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoder's CUDA path against its CPU path: logits, and greedy tokens through the engine.
 * Runs only where the CUDA execution provider is present (see {@code CudaEncoderParityTest}).
 */
class CudaDecoderParityTest {

  private static final SessionSettings CPU = SessionSettings.defaults().withDevice(ExecutionDevice.CPU);
  private static final SessionSettings CUDA = SessionSettings.defaults().withDevice(ExecutionDevice.parse("cuda"));

  @BeforeAll
  static void requireCuda() {
    assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "no CUDA execution provider in this ONNX Runtime build (build with -Pgpu on a GPU machine)");
    // A -Pgpu build has the provider everywhere; only a machine with the NVIDIA driver can use it.
    assumeTrue(Files.exists(Path.of("/dev/nvidiactl")), "no NVIDIA GPU on this machine");
  }

  @Test
  void theDecoderGivesTheCpuLogitsAndTokensOnTheGpu() throws Exception {
    try (DecoderModel cpu = DecoderModel.open(Fixtures.dir(Fixtures.GPT2).toString(), CPU);
        DecoderModel gpu = DecoderModel.open(Fixtures.dir(Fixtures.GPT2).toString(), CUDA)) {
      assertEquals("cuda:0", gpu.device());
      for (Fixtures.Case reference : Fixtures.reference(Fixtures.GPT2)) {
        assertArrayEquals(cpu.nextTokenLogits(reference.ids()), gpu.nextTokenLogits(reference.ids()), 1e-3f, reference.prompt());
      }
      try (GenerationEngine cpuEngine = GenerationEngine.start(cpu, EngineSettings.defaults());
          GenerationEngine gpuEngine = GenerationEngine.start(gpu, EngineSettings.defaults())) {
        for (Fixtures.Case reference : Fixtures.reference(Fixtures.GPT2)) {
          GenerationRequest request = GenerationRequest.of(reference.prompt()).greedy().withMaxNewTokens(8);
          assertEquals(cpuEngine.submit(request).get().tokenIds(), gpuEngine.submit(request).get().tokenIds(), reference.prompt());
        }
      }
    }
  }
}
