package io.textenrich.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "produce", description = {
    "Send lines to a topic, one record per line, value verbatim (JSON events or plain text).",
    "A line that is a JSON object with an \"id\" gets that id as its key.",
    "Exits 0 only when every record was acknowledged; otherwise 1, naming the cause (an unreachable cluster or a missing"
        + " topic within " + KafkaCluster.TIMEOUT_SECONDS + " s)."})
final class ProduceCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--topic", required = true, description = "Topic to write to.")
  String topic;

  @Option(names = "--input", paramLabel = "FILE", description = "Read lines from FILE instead of standard input.")
  Path input;

  private final PrintStream out;

  ProduceCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Object> config = kafka.clientSettings("producer", ProducerConfig.configNames());
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A record that cannot be delivered fails within the cluster timeout instead of Kafka's two minutes.
    long timeoutMs = KafkaCluster.TIMEOUT.toMillis();
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeoutMs * 2 / 3));
    long requestMs = Long.parseLong(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG).toString());
    long lingerMs = Long.parseLong(config.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "5").toString());
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMs, requestMs + lingerMs));
    try (KafkaCluster cluster = KafkaCluster.connect(config)) {
      cluster.requireTopic(topic);
    }
    Deliveries deliveries = new Deliveries();
    try (BufferedReader reader = input != null
            ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        deliveries.sent++;
        producer.send(new ProducerRecord<>(topic, keyOf(line), line.getBytes(StandardCharsets.UTF_8)), deliveries);
      }
      producer.flush();
    }
    if (deliveries.failed.get() > 0) {
      throw new CommandFailure(deliveries.failed.get() + " of " + deliveries.sent + " record(s) not delivered to " + topic
          + ": " + KafkaCluster.causeOf(deliveries.firstError.get()));
    }
    out.println("produced " + deliveries.sent + " record(s) to " + topic);
    return 0;
  }

  /** Counts the records the cluster did not acknowledge, and keeps the first reason. */
  private static final class Deliveries implements Callback {
    long sent;
    final AtomicLong failed = new AtomicLong();
    final AtomicReference<Exception> firstError = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error != null) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, error);
      }
    }
  }

  private static byte[] keyOf(String line) {
    if (!line.stripLeading().startsWith("{")) {
      return null;
    }
    try {
      JsonNode id = RecordJson.MAPPER.readTree(line).get("id");
      return id == null || id.isNull() ? null : id.asText().getBytes(StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return null; // not JSON after all: sent unkeyed, the service dead-letters it
    }
  }
}
