package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.fail;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.TextEncoder;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.metrics.ServiceMetrics;
import io.textenrich.topology.input.InputDecoder;
import io.textenrich.topology.output.WireFormats;
import io.textenrich.topology.stage.BatchLimits;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.stage.completion.CompletionSpec;
import io.textenrich.topology.stage.completion.CompletionStage;
import io.textenrich.topology.stage.encoder.ClassificationStage;
import io.textenrich.topology.stage.encoder.EncoderSpec;
import io.textenrich.topology.stage.encoder.EncoderStage;
import io.textenrich.topology.stage.encoder.Labeler;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** Builds the shared parts of the stages for topology tests, around real models. */
final class TestStages {

  private static final SessionSettings CPU = SessionSettings.defaults().withDevice(ExecutionDevice.CPU);
  private static SentenceEmbedder embedder;

  private TestStages() {}

  /** The default model on CPU, loaded once for all tests of this JVM. */
  static synchronized SentenceEmbedder embedder() {
    if (embedder == null) {
      embedder = SentenceEmbedder.open(EmbedderSettings.of(EmbedderSettings.DEFAULT_MODEL).withSession(CPU));
    }
    return embedder;
  }

  static Stages shared(ServiceConfig config, SentenceEmbedder embedder) {
    return shared(config, embedder, embedder, UnaryOperator.identity());
  }

  /**
   * @param model stands in for the embedder in the engine, e.g. to inject failures
   * @param labels wraps the configured labeler, e.g. to inject failures
   */
  static Stages shared(ServiceConfig config, SentenceEmbedder embedder, TextEncoder model, UnaryOperator<Labeler> labels) {
    // Calls up to the device default's bound, unmeasured: the calibration is the engine's to test
    // (EmbeddingEngineTest), and a second of model calls per test would only slow these down.
    EmbeddingEngine engine = new EmbeddingEngine(model,
        config.batch().engineSettings(config.batch().tuning("cpu", config.embedder().session().intraOpThreads()))
            .withMeasuredCallSize(false));
    BatchLimits limits = new BatchLimits(config.batch(), System::currentTimeMillis);
    ClassificationStage classification = ClassificationStage.open(config.classification(), embedder, CPU);
    CompletionStage completion = CompletionStage.open(config.completion(), CPU, 1024, engine::busy);
    WireFormats formats = WireFormats.open(config);
    StageContext context = new StageContext(config.batch(), limits, config.stages(),
        new InputDecoder(config.maxTextBytes(), formats.registryInput()),
        new ServiceMetrics(embedder.modelName(), engine, limits::maxRecords, limits::maxDelayMs),
        config.instanceId());
    return new Stages(context, new EncoderStage(embedder, engine, model, labels.apply(classification), 2), completion, formats.output());
  }

  /**
   * Lets the driver's wall clock run, in steps, while the stages' engines work on real threads,
   * until both stage buffers are empty: every event has then gone to its output. This waits for
   * work to finish; it asserts nothing about how long that takes (the limit only ends a hung test).
   */
  static void settle(TopologyTestDriver driver) {
    settle(driver, EncoderSpec.BUFFER_STORE, CompletionSpec.BUFFER_STORE);
  }

  /**
   * As {@link #settle(TopologyTestDriver)}, until the encoder stage's buffer alone is empty: every event has then left
   * the encoder stage, for the completion stage or its output, while completions may still run.
   */
  static void settleEncoder(TopologyTestDriver driver) {
    settle(driver, EncoderSpec.BUFFER_STORE);
  }

  private static void settle(TopologyTestDriver driver, String... stores) {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < giveUp) {
      driver.advanceWallClockTime(Duration.ofMillis(100));
      if (Arrays.stream(stores).allMatch(store -> empty(driver, store))) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while the stages worked");
      }
    }
    fail("the stages still hold events after 5 minutes");
  }

  private static boolean empty(TopologyTestDriver driver, String store) {
    KeyValueStore<Long, byte[]> buffer = driver.getKeyValueStore(store);
    return buffer == null || buffer.approximateNumEntries() == 0;
  }
}
