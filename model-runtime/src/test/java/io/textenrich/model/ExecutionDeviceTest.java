package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutionDeviceTest {

  @Test
  void parsesEveryAcceptedForm() {
    assertEquals(ExecutionDevice.AUTO, ExecutionDevice.parse(" Auto "));
    assertEquals(ExecutionDevice.CPU, ExecutionDevice.parse("cpu"));
    assertEquals(new ExecutionDevice(ExecutionDevice.Kind.CUDA, 0), ExecutionDevice.parse("cuda"));
    assertEquals(new ExecutionDevice(ExecutionDevice.Kind.CUDA, 3), ExecutionDevice.parse("cuda:3"));
    assertEquals("cuda:3", ExecutionDevice.parse("CUDA:3").toString());
  }

  @Test
  void rejectsUnknownDevicesNamingTheAcceptedForms() {
    for (String bad : new String[] {"gpu", "cuda:x", "cuda:-1", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse(bad));
      assertTrue(e.getMessage().contains("auto, cpu, cuda or cuda:N"), e.getMessage());
    }
  }

  @Test
  void autoUsesCudaOnlyWhenTheRuntimeOffersIt() {
    DevicePlan withGpu = DevicePlan.choose(ExecutionDevice.AUTO, Set.of("CPU", "CUDA"));
    assertTrue(withGpu.useCuda());
    assertNull(withGpu.fallbackReason());

    DevicePlan cpuOnly = DevicePlan.choose(ExecutionDevice.AUTO, Set.of("CPU"));
    assertFalse(cpuOnly.useCuda());
    assertTrue(cpuOnly.fallbackReason().contains("-Pgpu"), cpuOnly.fallbackReason());
  }

  @Test
  void explicitCudaFallsBackToCpuWithTheReasonWhenUnavailable() {
    DevicePlan plan = DevicePlan.choose(ExecutionDevice.parse("cuda:1"), Set.of("CPU"));
    assertFalse(plan.useCuda());
    assertTrue(plan.fallbackReason().contains("cuda:1"), plan.fallbackReason());

    DevicePlan gpu = DevicePlan.choose(ExecutionDevice.parse("cuda:1"), Set.of("CPU", "CUDA"));
    assertTrue(gpu.useCuda());
    assertEquals(1, gpu.gpuIndex());
  }

  @Test
  void cpuNeverAsksForCudaAndLogsNoFallback() {
    DevicePlan plan = DevicePlan.choose(ExecutionDevice.CPU, Set.of("CPU", "CUDA"));
    assertFalse(plan.useCuda());
    assertNull(plan.fallbackReason());
  }
}
