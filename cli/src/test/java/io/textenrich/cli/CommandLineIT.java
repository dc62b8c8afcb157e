package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it, on a real broker with the real model. */
class CommandLineIT {

  @Test
  void demoAccountsForEveryEventAndEndsWithTheSummaryLine() {
    List<String> lines = CliRun.run("demo", "--device", "cpu");
    List<SampleEvents.Sample> samples = SampleEvents.all(16384);
    long valid = samples.stream().filter(SampleEvents.Sample::valid).count();
    String summary = lines.get(lines.size() - 1);
    assertTrue(summary.startsWith("demo: in=" + samples.size() + " enriched=" + valid + " dead_letter=" + (samples.size() - valid)
        + " moderation="), summary);
    assertTrue(Integer.parseInt(summary.substring(summary.lastIndexOf('=') + 1)) >= 2, "the English toxic and spam samples: " + summary);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("evt-7 ") && l.endsWith("今天天气很好")), String.join("\n", lines));
  }

  @Test
  void embedPrintsOneUnitVectorPerTextAsJson(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("texts.txt");
    Files.writeString(input, "first line\n  second line keeps its spaces  \n");
    List<String> lines = CliRun.run("embed", "--device", "cpu", "今天天气很好", "--input", input.toString());
    assertEquals(3, lines.size());
    List<String> texts = new ArrayList<>();
    for (String line : lines) {
      JsonNode json = RecordJson.MAPPER.readTree(line);
      texts.add(json.get("text").asText());
      assertEquals(384, json.get("dimensions").asInt());
      double sum = 0;
      for (JsonNode v : json.get("vector")) {
        sum += v.asDouble() * v.asDouble();
      }
      assertEquals(1.0, Math.sqrt(sum), 1e-4);
    }
    assertEquals(List.of("今天天气很好", "first line", "  second line keeps its spaces  "), texts);
  }

  @Test
  void classifyPrintsOneJsonLinePerTextWithAKeyPerHead(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("texts.txt");
    // Texts of data/heads/eval, which the built-in heads were not trained on.
    Files.writeString(input, "Your Amazon account has been locked due to suspicious activity. Sign in here to unlock.\n");
    List<String> lines = CliRun.run("classify", "--device", "cpu",
        "Thank you so much for the birthday flowers, they brighten up the whole room!", "--input", input.toString());
    assertEquals(2, lines.size());
    JsonNode first = RecordJson.MAPPER.readTree(lines.get(0));
    assertEquals(List.of("text", "sentiment", "moderation"), fieldNames(first));
    assertEquals("positive", first.at("/sentiment/label").asText());
    assertEquals(List.of("positive", "neutral", "negative"), fieldNames(first.at("/sentiment/scores")));
    double sum = 0;
    for (JsonNode score : first.at("/moderation/scores")) {
      sum += score.asDouble();
    }
    assertEquals(1.0, sum, 1e-3);
    assertEquals("spam", field(lines.get(1), "/moderation/label"));
  }

  @Test
  void classifyAddsAHuggingFaceClassifierUnderItsDirectoryName() throws Exception {
    Path classifier = Path.of("..", "model-runtime", "src", "test", "resources", "fixtures", "tiny-bert-multi-label");
    List<String> lines = CliRun.run("classify", "--device", "cpu", "--heads", "sentiment", "--classifier", classifier.toString(),
        "--threshold", "spam=0.99", "Click this link now to verify your bank account");
    JsonNode line = RecordJson.MAPPER.readTree(lines.get(0));
    assertEquals(List.of("text", "sentiment", "tiny-bert-multi-label"), fieldNames(line));
    assertEquals(List.of("toxic", "insult", "threat", "spam"), fieldNames(line.at("/tiny-bert-multi-label/scores")));
    assertTrue(line.at("/tiny-bert-multi-label/labels").isArray());
  }

  @Test
  void trainHeadReportsCrossValidationAndWritesAHeadThatClassifyLoads(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("weather.jsonl");
    List<String> examples = new ArrayList<>();
    for (String text : List.of("Sunny and warm all day", "Clear blue skies this afternoon", "Bright sunshine at the beach",
        "A hot, cloudless summer day", "Sunshine and a light breeze")) {
      examples.add("{\"text\":\"" + text + "\",\"label\":\"sunny\",\"lang\":\"en\"}");
    }
    for (String text : List.of("Heavy rain all morning", "Bring an umbrella, it's pouring", "Thunderstorms and showers tonight",
        "A wet, drizzly afternoon", "Rain flooded the streets")) {
      examples.add("{\"text\":\"" + text + "\",\"label\":\"rainy\",\"lang\":\"en\"}");
    }
    Files.write(data, examples);
    Path out = dir.resolve("heads").resolve("weather");
    Path chart = dir.resolve("curves.svg");
    List<String> report = CliRun.run("train-head", "--device", "cpu", "--data", data.toString(), "--out", out.toString(), "--folds", "5",
        "--l2", "0.001,0.01", "--hidden", "0,8", "--max-false-flag-rate", "0.2", "--legitimate-label", "sunny",
        "--chart", chart.toString());
    String text = String.join("\n", report);
    assertTrue(text.contains("5-fold cross-validation (seed 42") && text.contains("language en:") && text.contains("macro F1"), text);
    assertTrue(text.contains("warning: 10 examples in 5 folds"), "ten texts in five folds say little: " + text);
    assertTrue(report.stream().anyMatch(l -> l.startsWith("sunny ") && l.split("\\|").length == 5), text);
    assertTrue(report.stream().anyMatch(l -> l.matches("rainy +\\| 0\\.500 +\\| .*")), "a threshold curve row: " + text);
    assertTrue(text.contains("thresholds chosen for at most 0.200 of 'sunny' texts flagged: {rainy="), text);
    assertTrue(text.contains("figures of each candidate") && text.contains("mlp, 8 hidden units"), text);
    assertTrue(text.contains("expected calibration error"), text);
    assertTrue(Files.readString(chart).startsWith("<svg") && Files.readString(chart).contains("polyline"), "an SVG chart");
    assertTrue(Files.isRegularFile(out.resolve("head.json")), text);

    List<String> lines = CliRun.run("classify", "--device", "cpu", "--heads", out.toString(), "It is raining cats and dogs");
    assertEquals("rainy", field(lines.get(0), "/weather/label"));
  }

  @Test
  void evaluateHeadGivesTheFiguresOfABuiltinHeadPerLanguage(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("held-out.jsonl");
    Files.write(data, List.of(
        "{\"text\":\"Anyone up for board games on Saturday? I'll bring snacks.\",\"label\":\"ok\",\"lang\":\"en\",\"domain\":\"hobbies\"}",
        "{\"text\":\"Go crawl back into whatever hole you came from.\",\"label\":\"toxic\",\"lang\":\"en\",\"domain\":\"insult\"}",
        "{\"text\":\"Buy cheap Rolex replicas, best quality, free shipping to your door.\",\"label\":\"spam\",\"lang\":\"en\"}",
        "{\"text\":\"Members save 10% on garden tools this weekend.\",\"label\":\"ok\",\"lang\":\"en\","
            + "\"domain\":\"first-party-promotions\"}"));
    List<String> report = CliRun.run("evaluate-head", "--device", "cpu", "--head", "moderation", "--data", data.toString());
    String text = String.join("\n", report);
    assertTrue(report.stream().anyMatch(l -> l.startsWith("language | texts | accuracy | macro F1 | false flags | recall toxic")), text);
    assertTrue(report.stream().anyMatch(l -> l.matches("en +\\| 3 +\\| .*")), "the promotion is left out: " + text);
    assertTrue(report.stream().anyMatch(l -> l.matches("en / hobbies +\\| 1 +\\| .*")), "a row per domain: " + text);
    assertTrue(report.stream().anyMatch(l -> l.matches("en / first-party-promotions \\(apart\\) +\\| 1 +\\| .*")), text);
    assertTrue(report.stream().anyMatch(l -> l.matches("en / \\(none\\) +\\| 1 +\\| .*")), text);
    assertTrue(text.contains("expected calibration error"), text);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void produceThenTailShowsEnrichedRecordsAndDeadLettersWithReasons(@TempDir Path dir) throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      ServiceConfig config = ServiceConfig.fromMap(Map.of(
          "bootstrap.servers", broker.bootstrapServers(), "application.id", "cli-it", "enrich.model.device", "cpu",
          "enrich.http.port", "0", "state.dir", dir.resolve("state").toString()));
      broker.createTopics(1, config.topics().toArray(String[]::new));
      Path events = dir.resolve("events.jsonl");
      Files.writeString(events, String.join("\n",
          "{\"id\":\"p1\",\"text\":\"Stream processing with models\"}",
          "{\"id\":\"p2\",\"text\":\"今天天气很好\",\"language\":\"zh\"}",
          "{\"id\":\"p3\",\"note\":\"no text here\"}"));

      assertEquals(List.of("produced 3 record(s) to raw-text"),
          CliRun.run("produce", "-b", broker.bootstrapServers(), "--topic", config.inputTopic(), "--input", events.toString()));
      try (EnrichmentService service = EnrichmentService.start(config)) {
        service.awaitRunning(Duration.ofSeconds(60));
        List<String> enriched = CliRun.run("tail", "-b", broker.bootstrapServers(), "--topic", config.outputTopic(),
            "--max-records", "2", "--idle-timeout", "60");
        List<String> dead = CliRun.run("tail", "-b", broker.bootstrapServers(), "--topic", config.deadLetterTopic(),
            "--max-records", "1", "--idle-timeout", "60");

        assertEquals(List.of("p1", "p2"), enriched.stream().map(l -> field(l, "/id")).toList());
        assertEquals("zh", field(enriched.get(1), "/language"));
        assertEquals("384", String.valueOf(RecordJson.MAPPER.readTree(enriched.get(0)).at("/embedding/vector").size()));
        assertEquals("no-text", field(dead.get(0), "/headers/enrich.error.reason"));
        assertEquals("p3", field(dead.get(0), "/key"));
      }
    }
  }

  private static String field(String json, String pointer) {
    try {
      return RecordJson.MAPPER.readTree(json).at(pointer).asText();
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
