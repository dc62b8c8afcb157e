package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator types to run the service against a local Kafka: {@code enrich broker} in the background with
 * standard input closed, {@code enrich topics}, {@code produce} and {@code tail} with the service's configuration file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCommandsIT {

  @TempDir
  static Path dir;

  private Process broker;
  private String bootstrapServers;
  private Path config;
  private Path brokerLog;

  @BeforeAll
  void startBrokerAsInTheBackground() throws IOException {
    int port = freePort();
    brokerLog = dir.resolve("broker.log");
    broker = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"), EnrichCommand.class.getName(),
        "broker", "--port", Integer.toString(port), "--data-dir", dir.resolve("kafka").toString())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(brokerLog.toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertEquals("bootstrap.servers=localhost:" + port, line, () -> "the broker's first line; its log:\n" + log());
    bootstrapServers = "localhost:" + port;
    config = dir.resolve("enrich.properties");
    Files.writeString(config, "bootstrap.servers=" + bootstrapServers + "\napplication.id=operator-it\n");
  }

  @AfterAll
  void stopBroker() throws InterruptedException {
    if (broker != null) {
      broker.destroy();
      assertTrue(broker.waitFor(60, TimeUnit.SECONDS), "the broker stops on SIGTERM");
    }
  }

  @Test
  void topicsCreatesEveryTopicOfTheConfigurationOnceAndReportsThemAfterwards() throws IOException {
    Path ownTopics = dir.resolve("own-topics.properties");
    Files.writeString(ownTopics, "bootstrap.servers=" + bootstrapServers + "\nenrich.input.topic=orders\n"
        + "enrich.output.topic=orders-enriched\nenrich.dead.letter.topic=orders-dead\nenrich.moderation.topic=orders-flagged\n");
    List<String> first = CliRun.run("topics", "--config", ownTopics.toString(), "--partitions", "3");
    assertEquals(List.of("orders: created, 3 partition(s)", "orders-dead: created, 3 partition(s)",
        "orders-enriched: created, 3 partition(s)", "orders-flagged: created, 3 partition(s)"), first);
    List<String> again = CliRun.run("topics", "--config", ownTopics.toString(), "--partitions", "1");
    assertEquals(4, again.size());
    again.forEach(l -> assertTrue(l.endsWith(": exists, 3 partition(s), left as it is"), l));
  }

  @Test
  void tailStartsFromTheBeginningAnOffsetOrTheEnd() throws Exception {
    Path topicConfig = dir.resolve("positions.properties");
    Files.writeString(topicConfig, "bootstrap.servers=" + bootstrapServers + "\nenrich.input.topic=positions-in\n"
        + "enrich.output.topic=positions-out\nenrich.dead.letter.topic=positions-dead\nenrich.moderation.topic=\n");
    CliRun.run("topics", "--config", topicConfig.toString(), "--partitions", "1");
    Path lines = dir.resolve("lines.txt");
    Files.writeString(lines, "first\nsecond\nthird\n");
    assertEquals(List.of("produced 3 record(s) to positions-in"),
        CliRun.run("produce", "--config", topicConfig.toString(), "--topic", "positions-in", "--input", lines.toString()));

    assertEquals(List.of("first", "second"), values("tail", "--config", topicConfig.toString(), "--topic", "positions-in",
        "--max-records", "2", "--idle-timeout", "60"));
    assertEquals(List.of("second", "third"), values("tail", "--config", topicConfig.toString(), "--topic", "positions-in",
        "--offset", "1", "--max-records", "2", "--idle-timeout", "60"));
    assertEquals(List.of("third"), values("tail", "--config", topicConfig.toString(), "--topic", "positions-in",
        "--offset", "-1", "--max-records", "1", "--idle-timeout", "60"));

    CompletableFuture<List<String>> live = CompletableFuture.supplyAsync(() -> values("tail", "-b", bootstrapServers,
        "--topic", "positions-in", "--from-end", "--max-records", "1", "--idle-timeout", "120"));
    Path late = dir.resolve("late.txt");
    Files.writeString(late, "late\n");
    // The tail positions itself at the end at some moment after it starts; what it prints is a record sent after that.
    while (!live.isDone()) {
      CliRun.run("produce", "-b", bootstrapServers, "--topic", "positions-in", "--input", late.toString());
    }
    assertEquals(List.of("late"), live.get());
  }

  @Test
  void produceTakesClientSettingsFromXAndFailsNamingTheRecordsNotDelivered() throws IOException {
    CliRun.run("topics", "--config", config.toString(), "--partitions", "1");
    Path big = dir.resolve("big.txt");
    Files.writeString(big, "x".repeat(300) + "\n");
    CliRun.Outcome tooLarge = CliRun.attempt("produce", "--config", config.toString(), "-X", "max.request.size=200",
        "--topic", "raw-text", "--input", big.toString());
    assertEquals(1, tooLarge.exit(), tooLarge.toString());
    assertTrue(tooLarge.err().contains("1 of 1 record(s) not delivered to raw-text") && tooLarge.err().contains("max.request.size"),
        tooLarge.err());
    assertFalse(tooLarge.out().contains("produced"), tooLarge.out());

    CliRun.Outcome unknownKey = CliRun.attempt("produce", "--config", config.toString(), "-X", "max.request.sise=200",
        "--topic", "raw-text", "--input", big.toString());
    assertEquals(2, unknownKey.exit(), unknownKey.toString());
    assertTrue(unknownKey.err().contains("max.request.sise is not a Kafka producer client setting"), unknownKey.err());
  }

  @Test
  void produceToAMissingTopicFailsNamingItAndTheCommandThatCreatesIt() throws IOException {
    Path line = dir.resolve("one.txt");
    Files.writeString(line, "{\"id\":\"1\",\"text\":\"hello\"}\n");
    CliRun.Outcome missing = CliRun.attempt("produce", "--config", config.toString(), "--topic", "no-such-topic",
        "--input", line.toString());
    assertEquals(1, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("Topic no-such-topic does not exist on " + bootstrapServers)
        && missing.err().contains("bin/enrich topics --config FILE"), missing.err());
    CliRun.Outcome tail = CliRun.attempt("tail", "-b", bootstrapServers, "--topic", "no-such-topic");
    assertEquals(1, tail.exit(), tail.toString());
    assertTrue(tail.err().contains("Topic no-such-topic does not exist"), tail.err());
  }

  @Test
  void produceToAnUnreachableClusterFailsWithinItsTimeoutNamingIt() throws IOException {
    Path line = dir.resolve("hi.txt");
    Files.writeString(line, "hi\n");
    String closed = "localhost:" + freePort();
    CliRun.Outcome outcome = CliRun.attempt("produce", "-b", closed, "--topic", "raw-text", "--input", line.toString());
    assertEquals(1, outcome.exit(), outcome.toString());
    assertTrue(outcome.err().contains("Cannot reach Kafka at " + closed + " within 15 s"), outcome.err());
    assertFalse(outcome.out().contains("produced"), outcome.out());
  }

  private static List<String> values(String... args) {
    List<String> values = new ArrayList<>();
    for (String line : CliRun.run(args)) {
      try {
        values.add(RecordJson.MAPPER.readTree(line).at("/value").asText());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }
    return values;
  }

  private String log() {
    try {
      return Files.readString(brokerLog);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
