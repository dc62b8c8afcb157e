package io.textenrich.model.heads;

/**
 * The share of legitimate texts a head may flag: every label but {@code legitimateLabel} flags a
 * text, and their thresholds are chosen so that at most {@code maxRate} of the legitimate
 * validation texts reach any of them.
 */
public record FalseFlagBudget(String legitimateLabel, double maxRate) {

  public FalseFlagBudget {
    if (legitimateLabel == null || legitimateLabel.isBlank()) {
      throw new IllegalArgumentException("a false-flag budget needs the label of legitimate texts");
    }
    if (!(maxRate >= 0 && maxRate < 1)) {
      throw new IllegalArgumentException("the false-flag rate must be in [0, 1), got " + maxRate);
    }
  }
}
