package io.textenrich.cli;

import io.textenrich.devkit.ApicurioRegistry;
import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.TempDirectory;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.throughput.ThroughputReport;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {
    "Start a local Kafka broker, run the service on it, send sample events (English, Chinese, invalid ones) and show what"
        + " comes out.",
    "Exits non-zero if any event is unaccounted for."})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--model", description = "Embedding model: built-in id or directory (default: ${DEFAULT-VALUE}).")
  String model = EmbedderSettings.DEFAULT_MODEL;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  @Option(names = "--completions", negatable = true, defaultValue = "true",
      description = "Complete every event with the built-in fortune-gpt demo model (default: on; --no-completions turns it off).")
  boolean completions;

  @Option(names = "--partitions", description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
  int partitions = 3;

  @Option(names = "--schema-registry", description = {
      "Also start a local schema registry (Apicurio Registry, Confluent-compatible API) and run the service with it:",
      "outputs in the registry's wire format, plus one registry-framed input event."})
  boolean schemaRegistry;

  @Option(names = "--registry-distribution", paramLabel = "DIR", defaultValue = "${sys:" + ApicurioRegistry.DISTRIBUTION_PROPERTY + "}",
      description = "The unpacked Apicurio Registry for --schema-registry (default: what bin/enrich unpacks, ${DEFAULT-VALUE}).")
  Path registryDistribution;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting for outputs after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 120;

  private final PrintStream out;

  DemoCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    out.println("demo: starting a Kafka broker (KRaft mode, child process)...");
    ApicurioRegistry registry = null;
    try (TempDirectory stateDir = TempDirectory.create("enrich-demo-state");
        KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      Map<String, String> settings = new HashMap<>(Map.of(
          "bootstrap.servers", broker.bootstrapServers(),
          "application.id", "enrich-demo",
          "state.dir", stateDir.path().toString(),
          "enrich.embedding.model", model,
          "enrich.model.device", device,
          "enrich.http.port", "0",
          "enrich.completion.mode", completions ? "all" : "none",
          "enrich.completion.max.new.tokens", "24",
          "enrich.completion.min.new.tokens", "8"));
      if (schemaRegistry) {
        if (registryDistribution == null) {
          throw new IllegalArgumentException("--schema-registry needs --registry-distribution DIR (bin/enrich sets it)");
        }
        out.println("demo: starting a schema registry (Apicurio Registry, child process)...");
        registry = ApicurioRegistry.start(registryDistribution, Duration.ofMinutes(3));
        settings.put("enrich.schema.registry.url", registry.confluentApiUrl());
        out.println("demo: schema registry at " + registry.confluentApiUrl());
      }
      ServiceConfig config = ServiceConfig.fromMap(settings);
      broker.createTopics(partitions, config.topics().toArray(String[]::new));
      out.printf("demo: broker at %s; topics %s -> %s, moderation %s, dead letters %s (%d partitions each)%n",
          broker.bootstrapServers(), config.inputTopic(), config.outputTopic(), config.classification().moderationTopic(),
          config.deadLetterTopic(), partitions);

      List<SampleEvents.Sample> samples = new ArrayList<>(SampleEvents.all(config.maxTextBytes()));
      Deserializer<EnrichedText> outputFormat = AvroSerde.enrichedText();
      if (registry != null) {
        SchemaRegistryClient client = new SchemaRegistryClient(URI.create(registry.confluentApiUrl()), null, Duration.ofSeconds(10));
        samples.add(SampleEvents.registryFramed(RegistryAvroSerde.of(TextEvent.class, client, SubjectNameStrategy.TOPIC, true),
            config.inputTopic()));
        outputFormat = RegistryAvroSerde.of(EnrichedText.class, client, SubjectNameStrategy.TOPIC, false);
      }
      DemoTally tally = new DemoTally(samples);
      long processingNanos;
      ThroughputReport throughput;
      out.println("demo: loading model " + model + " and starting the service...");
      try (EnrichmentService service = EnrichmentService.start(config)) {
        service.awaitRunning(Duration.ofSeconds(60));
        out.printf("demo: service running; try curl http://127.0.0.1:%d/throughput (also /metrics, /health, /ready)%n",
            service.httpPort());
        long sent = System.nanoTime();
        produce(broker.bootstrapServers(), config.inputTopic(), samples);
        out.printf("demo: sent %d events (%d valid, %d invalid); waiting for the outputs...%n", samples.size(),
            samples.stream().filter(SampleEvents.Sample::valid).count(), samples.stream().filter(s -> !s.valid()).count());
        collect(broker.bootstrapServers(), config, tally, outputFormat);
        processingNanos = System.nanoTime() - sent;
        throughput = service.throughput("1s", 300);
      }
      DemoReport.print(out, tally);
      DemoReport.printThroughput(out, throughput);
      List<String> problems = tally.problems();
      problems.forEach(p -> out.println("demo: PROBLEM: " + p));
      double seconds = processingNanos / 1e9;
      out.printf(Locale.ROOT, "demo: %d events through Kafka in %.2f s (%.1f events/s); whole demo %.1f s%n",
          tally.accounted(), seconds, tally.accounted() / seconds, (System.nanoTime() - started) / 1e9);
      out.printf("demo: in=%d enriched=%d dead_letter=%d moderation=%d%n", samples.size(), tally.enriched().size(),
          tally.deadLetters().size(), tally.moderated().size());
      return problems.isEmpty() ? 0 : 1;
    } finally {
      if (registry != null) {
        registry.close();
      }
    }
  }

  private static void produce(String bootstrap, String topic, List<SampleEvents.Sample> samples) {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (SampleEvents.Sample sample : samples) {
        producer.send(new ProducerRecord<>(topic, sample.key().getBytes(StandardCharsets.UTF_8), sample.value()));
      }
      producer.flush();
    }
  }

  private void collect(String bootstrap, ServiceConfig config, DemoTally tally, Deserializer<EnrichedText> outputFormat) {
    Map<String, Object> consumerConfig = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "enrich-demo-reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    boolean framingShown = false;
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    int reported = -1;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      String moderation = config.classification().moderationTopic();
      consumer.subscribe(List.of(config.outputTopic(), config.deadLetterTopic(), moderation));
      while (!tally.complete() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          String key = record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
          if (record.topic().equals(config.outputTopic())) {
            tally.enriched(key, outputFormat.deserialize(record.topic(), record.value()));
            if (!framingShown && RegistryWireFormat.hasMagicByte(record.value())) {
              framingShown = true;
              out.printf("demo: %s records are in the registry's wire format: magic byte 0, then schema id %d (subject %s-value)%n",
                  record.topic(), RegistryWireFormat.schemaId(record.value()), record.topic());
            }
          } else if (record.topic().equals(moderation)) {
            tally.moderated(key);
          } else {
            tally.deadLetter(key, new DemoTally.DeadLetter(header(record, "enrich.error.reason"), header(record, "enrich.error.message")));
          }
        }
        if (tally.accounted() != reported) {
          reported = tally.accounted();
          out.printf("demo: %d/%d events accounted for (enriched %d, dead-letter %d)%n", reported, tally.expected(),
              tally.enriched().size(), tally.deadLetters().size());
        }
      }
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
