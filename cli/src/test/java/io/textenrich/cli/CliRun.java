package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

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

  /** What a run that may fail printed, and its exit code. */
  record Outcome(int exit, String out, String err) {}

  /** Runs it whatever its exit code. */
  static Outcome attempt(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = EnrichCommand.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    int exit = cli.execute(args);
    return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
