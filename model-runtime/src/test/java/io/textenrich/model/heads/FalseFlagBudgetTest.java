package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FalseFlagBudgetTest {

  @Test
  void aLabelsRateMustFitTheWholeBudgetAndBelongToAFlaggingLabel() {
    IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
        () -> new FalseFlagBudget("ok", 0.01, "en", Map.of("spam", 0.02)));
    assertTrue(above.getMessage().contains("label 'spam' must be in [0, 0.01]"), above.getMessage());
    IllegalArgumentException legitimate = assertThrows(IllegalArgumentException.class,
        () -> new FalseFlagBudget("ok", 0.01, "en", Map.of("ok", 0.005)));
    assertTrue(legitimate.getMessage().contains("name a flagging label"), legitimate.getMessage());
  }

  @Test
  void labelRatesAreSortedByNameSoAHeadFileIsTheSameWhateverTheOrderGiven() {
    FalseFlagBudget budget = new FalseFlagBudget("ok", 0.01, null, Map.of("toxic", 0.005, "spam", 0.004));
    assertEquals(List.of("spam", "toxic"), List.copyOf(budget.labelMaxRates().keySet()));
    assertEquals(Map.of(), new FalseFlagBudget("ok", 0.01).labelMaxRates());
  }
}
