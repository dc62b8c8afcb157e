package io.textenrich.topology.stage.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.textenrich.schemas.TextEvent;
import org.junit.jupiter.api.Test;

class LanguageGuessTest {

  private static TextEvent event(String text, String language) {
    return TextEvent.newBuilder().setId("e").setText(text).setLanguage(language).build();
  }

  @Test
  void theDeclaredLanguageWinsAsItsPrimarySubtag() {
    assertEquals("zh", LanguageGuess.of(event("hello", "zh-Hans")));
    assertEquals("en", LanguageGuess.of(event("今天天气很好", "EN_us")));
  }

  @Test
  void undeclaredTextMostlyInHanCharactersIsChinese() {
    assertEquals("zh", LanguageGuess.of(event("今天天气很好", null)));
    assertEquals("zh", LanguageGuess.of(event("限时优惠！加微信领取免费iPhone，名额有限。", null)));
    assertEquals("zh", LanguageGuess.of(event("今天天气 is good", "")));
  }

  @Test
  void otherUndeclaredTextHasNoLanguage() {
    assertNull(LanguageGuess.of(event("The train leaves at noon.", null)));
    assertNull(LanguageGuess.of(event("今日は良い天気ですね。", null)), "kana marks Japanese");
    assertNull(LanguageGuess.of(event("Visit 北京 next year, it is a wonderful city to see", null)));
    assertNull(LanguageGuess.of(event("12345 !!!", null)));
  }
}
