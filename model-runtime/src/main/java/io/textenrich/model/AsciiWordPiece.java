package io.textenrich.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * BERT's tokenization (BertNormalizer, BertPreTokenizer, WordPiece, {@code [CLS] text [SEP]}) of
 * ASCII texts in Java. The Hugging Face tokenizer stays the reference and does the rest: on ASCII
 * these steps come down to dropping control characters, lowercasing, splitting at spaces and
 * punctuation and a greedy longest-match vocabulary lookup, which Java does in a small fraction of
 * what one call into the native tokenizer costs (it copies out tokens, word ids and character
 * spans the models never use). A text with any other character, or with an added token's text in
 * it, is left to the reference ({@link #ids} answers null), and the path is compared with the
 * reference when it is built, so a {@code tokenizer.json} it does not reproduce is never used.
 */
final class AsciiWordPiece {

  private final Map<String, Integer> vocab;
  private final String prefix;
  private final int unknown;
  private final int maxWordChars;
  private final int longestPiece;
  private final boolean lowercase;
  private final long cls;
  private final long sep;
  private final int maxLength;
  private final List<String> addedTokens;

  private AsciiWordPiece(Map<String, Integer> vocab, String prefix, int unknown, int maxWordChars, boolean lowercase,
      long cls, long sep, int maxLength, List<String> addedTokens) {
    this.vocab = vocab;
    this.prefix = prefix;
    this.unknown = unknown;
    this.maxWordChars = maxWordChars;
    this.longestPiece = vocab.keySet().stream().mapToInt(String::length).max().orElse(1);
    this.lowercase = lowercase;
    this.cls = cls;
    this.sep = sep;
    this.maxLength = maxLength;
    this.addedTokens = addedTokens;
  }

  /**
   * The Java path for a {@code tokenizer.json} of exactly BERT's shape; empty for any other shape
   * (another normalizer, pre-tokenizer, model or template), which the reference then tokenizes alone.
   */
  static Optional<AsciiWordPiece> of(byte[] tokenizerJson, int maxLength) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(tokenizerJson);
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode normalizer = root.path("normalizer");
    JsonNode model = root.path("model");
    JsonNode single = root.path("post_processor").path("single");
    boolean bertShape = "BertNormalizer".equals(normalizer.path("type").asText())
        && normalizer.path("clean_text").asBoolean(false)
        && "BertPreTokenizer".equals(root.path("pre_tokenizer").path("type").asText())
        && "WordPiece".equals(model.path("type").asText())
        && model.path("vocab").isObject()
        && "TemplateProcessing".equals(root.path("post_processor").path("type").asText())
        && single.size() == 3
        && single.get(0).has("SpecialToken") && single.get(0).path("SpecialToken").path("type_id").asInt(-1) == 0
        && "A".equals(single.get(1).path("Sequence").path("id").asText()) && single.get(1).path("Sequence").path("type_id").asInt(-1) == 0
        && single.get(2).has("SpecialToken") && single.get(2).path("SpecialToken").path("type_id").asInt(-1) == 0;
    if (!bertShape || maxLength < 3) {
      return Optional.empty();
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      vocab.put(entry.getKey(), entry.getValue().asInt());
    }
    Integer unknown = vocab.get(model.path("unk_token").asText());
    Long cls = specialId(root, single.get(0));
    Long sep = specialId(root, single.get(2));
    if (unknown == null || cls == null || sep == null) {
      return Optional.empty();
    }
    List<String> added = new ArrayList<>();
    root.path("added_tokens").forEach(token -> added.add(token.path("content").asText().toLowerCase(Locale.ROOT)));
    return Optional.of(new AsciiWordPiece(vocab, model.path("continuing_subword_prefix").asText("##"), unknown,
        model.path("max_input_chars_per_word").asInt(100), normalizer.path("lowercase").asBoolean(true),
        cls, sep, maxLength, List.copyOf(added)));
  }

  private static Long specialId(JsonNode root, JsonNode templatePart) {
    JsonNode ids = root.path("post_processor").path("special_tokens")
        .path(templatePart.path("SpecialToken").path("id").asText()).path("ids");
    return ids.size() == 1 ? ids.get(0).asLong() : null;
  }

  /**
   * The text's token ids as the reference gives them (special tokens added, truncated to the
   * limit), or null when the text is not one this path reproduces: not all ASCII, or holding an
   * added token's text, which the reference matches before normalizing.
   */
  long[] ids(String text) {
    char[] chars = text.toCharArray();
    int length = chars.length;
    for (char c : chars) {
      if (c >= 0x80) {
        return null;
      }
    }
    if (!addedTokens.isEmpty()) {
      String lower = text.toLowerCase(Locale.ROOT);
      for (String token : addedTokens) {
        if (lower.contains(token)) {
          return null;
        }
      }
    }
    int room = maxLength - 2;
    long[] ids = new long[Math.min(maxLength, length + 2)];
    int count = 1;
    ids[0] = cls;
    char[] word = new char[Math.max(1, length)];
    int wordLength = 0;
    for (int i = 0; i <= length && count - 1 < room; i++) {
      char c = i < length ? chars[i] : ' ';
      if (c == '\t' || c == '\n' || c == '\r') {
        c = ' ';
      } else if (c < 0x20 || c == 0x7f) {
        continue;
      }
      if (c == ' ' || punctuation(c)) {
        count = addWord(word, wordLength, ids, count, room);
        wordLength = 0;
        if (c != ' ') {
          word[0] = c;
          count = addWord(word, 1, ids, count, room);
        }
      } else {
        word[wordLength++] = lowercase && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      }
    }
    ids[count++] = sep;
    return count == ids.length ? ids : Arrays.copyOf(ids, count);
  }

  private static boolean punctuation(char c) {
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
  }

  /** Appends the word's pieces (or the unknown token) within the room left; returns the new count. */
  private int addWord(char[] word, int length, long[] ids, int count, int room) {
    if (length == 0 || count - 1 >= room) {
      return count;
    }
    if (length > maxWordChars) {
      ids[count++] = unknown;
      return count;
    }
    long[] pieces = new long[length];
    int found = 0;
    int start = 0;
    while (start < length) {
      int end = Math.min(length, start + longestPiece);
      Integer id = null;
      while (end > start) {
        String piece = start == 0 ? new String(word, 0, end) : prefix + new String(word, start, end - start);
        id = vocab.get(piece);
        if (id != null) {
          break;
        }
        end--;
      }
      if (id == null) {
        ids[count++] = unknown;
        return count;
      }
      pieces[found++] = id;
      start = end;
    }
    for (int i = 0; i < found && count - 1 < room; i++) {
      ids[count++] = pieces[i];
    }
    return count;
  }
}
