package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
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
  void samplesBecomeMicrosecondsOfThreadTimePerEvent() {
    PhaseProfile.Split split = new PhaseProfile.Split(Map.of("tokenizer", 30L, "Kafka produce", 20L),
        Map.of("stream threads", 50L), 4, 8_000_000);
    // 30 samples of 10 ms over 1,000 events: 300 µs per event.
    assertEquals(300.0, split.microsPerEvent("tokenizer", 1000), 1e-9);
    assertEquals(0.0, split.microsPerEvent("pooling", 1000), 1e-9);
    assertEquals(500.0, split.busyMicrosPerEvent(1000), 1e-9);
    Map<String, Object> figures = split.figures(1000);
    assertEquals(8.0, (Double) figures.get("gc_pause_us_per_event"), 1e-9);
    assertEquals(Map.of("stream threads", 500.0), figures.get("us_per_event_by_thread_kind"));
  }
}
