package io.textenrich.model;

import java.util.Locale;

/**
 * Where a model runs: {@code auto} (CUDA when the runtime offers it, else CPU), {@code cpu}, or
 * {@code cuda} / {@code cuda:N} for GPU N.
 */
public record ExecutionDevice(Kind kind, int gpuIndex) {

  public enum Kind { AUTO, CPU, CUDA }

  public static final ExecutionDevice AUTO = new ExecutionDevice(Kind.AUTO, 0);
  public static final ExecutionDevice CPU = new ExecutionDevice(Kind.CPU, 0);

  public ExecutionDevice {
    if (gpuIndex < 0) {
      throw new IllegalArgumentException("GPU index must be >= 0, got " + gpuIndex);
    }
  }

  public static ExecutionDevice parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("auto")) {
      return AUTO;
    }
    if (value.equals("cpu")) {
      return CPU;
    }
    if (value.equals("cuda")) {
      return new ExecutionDevice(Kind.CUDA, 0);
    }
    if (value.startsWith("cuda:")) {
      try {
        return new ExecutionDevice(Kind.CUDA, Integer.parseInt(value.substring(5)));
      } catch (IllegalArgumentException e) {
        // falls through to the error that lists the accepted forms
      }
    }
    throw new IllegalArgumentException("Unknown device '" + text + "': use auto, cpu, cuda or cuda:N (N = GPU index)");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case AUTO -> "auto";
      case CPU -> "cpu";
      case CUDA -> "cuda:" + gpuIndex;
    };
  }
}
