package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code complete} and {@code bench --scenario complete} on the built-in demo model, without Kafka. */
class CompleteCommandTest {

  private static List<JsonNode> complete(String... args) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : CliRun.run(prepend("complete", args))) {
      lines.add(RecordJson.MAPPER.readTree(line));
    }
    return lines;
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Test
  void printsOneJsonLinePerPromptInOrder() throws Exception {
    List<JsonNode> lines = complete("--device", "cpu", "--max-new-tokens", "6", "--temperature", "0", "Love is",
        "A computer is", "Never trust a");
    assertEquals(3, lines.size());
    assertEquals(List.of("Love is", "A computer is", "Never trust a"),
        lines.stream().map(l -> l.get("prompt").asText()).toList());
    for (JsonNode line : lines) {
      int tokens = line.get("completion_tokens").asInt();
      String reason = line.get("finish_reason").asText();
      assertTrue(reason.equals("length") && tokens == 6 || reason.equals("eos") && tokens <= 6, line.toString());
      assertTrue(line.get("prompt_tokens").asInt() >= 2, line.toString());
      assertTrue(line.get("completion").isTextual());
      assertEquals("fortune-gpt", line.get("model").asText());
    }
  }

  @Test
  void theSameSeedGivesTheSameSampledCompletion() throws Exception {
    String[] args = {"--device", "cpu", "--max-new-tokens", "12", "--temperature", "0.9", "--top-k", "40", "--seed", "7",
        "The best way to"};
    JsonNode first = complete(args).get(0);
    JsonNode second = complete(args).get(0);
    assertEquals(first.get("completion"), second.get("completion"));
    assertEquals(7, first.get("seed").asLong());
  }

  @Test
  void aStopStringEndsTheCompletion() throws Exception {
    JsonNode free = complete("--device", "cpu", "--max-new-tokens", "24", "--temperature", "0", "Love is").get(0);
    String text = free.get("completion").asText();
    String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
    JsonNode stopped = complete("--device", "cpu", "--max-new-tokens", "24", "--temperature", "0", "--stop", stop,
        "Love is").get(0);
    assertEquals("stop", stopped.get("finish_reason").asText());
    assertEquals(text.substring(0, text.indexOf(stop)), stopped.get("completion").asText());
  }

  @Test
  void stopStringsUnderstandNewlineAndTabEscapes() {
    assertEquals("\n", CompleteCommand.unescape("\\n"));
    assertEquals("a\tb\\n", CompleteCommand.unescape("a\\tb\\\\n"));
    assertEquals("\\x", CompleteCommand.unescape("\\x"));
  }

  @Test
  void benchWritesTheSpeedupsToJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    List<String> lines = CliRun.run("bench", "--scenario", "complete", "--device", "cpu", "--new-tokens", "8", "--concurrency", "3",
        "--repeats", "1", "--json", json.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("cache speedup: ")), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("continuous batching speedup: ")), String.join("\n", lines));
    JsonNode figures = RecordJson.MAPPER.readTree(json.toFile());
    assertEquals("complete", figures.get("scenario").asText());
    assertTrue(figures.get("cache_speedup").asDouble() > 0, figures.toString());
    assertTrue(figures.get("continuous_batching_speedup").asDouble() > 0, figures.toString());
    assertTrue(figures.at("/continuous_batching/ttft_ms/p99").isNumber(), figures.toString());
    assertTrue(figures.at("/continuous_batching/per_token_ms/p50").isNumber(), figures.toString());
    JsonNode load = figures.get("load");
    assertEquals(List.of(1, 4, 16), List.of(load.get(0).get("concurrency").asInt(), load.get(1).get("concurrency").asInt(),
        load.get(2).get("concurrency").asInt()));
    for (JsonNode level : load) {
      assertTrue(level.get("tokens_per_s").asDouble() > 0, level.toString());
      assertTrue(level.get("ttft_p99_ms").asDouble() >= level.get("ttft_p50_ms").asDouble(), level.toString());
    }
  }

  @Test
  void percentilesAreNearestRank() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, CompletionBenchmark.percentile(sorted, 50));
    assertEquals(10, CompletionBenchmark.percentile(sorted, 95));
    assertEquals(1, CompletionBenchmark.percentile(new double[] {1}, 99));
    assertEquals(2.5, CompletionBenchmark.median(new double[] {4, 1, 2, 3}));
  }
}
