package io.textenrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast subset of {@code enrich chaos}: the quick scale of the scenarios that fit a test suite, on a real broker
 * with the service as child processes. The broker outages, overload and the at-least-once crash drill are left to the
 * full drill ({@code bin/enrich chaos}: 20,000 crash events, a 5-minute outage, 2 minutes of overload), whose figures
 * are in {@code docs/fault-drills.md}.
 */
class ChaosIT {

  @Test
  void theQuickDrillLosesNothingAndDuplicatesNothing() throws Exception {
    List<String> scenarios = List.of("crash-under-load", "hostile-input", "model-faults", "rebalance", "secured-cluster", "safety");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int exit = new picocli.CommandLine(new ChaosCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        new PrintStream(progress, true, StandardCharsets.UTF_8)))
        .execute("--quick", "--json", "--scenario", String.join(",", scenarios));
    String output = bytes.toString(StandardCharsets.UTF_8);
    String report = output + "\n" + progress.toString(StandardCharsets.UTF_8);
    List<JsonNode> results = new ArrayList<>();
    for (String line : output.lines().toList()) {
      results.add(new ObjectMapper().readTree(line));
    }
    assertEquals(scenarios, results.stream().map(r -> r.get("scenario").asText()).toList(), report);
    for (JsonNode result : results) {
      assertTrue(result.get("events_in").asLong() > 0, report);
      assertEquals(0, result.get("lost").asLong(), report);
      assertEquals(0, result.get("duplicated").asLong(), report);
      assertTrue(result.get("passed").asBoolean(), report);
    }
    assertEquals(0, exit, report);
  }
}
