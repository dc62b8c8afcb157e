package io.textenrich.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic English texts of mixed length, from about 5 to about 200 tokens, uniformly spread:
 * the kind of mix a real stream carries (short chat lines next to long reviews).
 */
final class BenchTexts {

  private static final String[] WORDS = (
      "the service update made my account much faster and the support team answered every question quickly "
      + "but yesterday the payment page failed twice so I could not finish my order before the weekend "
      + "delivery was late again and the package arrived damaged although the driver was friendly and polite "
      + "please reset my password because the login link in the email does not work on my phone "
      + "great product good price excellent quality terrible experience average results will buy again never "
      + "stream processing keeps every partition in order while the model computes embeddings for search "
      + "weather today is sunny with a light wind from the west and rain is expected later this evening").split(" ");

  private BenchTexts() {}

  static List<String> generate(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int words = 3 + random.nextInt(196);
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          text.append(' ');
        }
        text.append(WORDS[random.nextInt(WORDS.length)]);
      }
      texts.add(text.append('.').toString());
    }
    return texts;
  }
}
