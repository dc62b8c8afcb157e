package io.textenrich.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions on the configured device, falling back to CPU with one log line. Public
 * so that the model kinds in sub-packages (the decoders of {@code generate}) share one device policy.
 */
public final class OnnxSessionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessionFactory.class);

  private OnnxSessionFactory() {}

  /** A session and the device it actually runs on. */
  public record OpenedSession(OrtSession session, String device) {}

  /** How a session is made from options: from bytes in memory or from a file. */
  private interface Creator {
    OrtSession create(OrtSession.SessionOptions options) throws OrtException;
  }

  public static OpenedSession open(OrtEnvironment env, byte[] model, String modelName, SessionSettings settings)
      throws OrtException {
    return open(modelName, settings, options -> env.createSession(model, options));
  }

  /**
   * Opens a model file by path, which ONNX Runtime needs for models whose weights live in external
   * data files beside the graph (exports over 2 GB), and which spares reading the file into the heap.
   */
  public static OpenedSession open(OrtEnvironment env, Path model, String modelName, SessionSettings settings)
      throws OrtException {
    return open(modelName, settings, options -> env.createSession(model.toString(), options));
  }

  /** Which provider a session on {@code device} asks for, given the providers this runtime has. */
  static DevicePlan plan(ExecutionDevice device) {
    Set<String> providers = OrtEnvironment.getAvailableProviders().stream()
        .map(OrtProvider::name)
        .collect(Collectors.toSet());
    return DevicePlan.choose(device, providers);
  }

  private static OpenedSession open(String modelName, SessionSettings settings, Creator creator) throws OrtException {
    DevicePlan plan = plan(settings.device());
    if (plan.useCuda()) {
      try {
        return new OpenedSession(creator.create(options(settings, plan.gpuIndex())), "cuda:" + plan.gpuIndex());
      } catch (OrtException e) {
        LOG.warn("Model {}: CUDA device {} could not be used ({}); running on CPU. Check the NVIDIA driver,"
            + " CUDA 12 and cuDNN 9 libraries on LD_LIBRARY_PATH, or set device=cpu.", modelName, plan.gpuIndex(), e.getMessage());
      }
    } else if (plan.fallbackReason() != null) {
      LOG.info("Model {}: running on CPU because {}", modelName, plan.fallbackReason());
    }
    return new OpenedSession(creator.create(options(settings, -1)), "cpu");
  }

  private static OrtSession.SessionOptions options(SessionSettings settings, int cudaDevice) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(settings.optimization());
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.addConfigEntry("session.intra_op.allow_spinning", settings.spinWait() ? "1" : "0");
    if (settings.intraOpThreads() > 0) {
      options.setIntraOpNumThreads(settings.intraOpThreads());
    }
    if (settings.interOpThreads() > 0) {
      options.setInterOpNumThreads(settings.interOpThreads());
    }
    if (cudaDevice >= 0) {
      options.addCUDA(cudaDevice);
    }
    return options;
  }
}
