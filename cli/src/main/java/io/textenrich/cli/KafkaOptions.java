package io.textenrich.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that talk to a Kafka cluster. */
final class KafkaOptions {

  @Option(names = {"-b", "--bootstrap-server"}, paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers = "localhost:9092";
}
