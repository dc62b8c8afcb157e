package io.textenrich.model;

import java.util.Locale;

/**
 * The device-aware engine defaults behind {@code auto}: how many model calls run at once, with how
 * many ONNX Runtime threads each, and how large a call may be. A pure decision, so that the CUDA
 * branch is tested on machines without a GPU.
 *
 * <ul>
 *   <li>CPU: one single-threaded call per core the JVM sees (container CPU limits included), since
 *       several single-threaded calls keep the cores busier than one call spread over them. A CPU
 *       pays for every padded token, so a call stops growing before its padding share passes
 *       {@value #CPU_MAX_CALL_PADDING_SHARE}: a shallow queue then gives small calls of similar
 *       lengths, while a deep one still fills calls, its neighbours in length being close.
 *   <li>CUDA: one call at a time, with room for many sequences: a GPU does a call of 64 in about
 *       the time of a call of 6, so it wants few large calls, and padding does not bound them. The
 *       padded-token budget follows Hugging Face TEI's default {@code max_batch_tokens} of 16384.
 * </ul>
 *
 * <p>With both call limits on {@code auto}, they are only upper bounds: the engine measures how many
 * padded tokens per call pay on the device ({@link CallSizeController}), at start and while it runs,
 * instead of assuming a call size per device kind.
 *
 * @param intraOpThreads ONNX Runtime threads inside one call; 0 = ONNX Runtime's default (all cores)
 * @param measureCallSize whether the engine measures the padded tokens per call up to {@code maxCallPaddedTokens}
 * @param explanation one line for the start-up log and the bench
 */
public record EngineTuning(String device, int parallelism, int intraOpThreads, int maxCallSequences,
    int maxCallPaddedTokens, double maxCallPaddingShare, boolean measureCallSize, String explanation) {

  /** Hugging Face TEI's default {@code max_batch_tokens}. */
  public static final int DEFAULT_MAX_CALL_PADDED_TOKENS = 16384;
  static final int CPU_MAX_CALL_SEQUENCES = 64;
  static final int CUDA_MAX_CALL_SEQUENCES = 256;
  static final double CPU_MAX_CALL_PADDING_SHARE = 0.15;

  /**
   * The ONNX Runtime threads per call to open the session with, decided before the session exists.
   *
   * @param requested the configured count, null for auto
   * @param cudaPlanned whether the session will ask for CUDA: then host threads only feed the GPU
   *     and run the few operators CUDA lacks, and ONNX Runtime's default suits; on a CPU, one
   */
  public static int intraOpThreads(Integer requested, boolean cudaPlanned) {
    if (requested != null) {
      return requested;
    }
    return cudaPlanned ? 0 : 1;
  }

  /** Whether a session on {@code device} would ask for CUDA, given the providers this runtime has. */
  public static boolean cudaPlanned(ExecutionDevice device) {
    return OnnxSessionFactory.plan(device).useCuda();
  }

  /**
   * @param device where the model actually runs, as the session reports it ({@code cpu}, {@code cuda:N})
   * @param cores processors the JVM sees
   * @param intraOpThreads the threads per call the session was opened with (0 = all cores)
   * @param parallelism configured, or null for auto; likewise the call limits
   */
  public static EngineTuning choose(String device, int cores, int intraOpThreads, Integer parallelism,
      Integer maxCallSequences, Integer maxCallPaddedTokens, Double maxCallPaddingShare) {
    boolean cuda = device.startsWith("cuda");
    int threadsPerCall = intraOpThreads == 0 ? cores : intraOpThreads;
    int calls;
    String why;
    if (parallelism != null) {
      calls = parallelism;
      why = "as configured";
    } else if (cuda) {
      calls = 1;
      why = "auto: one large call at a time on the GPU";
    } else {
      calls = Math.max(1, cores / Math.max(1, threadsPerCall));
      why = threadsPerCall == 1
          ? "auto: one single-threaded call per core"
          : "auto: " + threadsPerCall + " threads per call over " + cores + " cores (set enrich.model.intra.op.threads=1"
              + " for one single-threaded call per core)";
    }
    // A configured limit of either kind is used as it is; with both on auto they are bounds and the engine measures the size that pays.
    boolean measure = maxCallSequences == null && maxCallPaddedTokens == null;
    int sequences = maxCallSequences != null ? maxCallSequences : cuda ? CUDA_MAX_CALL_SEQUENCES : CPU_MAX_CALL_SEQUENCES;
    int budget = maxCallPaddedTokens != null ? maxCallPaddedTokens : DEFAULT_MAX_CALL_PADDED_TOKENS;
    double padding = maxCallPaddingShare != null ? maxCallPaddingShare : cuda ? 1.0 : CPU_MAX_CALL_PADDING_SHARE;
    String explanation = String.format(Locale.ROOT,
        "%s, %d core(s): %d call(s) at once (%s), %s ONNX Runtime thread(s) per call, calls of up to %d texts and %d"
            + " padded tokens%s, %s", device, cores, calls, why, intraOpThreads == 0 ? "all" : Integer.toString(intraOpThreads),
        sequences, budget, measure ? " (the padded tokens that pay measured on the device)" : "",
        padding >= 1 ? "padding unbounded" : String.format(Locale.ROOT, "padding up to %.0f%%", 100 * padding));
    return new EngineTuning(device, calls, intraOpThreads, sequences, budget, padding, measure, explanation);
  }
}
