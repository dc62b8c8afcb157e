package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {

  private static final int BUCKETS = 1 << 14;

  @Test
  void theSameWordsInAnotherCaseAndSpacingGiveTheSameFeatures() {
    TextFeatures.Sparse a = TextFeatures.counts("Claim your FREE prize", BUCKETS);
    TextFeatures.Sparse b = TextFeatures.counts("claim   your free\tprize", BUCKETS);
    assertArrayEquals(a.indices(), b.indices());
    assertArrayEquals(a.values(), b.values());
  }

  @Test
  void wordsAndTheirPairsFallInTheFirstBlockAndCharactersInTheSecond() {
    TextFeatures.Sparse f = TextFeatures.counts("free prize", BUCKETS);
    long words = Arrays.stream(f.indices()).filter(i -> i < BUCKETS).count();
    // "free", "prize" and "free prize".
    assertEquals(3, words);
    assertTrue(Arrays.stream(f.indices()).allMatch(i -> i >= 0 && i < 2 * BUCKETS));
    int[] sorted = f.indices().clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, f.indices(), "indices ascend");
  }

  @Test
  void aRepeatedGramCountsSublinearly() {
    TextFeatures.Sparse once = TextFeatures.counts("spam", BUCKETS);
    TextFeatures.Sparse thrice = TextFeatures.counts("spam spam spam", BUCKETS);
    int word = once.indices()[0];
    assertTrue(word < BUCKETS);
    int at = Arrays.binarySearch(thrice.indices(), word);
    assertEquals(1f, once.values()[0]);
    assertEquals((float) (1 + Math.log(3)), thrice.values()[at], 1e-6);
  }

  @Test
  void chineseWithoutSpacesIsReadByItsCharacters() {
    TextFeatures.Sparse a = TextFeatures.counts("恭喜您中奖了", BUCKETS);
    TextFeatures.Sparse b = TextFeatures.counts("您中奖了吗", BUCKETS);
    long shared = Arrays.stream(a.indices()).filter(i -> i >= BUCKETS && Arrays.binarySearch(b.indices(), i) >= 0).count();
    // 您 中 奖 了, 您中 中奖 奖了, 您中奖 中奖了, 您中奖了: at least those character grams are shared.
    assertTrue(shared >= 10, "shared character grams: " + shared);
    assertNotEquals(0, a.indices().length);
  }

  @Test
  void wordAndSpaceCharactersAreThoseOfUnicodeRegularExpressions() {
    Pattern word = Pattern.compile("\\w", Pattern.UNICODE_CHARACTER_CLASS);
    Pattern space = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      String c = Character.toString(cp);
      if (word.matcher(c).matches() != TextFeatures.isWordCharacter(cp)) {
        throw new AssertionError("word character U+" + Integer.toHexString(cp));
      }
      if (cp <= Character.MAX_VALUE && space.matcher(c).matches() != TextFeatures.isSpace((char) cp)) {
        throw new AssertionError("space U+" + Integer.toHexString(cp));
      }
    }
  }

  @Test
  void combiningMarksAndLettersBeyondTheBasicPlaneStayInsideTheirWord() {
    // "café ok": the words "café" (its accent a combining mark) and "ok" and the pair. Were the mark a separator, the
    // words would be those of "cafe ok", also three.
    TextFeatures.Sparse accented = TextFeatures.counts("cafe\u0301 ok", BUCKETS);
    assertEquals(3, wordFeatures(accented));
    assertNotEquals(wordBlock(TextFeatures.counts("cafe ok", BUCKETS)), wordBlock(accented));
    // Two mathematical letters, each a surrogate pair: one word of two letters, not none.
    assertEquals(3, wordFeatures(TextFeatures.counts("\uD835\uDC00\uD835\uDC01 ok", BUCKETS)));
    // One letter alone is no word.
    assertEquals(1, wordFeatures(TextFeatures.counts("a ok", BUCKETS)));
  }

  @Test
  void anyUnicodeSpaceSeparatesPieces() {
    TextFeatures.Sparse ascii = TextFeatures.counts("ab cd", BUCKETS);
    TextFeatures.Sparse ideographic = TextFeatures.counts("ab\u3000cd", BUCKETS);
    TextFeatures.Sparse noBreak = TextFeatures.counts("ab\u00a0cd", BUCKETS);
    assertArrayEquals(ascii.indices(), ideographic.indices());
    assertArrayEquals(ascii.indices(), noBreak.indices());
    assertNotEquals(Arrays.toString(ascii.indices()), Arrays.toString(TextFeatures.counts("ab\u200bcd", BUCKETS).indices()),
        "a zero-width space is no whitespace");
  }

  private static long wordFeatures(TextFeatures.Sparse f) {
    return wordBlock(f).size();
  }

  private static List<Integer> wordBlock(TextFeatures.Sparse f) {
    return Arrays.stream(f.indices()).filter(i -> i < BUCKETS).boxed().toList();
  }

  @Test
  void anEmptyTextHasNoFeatures() {
    assertEquals(0, TextFeatures.counts("", BUCKETS).indices().length);
    assertEquals(0, TextFeatures.counts("   ", BUCKETS).indices().length);
  }
}
