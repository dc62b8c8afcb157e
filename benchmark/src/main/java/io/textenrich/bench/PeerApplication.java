package io.textenrich.bench;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.Embedding;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.EnrichmentStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The application a user would otherwise write: Kafka Streams, exactly-once, one call of
 * langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel.embed} per record in
 * {@code mapValues}, the vector written as an Avro {@code EnrichedText}. The benchmark runs it on the
 * same broker, topics and stream threads as the service.
 */
final class PeerApplication implements AutoCloseable {

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);

  PeerApplication(String bootstrap, String applicationId, String stateDir, int threads, String input, String output,
      AllMiniLmL6V2QuantizedEmbeddingModel model) {
    AvroSerde<EnrichedText> avro = AvroSerde.enrichedText();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .mapValues((key, value) -> {
          String text = new String(value, StandardCharsets.UTF_8);
          float[] vector = model.embed(text).content().vector();
          List<Float> values = new ArrayList<>(vector.length);
          for (float v : vector) {
            values.add(v);
          }
          EnrichedText record = EnrichedText.newBuilder()
              .setId(new String(key, StandardCharsets.UTF_8))
              .setText(text)
              .setEventTime(Instant.now())
              .setProcessedTime(Instant.now())
              .setInstanceId("peer")
              .setEmbedding(Embedding.newBuilder().setModel("all-minilm-l6-v2-q").setModelVersion("langchain4j")
                  .setVector(values).setStats(new EnrichmentStats(1, 0L, 0L, 0, false)).build())
              .build();
          return avro.serialize(output, record);
        })
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
