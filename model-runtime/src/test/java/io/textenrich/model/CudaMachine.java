package io.textenrich.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/** For tests of the CUDA path: they run only on a machine that can use it. */
public final class CudaMachine {

  public static final SessionSettings CPU = SessionSettings.defaults().withDevice(ExecutionDevice.CPU);
  public static final SessionSettings CUDA = SessionSettings.defaults().withDevice(ExecutionDevice.parse("cuda"));

  private CudaMachine() {}

  /** Skips the calling test unless the CUDA provider is built in and an NVIDIA GPU is present. */
  public static void assumeCuda() {
    assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "no CUDA execution provider in this ONNX Runtime build (build with -Pgpu on a GPU machine)");
    // A -Pgpu build has the provider everywhere; only a machine with the NVIDIA driver can use it.
    assumeTrue(Files.exists(Path.of("/dev/nvidiactl")), "no NVIDIA GPU on this machine");
  }
}
