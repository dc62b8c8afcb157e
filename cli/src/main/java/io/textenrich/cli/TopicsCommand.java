package io.textenrich.cli;

import io.textenrich.topology.config.ServiceConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topics", description = {
    "Create every topic the service's configuration names: input, output, dead-letter and, when routing is on, moderation.",
    "Topics that exist already are reported and left as they are, so it can run before every start.",
    "New topics get --partitions partitions, the cluster's default replication factor and cleanup.policy=delete."})
final class TopicsCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions of each new topic: the most instances (times stream threads) that share the work (default: ${DEFAULT-VALUE}).")
  int partitions = 4;

  private final PrintStream out;

  TopicsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    if (kafka.config == null) {
      throw new IllegalArgumentException("--config FILE is required: the service's properties file, whose topics are created");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
    }
    ServiceConfig config = ConfigFile.load(kafka.config);
    try (KafkaCluster cluster = KafkaCluster.connect(kafka.clientSettings("admin", AdminClientConfig.configNames()))) {
      Map<String, String> outcome = cluster.createTopics(config.topics(), partitions);
      outcome.forEach((topic, what) -> out.println(topic + ": " + what));
    }
    return 0;
  }
}
