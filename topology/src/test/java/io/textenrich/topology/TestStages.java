package io.textenrich.topology;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.TextEncoder;

/** Builds the shared parts of the embedding stage for topology tests, around a real model. */
final class TestStages {

  private static SentenceEmbedder embedder;

  private TestStages() {}

  /** The default model on CPU, loaded once for all tests of this JVM. */
  static synchronized SentenceEmbedder embedder() {
    if (embedder == null) {
      embedder = SentenceEmbedder.open(EmbedderSettings.of(EmbedderSettings.DEFAULT_MODEL)
          .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU)));
    }
    return embedder;
  }

  static BatchingEmbedProcessor.Shared shared(ServiceConfig config, SentenceEmbedder embedder) {
    return shared(config, embedder, embedder);
  }

  /** With {@code model} standing in for the embedder in the engine, e.g. to inject failures. */
  static BatchingEmbedProcessor.Shared shared(ServiceConfig config, SentenceEmbedder embedder, TextEncoder model) {
    BatchSettings batch = config.batch();
    EmbeddingEngine engine = new EmbeddingEngine(model, batch.engineSettings(batch.tuning("cpu", config.embedder().session().intraOpThreads())));
    BatchLimits limits = new BatchLimits(batch, System::currentTimeMillis);
    ClassificationStage classification = ClassificationStage.open(config.classification(), embedder, SessionSettings.defaults()
        .withDevice(ExecutionDevice.CPU));
    CompletionStage completion = CompletionStage.open(config.completion(), SessionSettings.defaults().withDevice(ExecutionDevice.CPU), 1024);
    WireFormats formats = WireFormats.open(config);
    return new BatchingEmbedProcessor.Shared(embedder, engine, classification, completion, limits, batch,
        new InputDecoder(config.maxTextBytes(), formats.registryInput()), formats.output(), config.instanceId(),
        new ServiceMetrics(embedder.modelName(), engine, limits));
  }
}
