package io.textenrich.topology;

import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.TextEncoder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.InputDecoder;
import io.textenrich.topology.metrics.ServiceMetrics;
import io.textenrich.topology.output.WireFormats;
import io.textenrich.topology.stage.BatchLimits;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.stage.completion.CompletionBackend;
import io.textenrich.topology.stage.encoder.EncoderBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The service's topology in a {@link TopologyTestDriver} on fake backends: no model and no engine
 * thread, so what a test sees depends only on what it sends, the backends' answers and the
 * driver's wall clock.
 */
final class FakeTopology implements AutoCloseable {

  final ServiceConfig config;
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> input;
  final TestOutputTopic<byte[], EnrichedText> enriched;
  final TestOutputTopic<byte[], EnrichedText> moderation;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  /** The metrics read the embedding engine's figures; this one never runs a call. */
  private final EmbeddingEngine idleEngine;

  FakeTopology(Map<String, String> settings, EncoderBackend encoder, CompletionBackend completions) {
    config = ServiceConfig.fromMap(settings);
    idleEngine = new EmbeddingEngine(new TextEncoder() {
      @Override
      public EmbeddingBatch embed(List<String> texts) {
        throw new UnsupportedOperationException("the fake encoder stands in for the engine");
      }

      @Override
      public String modelName() {
        return "unused";
      }
    }, EmbeddingEngine.Settings.defaults().withMeasuredCallSize(false));
    BatchLimits limits = new BatchLimits(config.batch(), System::currentTimeMillis);
    WireFormats formats = WireFormats.open(config);
    StageContext context = new StageContext(config.batch(), limits, config.stages(),
        new InputDecoder(config.maxTextBytes(), formats.registryInput()),
        new ServiceMetrics(encoder.modelName(), idleEngine, limits::maxRecords, limits::maxDelayMs), config.instanceId());
    driver = new TopologyTestDriver(EnrichmentTopology.build(config, new Stages(context, encoder, completions, formats.output())),
        config.streamsProperties(), Instant.parse("2026-01-01T00:00:00Z"));
    input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    enriched = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText());
    moderation = driver.createOutputTopic(config.classification().moderationTopic(), new ByteArrayDeserializer(),
        AvroSerde.enrichedText());
    deadLetters = driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static byte[] json(String id, String text) {
    return ("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  void send(String key, String id, String text) {
    input.pipeInput(key.getBytes(StandardCharsets.UTF_8), json(id, text));
  }

  /** A round of the stream thread's loop: the stages' punctuation collects what the backends finished. */
  void tick() {
    driver.advanceWallClockTime(Duration.ofSeconds(1));
  }

  int buffered(String store) {
    return (int) driver.getKeyValueStore(store).approximateNumEntries();
  }

  List<String> enrichedIds() {
    return enriched.readValuesToList().stream().map(EnrichedText::getId).toList();
  }

  @Override
  public void close() {
    driver.close();
    idleEngine.close();
  }
}
