package io.textenrich.model;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * CPU sessions for tests that compare numbers of the int8 models within a tolerance.
 *
 * <p>Int8 kernels differ between CPU families (AVX-512 VNNI, AVX2), so such a tolerance must hold
 * on more than the CPU it was measured on. {@code -Dtest.graph.optimization=none} runs these tests
 * on the unfused graph (separate quantize and integer matmul kernels), which moves some vectors to
 * a cosine of 0.988 from the fused graph's, further than an AVX2 CPU does (0.996, measured under
 * emulation against an AVX-512 VNNI CPU): a tolerance that holds only for one set of kernels then
 * fails on any CPU.
 */
public final class TestSessions {

  public static final OptLevel OPTIMIZATION =
      SessionSettings.parseOptimization(System.getProperty("test.graph.optimization", "all"));

  private TestSessions() {}

  public static SessionSettings cpu() {
    return new SessionSettings(ExecutionDevice.CPU, 0, 1, OPTIMIZATION, false);
  }

  public static SentenceEmbedder open(BuiltinModel model) {
    return SentenceEmbedder.open(EmbedderSettings.of(model.id()).withSession(cpu()));
  }
}
