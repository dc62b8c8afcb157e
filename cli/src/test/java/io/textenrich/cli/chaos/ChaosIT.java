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
 * with the service as child processes. {@code model-faults} is not in it: its start-up half is pinned by
 * {@code SentenceEmbedderTest}, and its batch half by the stages' own tests. The full drill (20,000 events, 5-minute outage, 2 minutes of overload) is
 * {@code bin/enrich chaos}; its figures are in the README.
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
