package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the enrich command line in this JVM, as a user would type it, and requires it to succeed. */
final class CliRun {

  private CliRun() {}

  /** The lines it printed; fails the test with the output when the exit code is not 0. */
  static List<String> run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = EnrichCommand.commandLine(new PrintStream(bytes, true, StandardCharsets.UTF_8)).execute(args);
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, "exit code of " + String.join(" ", args) + "; output:\n" + output);
    return output.lines().toList();
  }
}
