package io.textenrich.model.heads;

import java.util.Arrays;
import java.util.Locale;

/**
 * The words and characters of a text as hashed counts, what a {@link LexicalWeights lexical part}
 * reads. Two blocks of {@code buckets} each: word unigrams and bigrams (runs of two or more word
 * characters, lowercased), then character n-grams of 1 to {@value #CHAR_MAX_N} within each
 * whitespace-separated piece padded with a space on either side, so that Chinese text, written
 * without spaces, is read by its characters and their pairs and triples. Hashing (FNV-1a) keeps the
 * size fixed whatever the vocabulary; a collision costs little at this size.
 *
 * <p>Word and whitespace characters are those of {@code \w} and {@code \s} in a
 * {@link java.util.regex.Pattern#UNICODE_CHARACTER_CLASS Unicode} pattern. The text is scanned once,
 * each gram's hash continues the shorter gram's and the buckets are counted in place, without a
 * regular expression, a string per gram or a sort of every gram: the service labels each event with
 * this on a label worker, beside the encoder on the same cores.
 */
final class TextFeatures {

  static final int WORD_MAX_N = 2;
  static final int CHAR_MAX_N = 4;
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;
  /** Seeds that keep a word and a character string of the same letters apart. */
  private static final char WORD_SEED = 'w';
  private static final char CHAR_SEED = 'c';
  private static final int WORD_TYPES = 1 << Character.NON_SPACING_MARK | 1 << Character.ENCLOSING_MARK
      | 1 << Character.COMBINING_SPACING_MARK | 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.CONNECTOR_PUNCTUATION;
  private static final int SPACE_TYPES = 1 << Character.SPACE_SEPARATOR | 1 << Character.LINE_SEPARATOR
      | 1 << Character.PARAGRAPH_SEPARATOR;

  /** A sparse row: {@code values[i]} at index {@code indices[i]}, indices ascending, zero elsewhere. */
  record Sparse(int[] indices, float[] values) {}

  private TextFeatures() {}

  /** How often each bucket occurs in the text, as {@code 1 + ln(count)}; indices in {@code [0, 2 * buckets)}. */
  static Sparse counts(String text, int buckets) {
    String lower = text.toLowerCase(Locale.ROOT);
    BucketCounts counts = new BucketCounts(2 * buckets);
    addWordGrams(lower, buckets, counts);
    addCharacterGrams(lower, buckets, counts);
    return counts.toSparse();
  }

  /** Each word and each run of up to {@link #WORD_MAX_N} words joined by a space, in the first block. */
  private static void addWordGrams(String lower, int buckets, BucketCounts counts) {
    int[] starts = new int[16];
    int[] ends = new int[16];
    int words = 0;
    int i = 0;
    while (i < lower.length()) {
      int cp = lower.codePointAt(i);
      if (!isWordCharacter(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      int length = 0;
      while (i < lower.length() && isWordCharacter(cp = lower.codePointAt(i))) {
        i += Character.charCount(cp);
        length++;
      }
      if (length >= 2) {
        if (words == starts.length) {
          starts = Arrays.copyOf(starts, 2 * words);
          ends = Arrays.copyOf(ends, 2 * words);
        }
        starts[words] = start;
        ends[words++] = i;
      }
    }
    for (int w = 0; w < words; w++) {
      int h = hash((FNV_OFFSET ^ WORD_SEED) * FNV_PRIME, lower, starts[w], ends[w]);
      counts.add(bucket(h, buckets));
      for (int next = w + 1; next < Math.min(words, w + WORD_MAX_N); next++) {
        h = hash((h ^ ' ') * FNV_PRIME, lower, starts[next], ends[next]);
        counts.add(bucket(h, buckets));
      }
    }
  }

  /** The character grams of each whitespace-separated piece padded with a space, in the second block. */
  private static void addCharacterGrams(String lower, int buckets, BucketCounts counts) {
    int i = 0;
    while (i < lower.length()) {
      if (isSpace(lower.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < lower.length() && !isSpace(lower.charAt(i))) {
        i++;
      }
      // Positions 0 and length - 1 of the padded piece are its spaces.
      int padded = i - start + 2;
      for (int from = 0; from < padded; from++) {
        int h = (FNV_OFFSET ^ CHAR_SEED) * FNV_PRIME;
        for (int at = from; at < Math.min(padded, from + CHAR_MAX_N); at++) {
          char c = at == 0 || at == padded - 1 ? ' ' : lower.charAt(start + at - 1);
          h = (h ^ c) * FNV_PRIME;
          counts.add(buckets + bucket(h, buckets));
        }
      }
    }
  }

  /** {@code floorMod(h, buckets)}, without a division for the usual power of two. */
  private static int bucket(int h, int buckets) {
    return (buckets & buckets - 1) == 0 ? h & buckets - 1 : Math.floorMod(h, buckets);
  }

  private static int hash(int h, String s, int from, int to) {
    for (int i = from; i < to; i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  /** {@code \w} of a Unicode pattern: alphabetic, a mark, a decimal digit, a connector, or a joiner. */
  static boolean isWordCharacter(int cp) {
    if (cp < 0x80) {
      return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9' || cp == '_';
    }
    return Character.isAlphabetic(cp) || (WORD_TYPES >> Character.getType(cp) & 1) != 0 || cp == 0x200c || cp == 0x200d;
  }

  /** {@code \s} of a Unicode pattern; no whitespace lies outside the basic plane. */
  static boolean isSpace(char c) {
    if (c < 0x80) {
      return c == ' ' || c >= 0x09 && c <= 0x0d;
    }
    return c == 0x85 || (SPACE_TYPES >> Character.getType(c) & 1) != 0;
  }

  /** Occurrences per bucket, counted in place, then the buckets that occurred in ascending order. */
  private static final class BucketCounts {

    private final int[] counts;
    private int[] seen = new int[256];
    private int size;

    BucketCounts(int buckets) {
      counts = new int[buckets];
    }

    void add(int bucket) {
      if (counts[bucket]++ == 0) {
        if (size == seen.length) {
          seen = Arrays.copyOf(seen, 2 * size);
        }
        seen[size++] = bucket;
      }
    }

    Sparse toSparse() {
      int[] indices = Arrays.copyOf(seen, size);
      Arrays.sort(indices);
      float[] values = new float[size];
      for (int i = 0; i < size; i++) {
        values[i] = (float) (1 + Math.log(counts[indices[i]]));
      }
      return new Sparse(indices, values);
    }
  }
}
