package io.textenrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosCommandTest {

  @Test
  void everyScenarioRunsByDefaultAndEachByItsName() {
    assertEquals(ChaosCommand.SCENARIOS, ChaosCommand.choose(List.of()));
    assertEquals(List.of("safety", "rebalance"),
        ChaosCommand.choose(List.of("safety", "rebalance")).stream().map(Scenario::name).toList());
    assertEquals(ChaosCommand.names().size(), ChaosCommand.names().stream().distinct().count());
  }

  @Test
  void anUnknownScenarioIsRefusedNamingTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChaosCommand.choose(List.of("chaos-monkey")));
    assertTrue(e.getMessage().contains("'chaos-monkey'") && e.getMessage().contains("crash-under-load, "), e.getMessage());
  }

  @Test
  void theJsonOfAScenarioHasItsCountsAndVerdict() {
    ScenarioResult result = new ScenarioResult("rebalance");
    result.eventsIn = 10;
    result.enriched = 9;
    result.lost = 1;
    result.problems.add("1 event(s) lost");
    ObjectNode json = ChaosCommand.toJson(result);
    assertEquals("rebalance", json.get("scenario").asText());
    assertEquals(1, json.get("lost").asLong());
    assertEquals(0, json.get("duplicated").asLong());
    assertEquals(false, json.get("passed").asBoolean());
    assertEquals("1 event(s) lost", json.get("problems").get(0).asText());
  }
}
