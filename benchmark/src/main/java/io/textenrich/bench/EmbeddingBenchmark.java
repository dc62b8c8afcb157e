package io.textenrich.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.TempDirectory;
import io.textenrich.model.BuiltinModel;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The embedding benchmark: one run, one machine, one model (all-MiniLM-L6-v2 int8), the same
 * texts of mixed length for every phase, so that the figures are ratios measured side by side.
 */
public final class EmbeddingBenchmark {

  /** What to run. */
  /**
   * @param intraOpThreads ONNX Runtime threads per operator, as {@code enrich.model.intra.op.threads}
   * @param engineParallelism model calls at once, as {@code enrich.engine.parallelism}: for the
   *     grouped raw phases and the end-to-end runs
   */
  public record Options(int records, int batchSize, String device, String stateStore, int[] sweep, int intraOpThreads,
      int engineParallelism) {}

  private static final int ROUNDS = 3;

  private final Options options;
  private final PrintStream out;

  public EmbeddingBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every phase and returns the figures, keyed as the JSON output names them. */
  public BenchResult run() throws Exception {
    List<String> texts = BenchTexts.generate(options.records(), 42);
    BenchResult result = new BenchResult();
    String model = BuiltinModel.ALL_MINILM_L6_V2_Q.id();
    try (SentenceEmbedder embedder = SentenceEmbedder.open(EmbedderSettings.of(model)
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.parse(options.device()))
            .withIntraOpThreads(options.intraOpThreads())))) {
      int[] tokens = texts.stream().mapToInt(embedder::countTokens).toArray();
      result.put("records", texts.size());
      result.put("model", model);
      result.put("device", embedder.device());
      result.put("state_store", options.stateStore());
      result.put("intra_op_threads", options.intraOpThreads());
      result.put("engine_parallelism", options.engineParallelism());
      result.put("tokens_min", Arrays.stream(tokens).min().orElse(0));
      result.put("tokens_max", Arrays.stream(tokens).max().orElse(0));
      result.put("tokens_mean", Arrays.stream(tokens).average().orElse(0));
      progress("warming up the model");
      embedder.embed(texts.subList(0, Math.min(64, texts.size())));

      // The in-process phases run interleaved, ROUNDS times, and each reports its median: a noisy
      // neighbour then slows every phase alike instead of whichever ran at the wrong moment.
      HeadSet heads = HeadSet.load(HeadSet.BUILTIN, model);
      List<Phase> ungroupedRuns = new ArrayList<>();
      List<Phase> groupedRuns = new ArrayList<>();
      List<Phase> headRuns = new ArrayList<>();
      List<Double> referenceRuns = new ArrayList<>();
      AllMiniLmL6V2QuantizedEmbeddingModel referenceModel = new AllMiniLmL6V2QuantizedEmbeddingModel();
      for (int round = 1; round <= ROUNDS; round++) {
        progress("round " + round + "/" + ROUNDS + ": raw ONNX Runtime, batches of " + options.batchSize()
            + " in arrival order (no length grouping)");
        ungroupedRuns.add(rawBatches(embedder, texts, tokens, false));
        progress("round " + round + "/" + ROUNDS + ": raw ONNX Runtime, batches of " + options.batchSize() + " grouped by token length");
        groupedRuns.add(rawBatches(embedder, texts, tokens, true));
        progress("round " + round + "/" + ROUNDS + ": the same, plus the sentiment and moderation heads on the vectors");
        headRuns.add(engineBatches(embedder, texts, tokens, options.batchSize(), options.engineParallelism(), heads));
        progress("round " + round + "/" + ROUNDS + ": reference embedder (langchain4j, same model files), embedAll");
        referenceRuns.add(referenceThroughput(referenceModel, texts));
      }
      Phase ungrouped = median(ungroupedRuns);
      Phase grouped = median(groupedRuns);
      Phase withHeads = median(headRuns);
      double reference = referenceRuns.stream().sorted().toList().get(ROUNDS / 2);

      result.put("rounds", ROUNDS);
      result.put("raw_ungrouped_records_per_s", ungrouped.recordsPerSecond());
      result.put("raw_grouped_records_per_s", grouped.recordsPerSecond());
      result.put("raw_grouped_with_heads_records_per_s", withHeads.recordsPerSecond());
      result.put("heads_cost_share", 1 - withHeads.recordsPerSecond() / grouped.recordsPerSecond());
      result.put("padding_share_ungrouped", ungrouped.paddingShare());
      result.put("padding_share_grouped", grouped.paddingShare());
      result.put("reference_records_per_s", reference);
      result.put("speedup_vs_reference", grouped.recordsPerSecond() / reference);

      progress("starting a Kafka broker for the end-to-end runs");
      try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
        broker.createTopics(2, "bench-in");
        produce(broker.bootstrapServers(), texts);
        // Alternated twice, best of each kept: both sides get the same chances against noise.
        double off = 0;
        double on = 0;
        for (int round = 1; round <= 2; round++) {
          progress("round " + round + "/2: end to end through Kafka, batching off (one event per model call)");
          off = Math.max(off, endToEnd(broker, embedder, texts.size(), 1));
          progress("round " + round + "/2: end to end through Kafka, batching on (up to " + options.batchSize() + " events per call)");
          on = Math.max(on, endToEnd(broker, embedder, texts.size(), options.batchSize()));
        }
        result.put("e2e_batching_off_records_per_s", off);
        result.put("e2e_batching_on_records_per_s", on);
        result.put("batching_speedup", on / off);
        result.put("pipeline_efficiency", on / grouped.recordsPerSecond());
      }

      List<Map<String, Object>> sweep = new ArrayList<>();
      for (int size : options.sweep()) {
        progress("sweep: batches of " + size);
        Phase phase = engineBatches(embedder, texts.subList(0, Math.min(texts.size(), Math.max(256, size * 4))), tokens, size,
            options.engineParallelism(), null);
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("batch_size", size);
        point.put("records_per_s", phase.recordsPerSecond());
        point.put("latency_p50_ms", phase.latencyMs(0.50));
        point.put("latency_p95_ms", phase.latencyMs(0.95));
        point.put("latency_p99_ms", phase.latencyMs(0.99));
        sweep.add(point);
      }
      result.put("sweep", sweep);
    }
    return result;
  }

  /** One phase's records, time, padding and per-batch latencies. */
  private record Phase(int records, double seconds, long realTokens, long paddedTokens, double[] batchLatenciesMs) {

    double recordsPerSecond() {
      return records / seconds;
    }

    double paddingShare() {
      return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }

    double latencyMs(double q) {
      double[] sorted = batchLatenciesMs.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
  }

  private Phase rawBatches(SentenceEmbedder embedder, List<String> texts, int[] tokens, boolean grouped) throws Exception {
    if (grouped) {
      return engineBatches(embedder, texts, tokens, options.batchSize(), options.engineParallelism(), null);
    }
    long real = 0;
    long padded = 0;
    List<Double> latencies = new ArrayList<>();
    Stopwatch watch = Stopwatch.start();
    for (int start = 0; start < texts.size(); start += options.batchSize()) {
      long t = System.nanoTime();
      EmbeddingBatch batch = embedder.embed(texts.subList(start, Math.min(texts.size(), start + options.batchSize())));
      latencies.add((System.nanoTime() - t) / 1e6);
      real += Arrays.stream(batch.tokenCounts()).sum();
      padded += (long) batch.paddedLength() * batch.size();
    }
    return new Phase(texts.size(), watch.seconds(), real, padded, latencies.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Batches of {@code size} through the shared engine, as the service's flushes use it; with
   * {@code heads}, each batch's vectors are also classified, as the service does.
   */
  private static Phase engineBatches(SentenceEmbedder embedder, List<String> texts, int[] tokens, int size, int parallelism,
      HeadSet heads) throws Exception {
    EmbeddingEngine.Settings settings = EmbeddingEngine.Settings.defaults().withMaxCallRecords(size).withParallelism(parallelism);
    try (EmbeddingEngine engine = new EmbeddingEngine(embedder, settings)) {
      List<Double> latencies = new ArrayList<>();
      Stopwatch watch = Stopwatch.start();
      for (int start = 0; start < texts.size(); start += size) {
        int end = Math.min(texts.size(), start + size);
        long t = System.nanoTime();
        List<EmbeddingEngine.Embedded> embedded = engine.submit(texts.subList(start, end), Arrays.copyOfRange(tokens, start, end),
            Duration.ofMinutes(1)).get(5, TimeUnit.MINUTES);
        if (heads != null) {
          heads.classify(embedded.stream().map(EmbeddingEngine.Embedded::vector).toList(), embedder.modelName(),
              embedder.modelVersion());
        }
        latencies.add((System.nanoTime() - t) / 1e6);
      }
      double seconds = watch.seconds();
      EmbeddingEngine.Stats stats = engine.stats();
      return new Phase(texts.size(), seconds, stats.realTokens(), stats.paddedTokens(),
          latencies.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  private static Phase median(List<Phase> runs) {
    return runs.stream().sorted(java.util.Comparator.comparingDouble(Phase::recordsPerSecond)).toList().get(runs.size() / 2);
  }

  private static double referenceThroughput(AllMiniLmL6V2QuantizedEmbeddingModel reference, List<String> texts) {
    reference.embedAll(texts.subList(0, Math.min(64, texts.size())).stream().map(TextSegment::from).toList());
    Stopwatch watch = Stopwatch.start();
    reference.embedAll(texts.stream().map(TextSegment::from).toList());
    return texts.size() / watch.seconds();
  }

  private static void produce(String bootstrap, List<String> texts) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < texts.size(); i++) {
        producer.send(new ProducerRecord<>("bench-in", ("b" + i).getBytes(StandardCharsets.UTF_8), texts.get(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /**
   * Drains the pre-filled input topic through the service and returns events per second, from the
   * moment Kafka Streams runs to the processed time of the last enriched event.
   */
  private double endToEnd(KafkaBroker broker, SentenceEmbedder embedder, int expected, int batchSize) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String output = "bench-out-" + run;
    broker.createTopics(2, output, "bench-dead-" + run, "bench-moderation-" + run);
    TempDirectory stateDir = TempDirectory.create("bench-state");
    ServiceConfig config = ServiceConfig.fromMap(Map.ofEntries(
        Map.entry("bootstrap.servers", broker.bootstrapServers()),
        Map.entry("application.id", "bench-" + run),
        Map.entry("state.dir", stateDir.path().toString()),
        Map.entry("num.stream.threads", "2"),
        Map.entry("enrich.input.topic", "bench-in"),
        Map.entry("enrich.output.topic", output),
        Map.entry("enrich.dead.letter.topic", "bench-dead-" + run),
        Map.entry("enrich.batch.max.records", Integer.toString(batchSize)),
        Map.entry("enrich.state.store", options.stateStore()),
        Map.entry("enrich.engine.parallelism", Integer.toString(options.engineParallelism())),
        Map.entry("enrich.moderation.topic", "bench-moderation-" + run),
        Map.entry("enrich.http.port", "0")));
    long startMs;
    long lastProcessedMs = 0;
    try (EnrichmentService service = EnrichmentService.start(config, embedder)) {
      service.awaitRunning(Duration.ofSeconds(60));
      startMs = System.currentTimeMillis();
      Map<String, Long> processed = new HashMap<>();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + run,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(output));
        AvroSerde<EnrichedText> serde = AvroSerde.enrichedText();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int reported = 0;
        while (processed.size() < expected && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            EnrichedText value = serde.deserialize(output, record.value());
            processed.put(value.getId(), value.getProcessedTime().toEpochMilli());
          }
          if (processed.size() - reported >= expected / 10) {
            reported = processed.size();
            progress("  " + reported + "/" + expected + " enriched");
          }
        }
      }
      if (processed.size() < expected) {
        throw new IllegalStateException("only " + processed.size() + " of " + expected + " events came out within 10 minutes");
      }
      lastProcessedMs = processed.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    } finally {
      stateDir.close();
    }
    return expected / ((lastProcessedMs - startMs) / 1000.0);
  }

  private void progress(String message) {
    out.println("bench: " + message);
  }
}
