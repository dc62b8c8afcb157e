package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhaseProfileTest {

  @Test
  void aSampleCountsForTheFirstKnownPartFromTheTopOfItsStack() {
    assertEquals("tokenizer", PhaseProfile.categoryOf(List.of("ai.djl.huggingface.tokenizers.jni.TokenizersLibrary.batchEncode",
        "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.batchEncode", "io.textenrich.model.BatchTokenizer.encode",
        "io.textenrich.model.SentenceEmbedder.embed")));
    assertEquals("model call (ONNX Runtime)", PhaseProfile.categoryOf(List.of("ai.onnxruntime.OrtSession.run",
        "io.textenrich.model.SentenceEmbedder.embed")));
    assertEquals("pooling", PhaseProfile.categoryOf(List.of("java.nio.DirectFloatBufferU.get", "io.textenrich.model.Pooling.pool",
        "io.textenrich.model.SentenceEmbedder.pool", "io.textenrich.model.SentenceEmbedder.embed")));
    assertEquals("output record (List<Float> boxing)", PhaseProfile.categoryOf(List.of("java.lang.Float.valueOf",
        "io.textenrich.topology.output.EnrichedRecords.of", "org.apache.kafka.streams.processor.internals.ProcessorNode.process")));
    assertEquals("Avro encode/decode", PhaseProfile.categoryOf(List.of("org.apache.avro.io.BinaryEncoder.writeFloat",
        "io.textenrich.schemas.AvroSerde.serialize", "org.apache.kafka.streams.processor.internals.SinkNode.process")));
    assertEquals("decode (JSON)", PhaseProfile.categoryOf(List.of("com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextToken",
        "io.textenrich.bench.PeerApplication.lambda$passThrough$1")));
    assertEquals("Kafka Streams processing", PhaseProfile.categoryOf(List.of("java.util.HashMap.get",
        "org.apache.kafka.streams.processor.internals.StreamTask.process")));
  }

  @Test
  void threadsWaitingForTheNetworkAreIdleAndPureJdkStacksAreOther() {
    assertEquals(PhaseProfile.IDLE, PhaseProfile.categoryOf(List.of("sun.nio.ch.EPoll.wait", "sun.nio.ch.EPollSelectorImpl.doSelect",
        "org.apache.kafka.common.network.Selector.select")));
    assertEquals(PhaseProfile.OTHER, PhaseProfile.categoryOf(List.of("java.lang.Thread.run")));
    assertEquals(PhaseProfile.OTHER, PhaseProfile.categoryOf(List.of()));
  }

  @Test
  void threadKindsComeFromTheNamesKafkaAndTheEngineGive() {
    assertEquals("stream threads", PhaseProfile.threadKind("stage-bench-1a2b-0c4f-StreamThread-1"));
    assertEquals("producer network threads", PhaseProfile.threadKind("kafka-producer-network-thread | x-StreamThread-1-producer"));
    assertEquals("embedding engine", PhaseProfile.threadKind("embedding-engine-free-encoder-0"));
    assertEquals("other threads", PhaseProfile.threadKind("main"));
  }

  @Test
  void aCategorysShareCountsOnlyTheSamplesOutsideTheExcludedParts() {
    PhaseProfile.Split split = new PhaseProfile.Split(Map.of("tokenizer", 50L, "Kafka produce", 30L, "Avro encode/decode", 20L),
        Map.of("stream threads", 100L), 4, 8_000_000);
    assertEquals(0.3, split.share("Kafka produce", Set.of()), 1e-12);
    assertEquals(0.6, split.share("Kafka produce", Set.of("tokenizer")), 1e-12);
    assertEquals(0.0, split.share("tokenizer", Set.of("tokenizer")), 1e-12);
    assertEquals(0.0, split.share("pooling", Set.of()), 1e-12);
    assertEquals(8.0, (Double) split.figures(1000).get("gc_pause_us_per_event"), 1e-9);
    assertEquals(100L, split.figures(1000).get("java_samples"));
  }
}
