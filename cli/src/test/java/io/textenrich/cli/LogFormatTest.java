package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log lines a command writes on standard error, as a log shipper or a person reads them. */
class LogFormatTest {

  private record Run(int exit, List<String> err) {}

  /** Runs {@code enrich embed --device cpu hello} in a child JVM with the environment given. */
  private static Run embed(Path dir, Map<String, String> environment) throws Exception {
    Path err = dir.resolve("err.log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EnrichCommand.class.getName(), "embed", "--device", "cpu", "hello")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "embed ends");
    return new Run(process.exitValue(), Files.readAllLines(err, StandardCharsets.UTF_8));
  }

  @Test
  void withEnrichLogFormatJsonEveryLogLineIsAJsonObjectWithLevelLoggerAndFormattedMessage(@TempDir Path dir) throws Exception {
    Run run = embed(dir, Map.of("ENRICH_LOG_FORMAT", "json"));
    assertEquals(0, run.exit(), String.join("\n", run.err()));
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.err()) {
      try {
        events.add(RecordJson.MAPPER.readTree(line));
      } catch (IOException e) {
        throw new AssertionError("not a JSON log line: " + line, e);
      }
    }
    assertTrue(events.stream().anyMatch(e -> e.path("level").asText().equals("INFO")
        && e.path("loggerName").asText().equals("io.textenrich.model.SentenceEmbedder")
        && e.path("formattedMessage").asText().startsWith("Embedding model all-minilm-l6-v2-q")), String.join("\n", run.err()));
  }

  @Test
  void byDefaultLogLinesAreTextWithTimeThreadLevelAndLogger(@TempDir Path dir) throws Exception {
    Run run = embed(dir, Map.of());
    assertEquals(0, run.exit(), String.join("\n", run.err()));
    assertTrue(run.err().stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[main\\] \\[INFO\\] SentenceEmbedder - Embedding model .*")),
        String.join("\n", run.err()));
  }

  @Test
  void anUnknownLogFormatIsRefusedNamingTheOnesThereAre(@TempDir Path dir) throws Exception {
    Run run = embed(dir, Map.of("ENRICH_LOG_FORMAT", "xml"));
    assertEquals(2, run.exit(), String.join("\n", run.err()));
    assertEquals(List.of("enrich: ENRICH_LOG_FORMAT=xml is not a log format; use one of [text, json]"), run.err());
  }
}
