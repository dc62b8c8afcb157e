package io.textenrich.model;

import java.util.Set;

/**
 * The decision of which execution provider to ask for, made before any native call so that it can
 * be tested without a GPU. {@link #fallbackReason} is set when CUDA was wanted but cannot be had.
 */
record DevicePlan(boolean useCuda, int gpuIndex, String fallbackReason) {

  static final String CUDA_PROVIDER = "CUDA";

  static DevicePlan choose(ExecutionDevice requested, Set<String> availableProviders) {
    boolean cudaAvailable = availableProviders.contains(CUDA_PROVIDER);
    return switch (requested.kind()) {
      case CPU -> new DevicePlan(false, 0, null);
      case AUTO -> cudaAvailable
          ? new DevicePlan(true, 0, null)
          : new DevicePlan(false, 0, "this ONNX Runtime build has no CUDA execution provider"
              + " (build with -Pgpu for onnxruntime_gpu)");
      case CUDA -> cudaAvailable
          ? new DevicePlan(true, requested.gpuIndex(), null)
          : new DevicePlan(false, 0, "device " + requested + " was requested but this ONNX Runtime build"
              + " has no CUDA execution provider (build with -Pgpu for onnxruntime_gpu)");
    };
  }
}
