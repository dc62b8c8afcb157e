package io.textenrich.topology;

import io.textenrich.model.SessionSettings;
import java.util.List;
import java.util.Locale;

/**
 * Which events get a generated completion, from which prompt, and within which limits.
 *
 * @param mode {@code none}, {@code all}, or {@code rule} ({@link CompletionRule})
 * @param rule conditions of which one must hold, for mode {@code rule}
 * @param model a built-in decoder id or a decoder directory (Optimum layout)
 * @param prompt the prompt template ({@link PromptTemplate})
 * @param minNewTokens end-of-sequence is not sampled before this many tokens
 * @param temperature null: the model's generation defaults; 0: greedy; else sampled with it
 * @param stop strings that end a completion
 * @param maxSequences the most sequences the generation engine decodes together
 * @param maxCacheTokens the generation engine's key/value cache budget in token slots, which also
 *     bounds the sequences decoded together ({@link io.textenrich.model.generate.EngineSettings})
 * @param prefillChunkTokens the most prompt tokens read between two decode steps
 * @param timeoutMs the longest a flush waits for its completions; events still generating then go
 *     out without a completion
 * @param intraOpThreads ONNX Runtime threads inside an operator of the decoder; null: as the encoder
 */
public record CompletionSettings(Mode mode, String rule, String model, String prompt, int maxNewTokens, int minNewTokens,
    Double temperature,
    List<String> stop, int maxSequences, int maxCacheTokens, int prefillChunkTokens, long timeoutMs, Integer intraOpThreads) {

  public enum Mode {
    NONE, ALL, RULE;

    static Mode parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("use none, all or rule");
      }
    }
  }

  public boolean enabled() {
    return mode != Mode.NONE;
  }

  /**
   * The decoder's session: the encoder's, but with its own operator threads when set. A decode step
   * of a small model is many tiny operators, where waking threads can cost more than they save.
   */
  public SessionSettings session(SessionSettings encoderSession) {
    return intraOpThreads == null ? encoderSession : encoderSession.withIntraOpThreads(intraOpThreads);
  }
}
