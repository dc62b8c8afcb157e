package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code enrich run} loads its configuration: what it prints, and how it stops on a mistake. No broker, no model. */
class RunCommandTest {

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = EnrichCommand.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printConfigShowsEverySettingWithItsSourceSecretsMaskedAndExitsZero(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("service.properties"), String.join("\n",
        "bootstrap.servers=broker:9092",
        "enrich.input.topic=posts",
        "enrich.completion.stop=\\n",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"s3cret\";"));

    Result result = run("run", "--config", file.toString(), "--print-config");

    assertEquals(0, result.exit(), result.err());
    List<String> lines = result.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("enrich\\.input\\.topic +\\| posts +\\| file " + Pattern.quote(file.toString()) + " *")),
        result.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("bootstrap\\.servers +\\| broker:9092 +\\| file .*")), result.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("enrich\\.http\\.port +\\| 8080 +\\| default *")), result.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("enrich\\.completion\\.stop +\\| \\\\n +\\| file .*")), result.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("sasl\\.jaas\\.config +\\| \\[hidden] +\\| file .*")), result.out());
    assertFalse(result.out().contains("s3cret"), result.out());
  }

  @Test
  void everyMistakeIsListedWithExitCodeTwoAndNoStackTraceBeforeAnyModelLoads(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("service.properties"), String.join("\n",
        "bootstrp.servers=broker:9092",
        "num.stream.thread=2",
        "processing.guarantee=exactly_once_v3",
        "enrich.batch.maxdelay=5",
        "enrich.batch.max.records=lots"));

    for (List<String> args : List.of(List.of("run", "--config", file.toString(), "--print-config"),
        List.of("run", "--config", file.toString()))) {
      Result result = run(args.toArray(String[]::new));
      assertEquals(2, result.exit(), args + ": " + result.err());
      String err = result.err();
      assertTrue(err.startsWith("enrich run: Invalid configuration (5 mistakes"), err);
      for (String mistake : List.of("bootstrp.servers is not a setting; did you mean bootstrap.servers?",
          "num.stream.thread is not a setting; did you mean num.stream.threads?",
          "processing.guarantee='exactly_once_v3': String must be one of",
          "enrich.batch.maxdelay is not a setting; did you mean enrich.batch.max.delay.ms?",
          "enrich.batch.max.records='lots': not a number")) {
        assertTrue(err.contains(mistake), mistake + " in " + err);
      }
      assertFalse(err.contains("\tat "), "no stack trace: " + err);
      assertEquals("", result.out());
    }
  }

  @Test
  void anEmptyOrUnresolvableBootstrapServersStopsTheStartWithExitCodeTwoAndTheFix(@TempDir Path dir) throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.properties"), "bootstrap.servers=\n");
    Result noServers = run("run", "--config", empty.toString());
    assertEquals(2, noServers.exit(), noServers.err());
    assertTrue(noServers.err().contains("bootstrap.servers='': empty; set it to the brokers' host:port"), noServers.err());
    assertFalse(noServers.err().contains("\tat "), noServers.err());

    Path unresolvable = Files.writeString(dir.resolve("unresolvable.properties"), "bootstrap.servers=no-such-host.invalid:9092\n");
    Result unknownHost = run("run", "--config", unresolvable.toString());
    assertEquals(2, unknownHost.exit(), unknownHost.err());
    assertEquals(List.of("enrich run: Cannot connect to Kafka at no-such-host.invalid:9092: No resolvable bootstrap urls given in"
        + " bootstrap.servers. Check bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS): host:port of a broker, with a host this"
        + " machine resolves."), unknownHost.err().lines().toList());
  }
}
