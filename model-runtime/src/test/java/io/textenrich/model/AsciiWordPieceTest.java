package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class AsciiWordPieceTest {

  private static final String WORDS = "the a an of to and in is it you that was for on are with as his they be at one have this "
      + "from or had by hot word but what some we can out other were all there when up use your how said each she which do "
      + "their time if will way about many then them write would like so these her long make thing see him two has look more "
      + "day could go come did number sound no most people my over know water than call first who may down side been now find "
      + "unbelievable misunderstanding antidisestablishmentarianism cryptocurrency zxqv qqq www http https com org ";

  /** ASCII texts made from a seed: words, numbers, punctuation runs, every control character, long and unknown words. */
  static List<String> asciiTexts(long seed, int count) {
    Random random = new Random(seed);
    String[] words = WORDS.trim().split(" ");
    List<String> texts = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      StringBuilder text = new StringBuilder();
      int parts = random.nextInt(t % 10 == 0 ? 400 : 40);
      for (int p = 0; p < parts; p++) {
        switch (random.nextInt(8)) {
          case 0 -> text.append((char) random.nextInt(128));
          case 1 -> text.append(random.nextInt(100_000));
          case 2 -> text.append("!?.,;:-'\"()[]{}<>/\\|@#$%^&*_+=~`".charAt(random.nextInt(32)));
          case 3 -> text.append(Character.toUpperCase(words[random.nextInt(words.length)].charAt(0)))
              .append(words[random.nextInt(words.length)]);
          case 4 -> text.append(" \t\n\r".charAt(random.nextInt(4)));
          case 5 -> {
            int length = random.nextInt(130);
            for (int i = 0; i < length; i++) {
              text.append((char) ('a' + random.nextInt(26)));
            }
          }
          default -> text.append(' ').append(words[random.nextInt(words.length)]);
        }
      }
      texts.add(text.toString());
    }
    return texts;
  }

  @ParameterizedTest
  @EnumSource(value = BuiltinModel.class, names = {"ALL_MINILM_L6_V2_Q", "BGE_SMALL_ZH_V15_Q"})
  void asciiTextsGetTheHuggingFaceTokenizersIdsWithTruncation(BuiltinModel model) {
    byte[] json = ModelFiles.fromClasspath(model).tokenizerJson();
    for (int maxLength : new int[] {model.maxLength(), 16}) {
      try (BatchTokenizer tokenizer = BatchTokenizer.fromJson(json, maxLength)) {
        assertTrue(tokenizer.hasAsciiPath(), model + " is a BERT tokenizer the Java path reproduces");
        AsciiWordPiece path = AsciiWordPiece.of(json, maxLength).orElseThrow();
        for (String text : asciiTexts(17 + maxLength, 2_000)) {
          long[] ids = path.ids(text);
          assertArrayEquals(tokenizer.referenceIds(text), ids, () -> model + " at " + maxLength + " tokens: " + escaped(text));
          assertEquals(ids.length, tokenizer.prepare(text).tokens());
        }
      }
    }
  }

  @Test
  void textsWithOtherCharactersOrAnAddedTokensTextAreLeftToTheReference() {
    byte[] json = ModelFiles.fromClasspath(BuiltinModel.ALL_MINILM_L6_V2_Q).tokenizerJson();
    AsciiWordPiece path = AsciiWordPiece.of(json, 256).orElseThrow();
    assertNull(path.ids("café au lait"));
    assertNull(path.ids("今天天气很好"));
    assertNull(path.ids("please [MASK] this"));
    assertNull(path.ids("a [cls] token in lower case"));
    try (BatchTokenizer tokenizer = BatchTokenizer.fromJson(json, 256)) {
      for (String text : List.of("café au lait", "今天天气很好", "please [MASK] this")) {
        assertArrayEquals(tokenizer.referenceIds(text), tokenizer.prepare(text).ids(), text);
      }
    }
  }

  @Test
  void aTokenizerOfAnotherShapeHasNoJavaPath() throws IOException {
    Path gpt2 = Path.of("src/test/resources/fixtures/tiny-gpt2/tokenizer.json");
    assertTrue(AsciiWordPiece.of(Files.readAllBytes(gpt2), 64).isEmpty());
    assertTrue(AsciiWordPiece.of("not json".getBytes(), 64).isEmpty());
  }

  @Test
  void aBatchMixingBothPathsIsPaddedAsTheReferenceWouldBe() {
    byte[] json = ModelFiles.fromClasspath(BuiltinModel.ALL_MINILM_L6_V2_Q).tokenizerJson();
    try (BatchTokenizer tokenizer = BatchTokenizer.fromJson(json, 256)) {
      List<String> texts = List.of("The cat sits on the mat.", "今天天气很好", "Déjà vu, again and again and again");
      TokenBatch batch = tokenizer.encode(texts);
      for (int i = 0; i < texts.size(); i++) {
        long[] reference = tokenizer.referenceIds(texts.get(i));
        assertEquals(reference.length, batch.lengths()[i]);
        for (int j = 0; j < reference.length; j++) {
          assertEquals(reference[j], batch.inputIds()[i * batch.seqLen() + j], texts.get(i));
        }
      }
    }
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }
}
