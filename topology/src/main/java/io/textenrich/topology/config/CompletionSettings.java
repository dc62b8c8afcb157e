package io.textenrich.topology.config;

import io.textenrich.model.SessionSettings;
import java.util.Arrays;
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

  /** The stop strings' key, whose value keeps its whitespace (see {@link #escapeWhitespace}). */
  static final String STOP = "enrich.completion.stop";

  static CompletionSettings from(ServiceConfig config, List<String> errors) {
    Mode mode = config.parsed("enrich.completion.mode");
    String rule = config.getString("enrich.completion.rule");
    if (mode == Mode.RULE) {
      try {
        CompletionRule.parse(rule);
      } catch (IllegalArgumentException e) {
        errors.add("enrich.completion.rule='" + rule + "': " + e.getMessage());
      }
    } else if (!rule.isEmpty()) {
      errors.add("enrich.completion.rule is set but enrich.completion.mode is " + mode + "; set the mode to rule");
    }
    int maxNewTokens = config.getInt("enrich.completion.max.new.tokens");
    int minNewTokens = config.getInt("enrich.completion.min.new.tokens");
    if (minNewTokens > maxNewTokens) {
      errors.add("enrich.completion.min.new.tokens=" + minNewTokens + " exceeds enrich.completion.max.new.tokens=" + maxNewTokens);
    }
    // Blank follows the encoder's setting; with the encoder on auto (one thread per call, several
    // calls), the decoder's single scheduler thread keeps ONNX Runtime's default of all cores.
    Integer intraOpThreads = config.parsed("enrich.completion.intra.op.threads");
    if (intraOpThreads == null && config.parsed("enrich.model.intra.op.threads") == null) {
      intraOpThreads = 0;
    }
    return new CompletionSettings(mode, rule, config.getString("enrich.completion.model"),
        config.getString("enrich.completion.prompt"), maxNewTokens, minNewTokens, config.parsed("enrich.completion.temperature"),
        parseStops(config.getString(STOP)), config.getInt("enrich.completion.max.sequences"),
        config.getInt("enrich.completion.max.cache.tokens"), config.getInt("enrich.completion.prefill.chunk.tokens"),
        config.getLong("enrich.completion.timeout.ms"), intraOpThreads);
  }

  /**
   * The stop strings' value with its newlines, tabs and carriage returns written as {@code \n},
   * {@code \t}, {@code \r}: a properties file reads {@code \n} as a newline, and a value is trimmed,
   * which would leave nothing of {@code enrich.completion.stop=\n}.
   */
  static String escapeWhitespace(String raw) {
    return raw.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }

  /**
   * Stop strings: comma-separated, spaces around a comma left out, {@code \n} {@code \t} {@code \r}
   * {@code \\} understood (no comma inside a stop string). A stop string that is only whitespace is kept.
   */
  static List<String> parseStops(String value) {
    // Spaces typed around a comma separate; whitespace written as an escape is part of the stop string.
    return Arrays.stream(value.split(",")).map(stop -> unescape(stop.strip())).filter(stop -> !stop.isEmpty()).toList();
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        out.append(c);
        continue;
      }
      char next = text.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case '\\' -> out.append(next);
        default -> out.append(c).append(next);
      }
    }
    return out.toString();
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
