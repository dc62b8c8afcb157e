package io.textenrich.model.heads;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The share of legitimate texts a head may flag: every label but {@code legitimateLabel} flags a
 * text, and their thresholds are chosen so that at most {@code maxRate} of the legitimate
 * validation texts reach any of them.
 *
 * @param language when not null, only the legitimate texts of this language count: the head is
 *     meant for it (the service labels each language with one encoder's heads)
 * @param labelMaxRates for the flagging labels named, the share of the legitimate texts that label
 *     alone may flag, within {@code maxRate}: so that a label whose recall is cheap to buy cannot
 *     take the whole budget from the others
 */
public record FalseFlagBudget(String legitimateLabel, double maxRate, String language, Map<String, Double> labelMaxRates) {

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
    labelMaxRates = Collections.unmodifiableMap(new TreeMap<>(labelMaxRates == null ? Map.of() : labelMaxRates));
    if (labelMaxRates.containsKey(legitimateLabel)) {
      throw new IllegalArgumentException("the legitimate label '" + legitimateLabel + "' flags nothing, so it has no"
          + " false-flag rate of its own; name a flagging label");
    }
    for (Map.Entry<String, Double> rate : labelMaxRates.entrySet()) {
      if (!(rate.getValue() >= 0 && rate.getValue() <= maxRate)) {
        throw new IllegalArgumentException("the false-flag rate of label '" + rate.getKey() + "' must be in [0, " + maxRate
            + "] (the whole budget), got " + rate.getValue());
      }
    }
  }

  /** A budget shared by every flagging label, as each gains most from it. */
  public FalseFlagBudget(String legitimateLabel, double maxRate, String language) {
    this(legitimateLabel, maxRate, language, Map.of());
  }

  /** A budget over the legitimate texts of every language. */
  public FalseFlagBudget(String legitimateLabel, double maxRate) {
    this(legitimateLabel, maxRate, null);
  }
}
