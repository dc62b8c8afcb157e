package io.textenrich.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens ONNX Runtime sessions on the configured device, falling back to CPU with one log line. */
final class OnnxSessionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessionFactory.class);

  private OnnxSessionFactory() {}

  /** A session and the device it actually runs on. */
  record OpenedSession(OrtSession session, String device) {}

  static OpenedSession open(OrtEnvironment env, byte[] model, String modelName, SessionSettings settings)
      throws OrtException {
    Set<String> providers = OrtEnvironment.getAvailableProviders().stream()
        .map(OrtProvider::name)
        .collect(Collectors.toSet());
    DevicePlan plan = DevicePlan.choose(settings.device(), providers);
    if (plan.useCuda()) {
      try {
        return new OpenedSession(env.createSession(model, options(settings, plan.gpuIndex())), "cuda:" + plan.gpuIndex());
      } catch (OrtException e) {
        LOG.warn("Model {}: CUDA device {} could not be used ({}); running on CPU. Check the NVIDIA driver,"
            + " CUDA 12 and cuDNN 9 libraries on LD_LIBRARY_PATH, or set device=cpu.", modelName, plan.gpuIndex(), e.getMessage());
      }
    } else if (plan.fallbackReason() != null) {
      LOG.info("Model {}: running on CPU because {}", modelName, plan.fallbackReason());
    }
    return new OpenedSession(env.createSession(model, options(settings, -1)), "cpu");
  }

  private static OrtSession.SessionOptions options(SessionSettings settings, int cudaDevice) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(settings.optimization());
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
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
