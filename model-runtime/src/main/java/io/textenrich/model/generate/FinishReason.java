package io.textenrich.model.generate;

import java.util.Locale;

/** Why a completion ended. */
public enum FinishReason {
  /** It reached one of the request's stop strings, which the completion leaves out. */
  STOP,
  /** It reached max new tokens, or the model's context length. */
  LENGTH,
  /** The model produced an end-of-sequence token. */
  EOS;

  /** {@code stop}, {@code length} or {@code eos}, as completions report it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
