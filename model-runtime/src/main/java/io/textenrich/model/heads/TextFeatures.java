package io.textenrich.model.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words and characters of a text as hashed counts, what a {@link LexicalWeights lexical part}
 * reads. Two blocks of {@code buckets} each: word unigrams and bigrams (runs of two or more word
 * characters, lowercased), then character n-grams of 1 to {@value #CHAR_MAX_N} within each
 * whitespace-separated piece padded with a space on either side, so that Chinese text, written
 * without spaces, is read by its characters and their pairs and triples. Hashing (FNV-1a) keeps the
 * size fixed whatever the vocabulary; a collision costs little at this size.
 */
final class TextFeatures {

  static final int WORD_MAX_N = 2;
  static final int CHAR_MAX_N = 4;
  private static final Pattern WORD = Pattern.compile("\\w\\w+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;
  /** Seeds that keep a word and a character string of the same letters apart. */
  private static final char WORD_SEED = 'w';
  private static final char CHAR_SEED = 'c';

  /** A sparse row: {@code values[i]} at index {@code indices[i]}, indices ascending, zero elsewhere. */
  record Sparse(int[] indices, float[] values) {}

  private TextFeatures() {}

  /** How often each bucket occurs in the text, as {@code 1 + ln(count)}; indices in {@code [0, 2 * buckets)}. */
  static Sparse counts(String text, int buckets) {
    String lower = text.toLowerCase(Locale.ROOT);
    int[] hashes = new int[64];
    int n = 0;
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(lower);
    while (m.find()) {
      words.add(m.group());
    }
    for (int i = 0; i < words.size(); i++) {
      StringBuilder gram = new StringBuilder(words.get(i));
      hashes = grow(hashes, n + WORD_MAX_N);
      hashes[n++] = bucket(WORD_SEED, gram, buckets);
      for (int len = 2; len <= WORD_MAX_N && i + len <= words.size(); len++) {
        gram.append(' ').append(words.get(i + len - 1));
        hashes[n++] = bucket(WORD_SEED, gram, buckets);
      }
    }
    for (String piece : SPACE.split(lower)) {
      if (piece.isEmpty()) {
        continue;
      }
      String padded = " " + piece + " ";
      hashes = grow(hashes, n + CHAR_MAX_N * padded.length());
      for (int start = 0; start < padded.length(); start++) {
        // The grams that start here, 1 to CHAR_MAX_N characters long, each hashed on from the last.
        int h = (FNV_OFFSET ^ CHAR_SEED) * FNV_PRIME;
        for (int end = start; end < Math.min(padded.length(), start + CHAR_MAX_N); end++) {
          h = (h ^ padded.charAt(end)) * FNV_PRIME;
          hashes[n++] = buckets + Math.floorMod(h, buckets);
        }
      }
    }
    Arrays.sort(hashes, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || hashes[i] != hashes[i - 1]) {
        distinct++;
      }
    }
    int[] indices = new int[distinct];
    float[] values = new float[distinct];
    int k = -1;
    int run = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || hashes[i] != hashes[i - 1]) {
        if (k >= 0) {
          values[k] = (float) (1 + Math.log(run));
        }
        indices[++k] = hashes[i];
        run = 0;
      }
      run++;
    }
    if (k >= 0) {
      values[k] = (float) (1 + Math.log(run));
    }
    return new Sparse(indices, values);
  }

  private static int[] grow(int[] a, int needed) {
    return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, a.length * 2));
  }

  private static int bucket(char seed, CharSequence gram, int buckets) {
    int h = (FNV_OFFSET ^ seed) * FNV_PRIME;
    for (int i = 0; i < gram.length(); i++) {
      h = (h ^ gram.charAt(i)) * FNV_PRIME;
    }
    return Math.floorMod(h, buckets);
  }
}
