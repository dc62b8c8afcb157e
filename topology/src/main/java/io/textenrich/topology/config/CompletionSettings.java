package io.textenrich.topology.config;

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
 * @param timeoutMs the longest one generation may run once started; beyond it the event is
 *     dead-lettered
 * @param intraOpThreads ONNX Runtime threads inside an operator of the decoder; null: as the encoder
 */
public record CompletionSettings(Mode mode, String rule, String model, String prompt, int maxNewTokens, int minNewTokens,
    Double temperature,
    List<String> stop, int maxSequences, int maxCacheTokens, int prefillChunkTokens, long timeoutMs, Integer intraOpThreads) {

  public enum Mode {
    NONE, ALL, RULE;

    public static Mode parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("use none, all or rule");
      }
    }
  }

  static CompletionSettings from(EnrichConfig.Values values, List<String> errors) {
    Mode mode = values.parsed("enrich.completion.mode");
    String rule = values.string("enrich.completion.rule").trim();
    if (mode == Mode.RULE) {
      try {
        CompletionRule.parse(rule);
      } catch (IllegalArgumentException e) {
        errors.add("enrich.completion.rule='" + rule + "': " + e.getMessage());
      }
    } else if (!rule.isEmpty()) {
      errors.add("enrich.completion.rule is set but enrich.completion.mode is " + mode + "; set the mode to rule");
    }
    int maxNewTokens = values.integer("enrich.completion.max.new.tokens");
    int minNewTokens = values.integer("enrich.completion.min.new.tokens");
    if (minNewTokens > maxNewTokens) {
      errors.add("enrich.completion.min.new.tokens=" + minNewTokens + " exceeds enrich.completion.max.new.tokens=" + maxNewTokens);
    }
    // Blank follows the encoder's setting; with the encoder on auto (one thread per call, several
    // calls), the decoder's single scheduler thread keeps ONNX Runtime's default of all cores.
    Integer intraOpThreads = values.parsed("enrich.completion.intra.op.threads");
    if (intraOpThreads == null && values.parsed("enrich.model.intra.op.threads") == null) {
      intraOpThreads = 0;
    }
    return new CompletionSettings(mode, rule, values.string("enrich.completion.model").trim(),
        values.string("enrich.completion.prompt"), maxNewTokens, minNewTokens, values.parsed("enrich.completion.temperature"),
        EnrichConfig.list(values.string("enrich.completion.stop")).stream().map(s -> s.replace("\\n", "\n")).toList(),
        values.integer("enrich.completion.max.sequences"), values.integer("enrich.completion.max.cache.tokens"),
        values.integer("enrich.completion.prefill.chunk.tokens"), values.longValue("enrich.completion.timeout.ms"),
        intraOpThreads);
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
