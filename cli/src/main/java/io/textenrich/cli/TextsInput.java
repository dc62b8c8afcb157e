package io.textenrich.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The texts a command works on: its arguments, then the lines of {@code --input FILE}. */
final class TextsInput {

  @Parameters(arity = "0..*", paramLabel = "TEXT", description = "Texts (prompts, for complete) to work on.")
  List<String> texts = new ArrayList<>();

  @Option(names = "--input", paramLabel = "FILE",
      description = "Also read texts from FILE, one per line, taken verbatim; - reads standard input.")
  Path input;

  /** @param verb what the command does, for the error when there is nothing to do it to */
  List<String> read(String verb) throws IOException {
    return read(verb, System.in);
  }

  List<String> read(String verb, InputStream standardInput) throws IOException {
    List<String> all = new ArrayList<>(texts);
    if (input != null && input.toString().equals("-")) {
      all.addAll(new BufferedReader(new InputStreamReader(standardInput, StandardCharsets.UTF_8)).lines().toList());
    } else if (input != null) {
      all.addAll(Files.readAllLines(input, StandardCharsets.UTF_8));
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("Nothing to " + verb + ": give texts as arguments or --input FILE");
    }
    return all;
  }
}
