package io.textenrich.model.heads;

/**
 * The share of legitimate texts a head may flag: every label but {@code legitimateLabel} flags a
 * text, and their thresholds are chosen so that at most {@code maxRate} of the legitimate
 * validation texts reach any of them.
 *
 * @param language when not null, only the legitimate texts of this language count: the head is
 *     meant for it (the service labels each language with one encoder's heads)
 */
public record FalseFlagBudget(String legitimateLabel, double maxRate, String language) {

  public FalseFlagBudget {
    if (legitimateLabel == null || legitimateLabel.isBlank()) {
      throw new IllegalArgumentException("a false-flag budget needs the label of legitimate texts");
    }
    if (!(maxRate >= 0 && maxRate < 1)) {
      throw new IllegalArgumentException("the false-flag rate must be in [0, 1), got " + maxRate);
    }
    if (language != null && language.isBlank()) {
      throw new IllegalArgumentException("the false-flag budget's language must be a code such as en, or absent");
    }
  }

  /** A budget over the legitimate texts of every language. */
  public FalseFlagBudget(String legitimateLabel, double maxRate) {
    this(legitimateLabel, maxRate, null);
  }
}
