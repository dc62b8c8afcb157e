package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.topology.config.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is killed with SIGKILL while the service runs and restarted on its data a few seconds
 * later; the service rides it out on its own. Every event, sent before and after the crash, has
 * exactly one committed output, and the service is still running.
 */
class BrokerCrashIT {

  @Test
  void theServiceRidesOutABrokerCrashAndEveryEventIsEnrichedExactlyOnce(@TempDir Path dir) throws Exception {
    BrokerOptions options = BrokerOptions.defaults().withDataDir(dir.resolve("kafka"));
    KafkaBroker first = KafkaBroker.start(options);
    String bootstrap = first.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    ServiceConfig config = ServiceConfig.fromMap(Map.of(
        "bootstrap.servers", bootstrap,
        "state.dir", dir.resolve("state").toString(),
        "enrich.http.port", "0"));
    KafkaRecords.createTopics(bootstrap, config.topics(), 2);
    KafkaBroker second = null;
    try (EnrichmentService service = EnrichmentService.start(config, TestStages.embedder())) {
      service.awaitRunning(Duration.ofSeconds(60));
      KafkaRecords.produce(bootstrap, config.inputTopic(), events("before-", 20));

      ProcessHandle broker = ProcessHandle.of(first.childPid().orElseThrow()).orElseThrow();
      broker.destroyForcibly();
      broker.onExit().get(30, TimeUnit.SECONDS);
      first.close();
      Thread.sleep(3000);
      second = KafkaBroker.start(options.withPort(port));

      KafkaRecords.produce(bootstrap, config.inputTopic(), events("after-", 20));
      List<ConsumerRecord<byte[], byte[]>> enriched = KafkaRecords.consumeCommitted(bootstrap, List.of(config.outputTopic()), 40,
          Duration.ofSeconds(120)).getOrDefault(config.outputTopic(), List.of());

      Map<String, byte[]> all = new LinkedHashMap<>(events("before-", 20));
      all.putAll(events("after-", 20));
      assertEquals(all.keySet(), KafkaRecords.keys(enriched), "every event, before and after the crash, is enriched");
      assertEquals(all.size(), enriched.size(), "and none twice");
      assertTrue(service.state().isRunningOrRebalancing(), "the service keeps running: " + service.state());
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  private static Map<String, byte[]> events(String prefix, int count) {
    Map<String, byte[]> events = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      events.put(prefix + i, ("{\"id\":\"" + prefix + i + "\",\"text\":\"Event " + i + " around a broker crash\"}")
          .getBytes(StandardCharsets.UTF_8));
    }
    return events;
  }
}
