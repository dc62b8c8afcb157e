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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "produce", description = {
    "Send lines to a topic, one record per line, value verbatim (JSON events or plain text).",
    "A line that is a JSON object with an \"id\" gets that id as its key."})
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
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    long sent = 0;
    try (BufferedReader reader = input != null
            ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        producer.send(new ProducerRecord<>(topic, keyOf(line), line.getBytes(StandardCharsets.UTF_8)));
        sent++;
      }
      producer.flush();
    }
    out.println("produced " + sent + " record(s) to " + topic);
    return 0;
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
