package io.textenrich.topology;

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
 * @param maxSequences sequences the generation engine decodes together
 * @param timeoutMs the longest a flush waits for its completions; events still generating then go
 *     out without a completion
 */
public record CompletionSettings(Mode mode, String rule, String model, String prompt, int maxNewTokens, int minNewTokens,
    Double temperature,
    List<String> stop, int maxSequences, long timeoutMs) {

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
}
