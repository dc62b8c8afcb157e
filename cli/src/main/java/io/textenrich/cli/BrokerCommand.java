package io.textenrich.cli;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", description = {
    "Run a local single-node Kafka broker (KRaft, plaintext) in the foreground until Ctrl-C or SIGTERM.",
    "Prints bootstrap.servers=localhost:PORT once clients can connect. Runs in the background too (bin/enrich broker &):"
        + " it does not read standard input.",
    "For development and trying the service; topics are not created (bin/enrich topics --config FILE does that)."})
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", paramLabel = "PORT", description = "Client port (default: ${DEFAULT-VALUE}).")
  int port = 9092;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the broker keeps its topics, kept across restarts (default: a temporary directory deleted at stop).")
  Path dataDir;

  @Option(names = "--start-timeout", paramLabel = "SECONDS", description = "Give up starting after this long (default: ${DEFAULT-VALUE}).")
  long startTimeoutSeconds = 120;

  private final PrintStream out;

  BrokerCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be 1..65535, got " + port);
    }
    // In this JVM: the broker stops with it, by the shutdown hook KafkaBroker registers (Ctrl-C, SIGTERM).
    BrokerOptions options = new BrokerOptions(BrokerOptions.Mode.IN_PROCESS, port, dataDir, Duration.ofSeconds(startTimeoutSeconds), null);
    KafkaBroker broker;
    try {
      broker = KafkaBroker.start(options);
    } catch (RuntimeException e) {
      throw new CommandFailure("The Kafka broker did not start on port " + port + ": " + KafkaCluster.causeOf(e)
          + " (is another broker running there? --port picks another)");
    }
    out.println("bootstrap.servers=" + broker.bootstrapServers());
    out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
