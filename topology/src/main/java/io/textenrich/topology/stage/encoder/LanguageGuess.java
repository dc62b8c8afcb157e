package io.textenrich.topology.stage.encoder;

import io.textenrich.schemas.TextEvent;
import java.util.Locale;

/**
 * The language of an event, for choosing which encoder's heads label it: the event's own
 * {@code language} field when it has one (its primary subtag: {@code zh-Hans} is {@code zh}),
 * otherwise {@code zh} for text written mostly in Han characters, otherwise unknown (null).
 */
public final class LanguageGuess {

  /** Share of a text's letters that must be Han characters for it to count as Chinese. */
  static final double HAN_SHARE = 0.3;

  private LanguageGuess() {}

  static String of(TextEvent event) {
    CharSequence declared = event.getLanguage();
    if (declared != null && !declared.toString().isBlank()) {
      return declared.toString().trim().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    }
    return mostlyHan(event.getText().toString()) ? "zh" : null;
  }

  /** Kana marks Japanese, which also writes Han characters. */
  static boolean mostlyHan(String text) {
    int letters = 0;
    int han = 0;
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (c < 0x80) {
        // ASCII, most of what the service reads, without the script tables' lookups.
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
          letters++;
        }
        i++;
        continue;
      }
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
        return false;
      }
      letters++;
      if (script == Character.UnicodeScript.HAN) {
        han++;
      }
    }
    return letters > 0 && han >= HAN_SHARE * letters;
  }
}
