package io.textenrich.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.textenrich.model.CudaMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decoder's CUDA path against its CPU path: logits, and greedy tokens through the engine.
 * Runs only where the CUDA execution provider is present (see {@code CudaEncoderParityTest}).
 */
class CudaDecoderParityTest {

  @BeforeEach
  void requireCuda() {
    CudaMachine.assumeCuda();
  }

  @Test
  void theDecoderGivesTheCpuLogitsAndTokensOnTheGpu() throws Exception {
    try (DecoderModel cpu = DecoderModel.open(Fixtures.dir(Fixtures.GPT2).toString(), CudaMachine.CPU);
        DecoderModel gpu = DecoderModel.open(Fixtures.dir(Fixtures.GPT2).toString(), CudaMachine.CUDA)) {
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
