package io.textenrich.model;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Locale;

/**
 * Every ONNX Runtime session option the service sets, in one place.
 *
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime use all cores
 * @param interOpThreads threads across independent operators; 1 suits these sequential graphs
 * @param spinWait whether idle operator threads spin instead of sleeping: a little faster when
 *     the model has the CPU to itself, slower when stream threads and clients share it (off by
 *     default, as in the service)
 */
public record SessionSettings(ExecutionDevice device, int intraOpThreads, int interOpThreads, OptLevel optimization,
    boolean spinWait) {

  public SessionSettings {
    if (device == null || optimization == null) {
      throw new IllegalArgumentException("device and optimization are required");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be >= 0 (0 = ONNX Runtime default)");
    }
  }

  public static SessionSettings defaults() {
    return new SessionSettings(ExecutionDevice.AUTO, 0, 1, OptLevel.ALL_OPT, false);
  }

  public SessionSettings withDevice(ExecutionDevice value) {
    return new SessionSettings(value, intraOpThreads, interOpThreads, optimization, spinWait);
  }

  public SessionSettings withIntraOpThreads(int value) {
    return new SessionSettings(device, value, interOpThreads, optimization, spinWait);
  }

  /** Parses {@code none | basic | extended | all}. */
  public static OptLevel parseOptimization(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "none" -> OptLevel.NO_OPT;
      case "basic" -> OptLevel.BASIC_OPT;
      case "extended" -> OptLevel.EXTENDED_OPT;
      case "all" -> OptLevel.ALL_OPT;
      default -> throw new IllegalArgumentException(
          "Unknown graph optimization level '" + text + "': use none, basic, extended or all");
    };
  }
}
