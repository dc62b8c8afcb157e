package io.textenrich.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.textenrich.model.Classification;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.EnrichmentStats;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.output.EnrichedRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The application a user would otherwise write: Kafka Streams, exactly-once, one {@code mapValues}
 * that turns each record into an Avro {@code EnrichedText}. The benchmark runs it on the same broker,
 * topics and stream threads as the service, with one of three per-record jobs:
 *
 * <ul>
 *   <li>{@link #embedding}: one call of langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel.embed}
 *       per record (the text is the whole value), optionally followed by the built-in heads on that vector;
 *   <li>{@link #passThrough}: JSON in, a constant 384-float vector out, no model and no tokenizer: the most a
 *       Kafka Streams application of this shape can pass on this machine.
 * </ul>
 */
final class PeerApplication implements AutoCloseable {

  /** What the application does with one record. */
  @FunctionalInterface
  interface PerRecord {
    EnrichedText enrich(String key, byte[] value);
  }

  /** Dimensions of the vectors the pass-through application writes, as MiniLM's. */
  static final int PASS_THROUGH_DIMENSIONS = 384;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EnrichmentStats ONE_RECORD = new EnrichmentStats(1, 0L, 0L, 0, false);

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);

  PeerApplication(String bootstrap, String applicationId, String stateDir, int threads, String input, String output,
      PerRecord perRecord) {
    AvroSerde<EnrichedText> avro = AvroSerde.enrichedText();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .mapValues((key, value) -> avro.serialize(output, perRecord.enrich(new String(key, StandardCharsets.UTF_8), value)))
        .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    this.streams = new KafkaStreams(builder.build(), props);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    streams.start();
  }

  /**
   * langchain4j's embedder once per record, the value taken as the text; with {@code heads} (null for
   * none) also every head on that vector, as the service labels events.
   */
  static PerRecord embedding(AllMiniLmL6V2QuantizedEmbeddingModel model, HeadSet heads) {
    return (key, value) -> {
      String text = new String(value, StandardCharsets.UTF_8);
      float[] vector = model.embed(text).content().vector();
      // The heads' own encoder id: langchain4j runs the same ONNX file as the service's built-in MiniLM.
      Map<String, Classification> labels = heads == null ? Map.of()
          : heads.classify(List.of(text), List.of(vector), heads.encoder().model(), heads.encoder().version()).get(0);
      return record(event(key, text), vector, "all-minilm-l6-v2-q", "langchain4j", labels);
    };
  }

  /** A JSON event in ({@code id} and {@code text}), a record with a constant vector out: no model, no tokenizer. */
  static PerRecord passThrough() {
    float[] constant = new float[PASS_THROUGH_DIMENSIONS];
    return (key, value) -> {
      JsonNode event;
      try {
        event = JSON.readTree(value);
      } catch (IOException e) {
        throw new UncheckedIOException("the pass-through application reads JSON events only", e);
      }
      return record(event(event.path("id").asText(key), event.path("text").asText()), constant, "pass-through", "none",
          Map.of());
    };
  }

  private static TextEvent event(String id, String text) {
    return TextEvent.newBuilder().setId(id).setText(text).setEventTime(Instant.now()).build();
  }

  /** Built as the service builds its records, so that both sides pay the same for the output. */
  private static EnrichedText record(TextEvent event, float[] vector, String model, String version,
      Map<String, Classification> labels) {
    return EnrichedRecords.of(event, event.getLanguage(), vector, model, version, ONE_RECORD, labels, List.of(), "peer", System.currentTimeMillis());
  }

  void awaitRunning() throws InterruptedException {
    if (!running.await(2, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the peer application did not reach RUNNING: " + streams.state());
    }
  }

  @Override
  public void close() {
    streams.close();
  }
}
