package io.textenrich.cli;

import io.textenrich.schemas.registry.SchemaRegistryClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tail", description = {
    "Print a topic's records as JSON lines: Avro records decoded, other values in an envelope with headers.",
    "Avro in single-object encoding (C3 01) is decoded with the project's schemas; Avro in a schema registry's"
        + " wire format (00, schema id) with the writer schema fetched from --schema-registry.",
    "Reads committed records only, from the beginning (or --from-end, --offset N), without joining a consumer group."})
final class TailCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--topic", required = true, description = "Topic to read.")
  String topic;

  @ArgGroup(exclusive = true)
  Start start = new Start();

  /** Where reading starts in every partition. */
  static final class Start {
    @Option(names = "--from-end", description = "Only records written after the start, as a live tail.")
    boolean fromEnd;

    @Option(names = "--offset", paramLabel = "N",
        description = "From offset N of every partition; a negative N: from -N offsets before the end of every partition.")
    Long offset;
  }

  @Option(names = "--max-records", paramLabel = "N", description = "Stop after N records (default: no limit).")
  long maxRecords = Long.MAX_VALUE;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Stop when nothing arrives for this long (default: never).")
  long idleSeconds = 0;

  @Option(names = "--schema-registry", paramLabel = "URL",
      description = "Schema registry for values in its wire format; without it they are shown undecoded with their schema id.")
  URI schemaRegistry;

  @Option(names = "--schema-registry-user-info", paramLabel = "USER:PASSWORD", description = "HTTP basic auth for the schema registry.")
  String schemaRegistryUserInfo;

  private final PrintStream out;

  TailCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    Map<String, Object> config = kafka.clientSettings("consumer", ConsumerConfig.configNames());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaCluster.TIMEOUT.toMillis());
    List<TopicPartition> partitions;
    try (KafkaCluster cluster = KafkaCluster.connect(config)) {
      partitions = cluster.requireTopic(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
    }
    ValueRenderer renderer = new ValueRenderer(schemaRegistry == null ? null
        : new SchemaRegistryClient(schemaRegistry, schemaRegistryUserInfo, Duration.ofSeconds(10)));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      seek(consumer, partitions);
      long printed = 0;
      long idleSince = System.nanoTime();
      while (printed < maxRecords) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          if (idleSeconds > 0 && System.nanoTime() - idleSince > Duration.ofSeconds(idleSeconds).toNanos()) {
            break;
          }
          continue;
        }
        idleSince = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          out.println(renderer.render(record));
          if (++printed >= maxRecords) {
            break;
          }
        }
      }
    }
    return 0;
  }

  private void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    if (start.fromEnd) {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fixes the position now, not at the first poll
    } else if (start.offset == null) {
      consumer.seekToBeginning(partitions);
    } else if (start.offset >= 0) {
      partitions.forEach(p -> consumer.seek(p, start.offset));
    } else {
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
      consumer.endOffsets(partitions).forEach((p, end) -> consumer.seek(p, Math.max(beginning.get(p), end + start.offset)));
    }
  }
}
