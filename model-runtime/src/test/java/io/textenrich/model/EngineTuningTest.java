package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineTuningTest {

  @Test
  void autoOnACpuRunsOneSingleThreadedCallPerCore() {
    int threads = EngineTuning.intraOpThreads(null, false);
    assertEquals(1, threads);
    EngineTuning tuning = EngineTuning.choose("cpu", 8, threads, null, null, null, null);
    assertEquals(8, tuning.parallelism());
    assertEquals(EngineTuning.CPU_MAX_CALL_SEQUENCES, tuning.maxCallSequences());
    assertEquals(EngineTuning.DEFAULT_MAX_CALL_PADDED_TOKENS, tuning.maxCallPaddedTokens());
    assertEquals(EngineTuning.CPU_MAX_CALL_PADDING_SHARE, tuning.maxCallPaddingShare(), "a CPU pays for padding");
    assertTrue(tuning.measureCallSize(), "auto call size: the maximum is a bound, the size that pays is measured");
    assertTrue(tuning.explanation().contains("8 call(s) at once"), tuning.explanation());
  }

  @Test
  void autoOnCudaRunsOneLargeCallAtATime() {
    int threads = EngineTuning.intraOpThreads(null, true);
    assertEquals(0, threads, "ONNX Runtime's own default for the operators left on the host");
    EngineTuning tuning = EngineTuning.choose("cuda:0", 16, threads, null, null, null, null);
    assertEquals(1, tuning.parallelism());
    assertEquals(EngineTuning.CUDA_MAX_CALL_SEQUENCES, tuning.maxCallSequences());
    assertEquals(16384, tuning.maxCallPaddedTokens());
    assertEquals(1.0, tuning.maxCallPaddingShare(), "padding does not cut calls short on a GPU");
  }

  @Test
  void aCudaSessionThatFellBackToCpuWithAllCoresPerCallRunsOneCall() {
    EngineTuning tuning = EngineTuning.choose("cpu", 8, EngineTuning.intraOpThreads(null, true), null, null, null, null);
    assertEquals(1, tuning.parallelism(), "all cores per call already: more calls would oversubscribe them");
    assertTrue(tuning.explanation().contains("enrich.model.intra.op.threads=1"), tuning.explanation());
  }

  @Test
  void configuredValuesWinOverAuto() {
    assertEquals(0, EngineTuning.intraOpThreads(0, false));
    EngineTuning tuning = EngineTuning.choose("cpu", 8, 2, null, 32, 4096, 0.5);
    assertEquals(4, tuning.parallelism(), "8 cores, 2 threads per call");
    assertEquals(32, tuning.maxCallSequences());
    assertEquals(4096, tuning.maxCallPaddedTokens());
    assertEquals(0.5, tuning.maxCallPaddingShare());
    assertFalse(tuning.measureCallSize(), "a configured call size is used as it is");
    assertFalse(EngineTuning.choose("cpu", 8, 1, null, 32, null, null).measureCallSize(), "texts per call configured");
    assertFalse(EngineTuning.choose("cpu", 8, 1, null, null, 4096, null).measureCallSize(), "padded tokens per call configured");
    assertEquals(3, EngineTuning.choose("cuda:1", 8, 0, 3, null, null, null).parallelism());
  }
}
