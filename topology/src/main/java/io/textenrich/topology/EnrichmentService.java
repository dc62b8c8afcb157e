package io.textenrich.topology;

import io.textenrich.model.SentenceEmbedder;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: one shared model and one Kafka Streams client. */
public final class EnrichmentService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EnrichmentService.class);

  private final SentenceEmbedder embedder;
  private final boolean ownsEmbedder;
  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  private EnrichmentService(ServiceConfig config, SentenceEmbedder embedder, boolean ownsEmbedder) {
    this.embedder = embedder;
    this.ownsEmbedder = ownsEmbedder;
    this.streams = new KafkaStreams(EnrichmentTopology.build(config, embedder), config.streamsProperties());
    streams.setStateListener((now, before) -> {
      LOG.info("Kafka Streams state {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        stopped.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Stream thread failed; stopping the service so that no record is skipped. Cause: {}", e.toString(), e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
  }

  /** Loads the configured model, checks the topics and starts processing. */
  public static EnrichmentService start(ServiceConfig config) {
    SentenceEmbedder embedder = SentenceEmbedder.open(config.embedder());
    try {
      return start(config, embedder, true);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  /** Starts processing with an already loaded model, which the caller keeps owning. */
  public static EnrichmentService start(ServiceConfig config, SentenceEmbedder embedder) {
    return start(config, embedder, false);
  }

  private static EnrichmentService start(ServiceConfig config, SentenceEmbedder embedder, boolean owns) {
    requireTopics(config);
    EnrichmentService service = new EnrichmentService(config, embedder, owns);
    LOG.info("Starting application '{}' on {}: {} -> {} (dead letters: {}), model {} on {}, instance {}",
        config.applicationId(), config.bootstrapServers(), config.inputTopic(), config.outputTopic(),
        config.deadLetterTopic(), embedder.modelName(), embedder.device(), config.instanceId());
    service.streams.start();
    return service;
  }

  /** Waits until the stream threads have their partitions and process records. */
  public void awaitRunning(Duration timeout) throws InterruptedException, TimeoutException {
    if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("Kafka Streams did not reach RUNNING within " + timeout + " (state " + streams.state() + ")");
    }
  }

  /** Blocks until the service stops, by {@link #close()} or by a fatal error. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    stopped.countDown();
    if (ownsEmbedder) {
      embedder.close();
    }
  }

  private static void requireTopics(ServiceConfig config) {
    Properties props = new Properties();
    props.putAll(config.streamsProperties());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    List<String> needed = List.of(config.inputTopic(), config.outputTopic(), config.deadLetterTopic());
    try (Admin admin = Admin.create(AdminClientConfig.configNames().stream()
        .filter(props::containsKey)
        .collect(Collectors.toMap(k -> k, props::get)))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> missing = needed.stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Topic(s) " + missing + " do not exist on " + config.bootstrapServers()
            + "; create them first, e.g. kafka-topics.sh --bootstrap-server " + config.bootstrapServers()
            + " --create --topic " + missing.get(0) + " --partitions 3");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot reach Kafka at " + config.bootstrapServers() + " to check topics "
          + needed + ": " + e.getMessage() + ". Check bootstrap.servers and the broker.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topics", e);
    }
  }
}
