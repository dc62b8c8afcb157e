package io.textenrich.topology.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.generate.EngineStats;
import io.textenrich.topology.throughput.ThroughputWindow;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/** The service's Prometheus metrics: its own counters, the engine's, Kafka Streams' and the JVM's. */
public final class ServiceMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private KafkaStreamsMetrics streamsMetrics;
  private JvmGcMetrics gcMetrics;
  private final AtomicReference<Runnable> firstEnriched = new AtomicReference<>();

  /**
   * @param batchMaxRecords the encoder stage's flush size now; likewise {@code batchMaxDelayMs}
   */
  public ServiceMetrics(String model, EmbeddingEngine engine, IntSupplier batchMaxRecords, LongSupplier batchMaxDelayMs) {
    registry.config().meterFilter(new StoreTagFilter());
    FunctionCounter.builder("enrich_model_calls", engine, e -> e.stats().calls())
        .tag("model", model).description("Model calls made by the shared engine").register(registry);
    FunctionCounter.builder("enrich_model_padded_tokens", engine, e -> e.stats().paddedTokens())
        .tag("model", model).description("Token slots computed, padding included").register(registry);
    FunctionCounter.builder("enrich_model_real_tokens", engine, e -> e.stats().realTokens())
        .tag("model", model).description("Token slots holding real tokens").register(registry);
    Gauge.builder("enrich_model_call_size_p50", engine, e -> e.stats().callSizeP50())
        .tag("model", model).description("Median texts per model call").register(registry);
    Gauge.builder("enrich_model_call_size_mean", engine, e -> e.stats().meanCallSize())
        .tag("model", model).description("Mean texts per model call").register(registry);
    Gauge.builder("enrich_model_call_size_max", engine, e -> e.stats().callSizeMax())
        .tag("model", model).description("Most texts in one model call").register(registry);
    FunctionCounter.builder("enrich_engine_runner_restarts", engine, e -> e.stats().runnerRestarts())
        .tag("model", model).description("Engine runner threads that died and were replaced").register(registry);
    FunctionCounter.builder("enrich_engine_dropped_texts", engine, e -> e.stats().droppedTexts())
        .tag("model", model).description("Queued texts dropped unrun because their request was cancelled or failed")
        .register(registry);
    Gauge.builder("enrich_model_call_token_limit", engine, EmbeddingEngine::callTokenLimit)
        .tag("model", model).description("Most padded tokens (texts x the longest) a model call may hold now: measured on the"
            + " device, or as configured")
        .register(registry);
    Gauge.builder("enrich_batch_max_records", batchMaxRecords::getAsInt)
        .description("Current flush size (adapted when a latency target is set)").register(registry);
    Gauge.builder("enrich_batch_max_delay_ms", batchMaxDelayMs::getAsLong)
        .description("Current flush delay (adapted when a latency target is set)").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
  }

  /** The generation engine's failure counter, when completions are on. */
  public void bindGeneration(Supplier<EngineStats> generation) {
    FunctionCounter.builder("enrich_generation_scheduler_restarts", generation, g -> g.get().schedulerRestarts())
        .description("Generation scheduler threads that died and were replaced").register(registry);
  }

  public void bind(KafkaStreams streams) {
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
  }

  public void recordEnriched(String stage, ThroughputWindow delta) {
    if (delta.records > 0) {
      Runnable first = firstEnriched.getAndSet(null);
      if (first != null) {
        first.run();
      }
    }
    Counter.builder("enrich_enriched_records").tag("stage", stage).description("Events enriched and emitted")
        .register(registry).increment(delta.records);
    Counter.builder("enrich_enriched_tokens").tag("stage", stage).description("Real tokens of the events enriched")
        .register(registry).increment(delta.realTokens);
  }

  /** Runs {@code action} once, on the first enriched event this process emits. */
  public void onFirstEnriched(Runnable action) {
    firstEnriched.set(action);
  }

  /** Events enriched and dead-lettered since start, for the last line of the log. */
  public String totals() {
    double enriched = registry.find("enrich_enriched_records").tag("stage", "embed").counters().stream()
        .mapToDouble(Counter::count).sum();
    double dead = registry.find("enrich_dead_letters").counters().stream().mapToDouble(Counter::count).sum();
    return String.format("%.0f event(s) enriched and %.0f dead-lettered since start", enriched, dead);
  }

  public void recordDeadLetter(String reason) {
    Counter.builder("enrich_dead_letters").tag("reason", reason).description("Records sent to the dead-letter topic")
        .register(registry).increment();
  }

  /** A completion the generation engine could not take (full); it stays buffered and is submitted again. */
  public void recordCompletionResubmit() {
    Counter.builder("enrich_completion_resubmits").description("Completions submitted again because the generation engine was full")
        .register(registry).increment();
  }

  /** A gauge of work in flight, read when scraped. */
  public void inFlight(String stage, Supplier<Number> value) {
    Gauge.builder("enrich_in_flight", value).tag("stage", stage)
        .description("Work submitted to the stage's shared engine and not yet done (batches for embed, sequences for complete)")
        .register(registry);
  }

  public void recordFlagged(List<String> labels) {
    for (String label : labels) {
      Counter.builder("enrich_moderation_flagged").tag("label", label).description("Events routed to the moderation topic")
          .register(registry).increment();
    }
  }

  /** Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    gcMetrics.close();
    registry.close();
  }
}
