package io.textenrich.topology.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StoreTagFilterTest {

  @Test
  void stateMetricsOfKeyValueAndWindowStoresAreBothExported() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StoreTagFilter());
    String name = "kafka.stream.state.record.e2e.latency.min";
    Gauge.builder(name, () -> 1.0).tag("in.memory.state.id", "embed-buffer").tag("task.id", "0_0").register(registry);
    Gauge.builder(name, () -> 2.0).tag("in.memory.window.state.id", "throughput-1s").tag("task.id", "0_0").register(registry);
    Gauge.builder("kafka.stream.thread.poll.rate", () -> 3.0).tag("thread.id", "t1").register(registry);

    String scrape = registry.scrape();
    assertTrue(scrape.contains("kafka_stream_state_record_e2e_latency_min{store=\"embed-buffer\",store_type=\"in.memory\",task_id=\"0_0\"} 1.0"),
        scrape);
    assertTrue(scrape.contains("kafka_stream_state_record_e2e_latency_min{store=\"throughput-1s\",store_type=\"in.memory.window\",task_id=\"0_0\"} 2.0"),
        scrape);
    assertTrue(scrape.contains("kafka_stream_thread_poll_rate{thread_id=\"t1\"} 3.0"), scrape);
  }
}
