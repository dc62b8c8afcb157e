package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Mistakes on the command line get one line naming the problem, never a stack trace. */
class CommandLineErrorsTest {

  @Test
  void aMissingInputFileIsNamedWithItsFullPathAndNoStackTrace(@TempDir Path dir) {
    Path missing = dir.resolve("texts.txt");
    CliRun.Outcome outcome = CliRun.attempt("classify", "--input", missing.toString());
    assertEquals(2, outcome.exit(), outcome.toString());
    assertEquals("enrich classify: no such file: " + missing.toAbsolutePath(), outcome.err().strip());
  }

  @Test
  void dashAsInputReadsStandardInput() throws Exception {
    TextsInput input = new TextsInput();
    input.texts.add("from the arguments");
    input.input = Path.of("-");
    List<String> texts = input.read("classify", new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of("from the arguments", "one", "two"), texts);
  }

  @Test
  void aMissingConfigurationFileIsNamedOnceWithoutRepeatingItsPathAsTheCause(@TempDir Path dir) {
    Path missing = dir.resolve("enrich.properties");
    CliRun.Outcome outcome = CliRun.attempt("run", "--config", missing.toString());
    assertEquals(2, outcome.exit(), outcome.toString());
    assertEquals("enrich run: Configuration file " + missing.toAbsolutePath() + " does not exist", outcome.err().strip());
  }

  @Test
  void everyCommandsSummaryInTheCommandListIsAWholeSentence() {
    CommandLine cli = EnrichCommand.commandLine(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    cli.getSubcommands().forEach((name, sub) -> {
      String[] description = sub.getCommandSpec().usageMessage().description();
      assertTrue(description.length > 0, name + " has a description");
      assertTrue(description[0].strip().endsWith("."), name + "'s summary stops mid-sentence: " + description[0]);
    });
  }

  @Test
  void trainHeadWarnsWhenTheFoldsTestOnTooFewTexts() {
    Map<String, Long> eighteen = new LinkedHashMap<>(Map.of("ok", 9L, "toxic", 9L));
    String warning = TrainHeadCommand.fewExamplesWarning(eighteen, 5).orElseThrow();
    assertTrue(warning.startsWith("warning: 18 examples in 5 folds: each fold tests on about 4 text(s)"), warning);
    assertTrue(warning.contains("give at least 50 examples"), warning);

    Map<String, Long> rareLabel = new LinkedHashMap<>();
    rareLabel.put("ok", 200L);
    rareLabel.put("threat", 3L);
    assertTrue(TrainHeadCommand.fewExamplesWarning(rareLabel, 5).orElseThrow().contains("labels [threat] have fewer examples than folds"));

    assertFalse(TrainHeadCommand.fewExamplesWarning(Map.of("ok", 30L, "toxic", 30L), 5).isPresent(), "60 texts in 5 folds");
  }
}
