package io.textenrich.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A text made ready for an encoder once: its token count and, when the encoder that will run it
 * tokenized it already, its token ids, so that the model call does not tokenize it again.
 *
 * @param tokens tokens the model will see (after truncation, special tokens included)
 * @param ids the token ids, null when the text has not been tokenized by this encoder's tokenizer
 * @param typeIds the token type ids beside {@code ids}
 */
public record PreparedText(String text, int tokens, long[] ids, long[] typeIds) {

  /** A text whose token count is known (or estimated) but whose ids the model call makes. */
  public static PreparedText untokenized(String text, int tokens) {
    return new PreparedText(text, tokens, null, null);
  }

  public static List<PreparedText> untokenized(List<String> texts, int[] tokens) {
    if (texts.size() != tokens.length) {
      throw new IllegalArgumentException(texts.size() + " texts but " + tokens.length + " token counts");
    }
    List<PreparedText> out = new ArrayList<>(texts.size());
    for (int i = 0; i < tokens.length; i++) {
      out.add(untokenized(texts.get(i), tokens[i]));
    }
    return out;
  }

  public boolean tokenized() {
    return ids != null;
  }
}
