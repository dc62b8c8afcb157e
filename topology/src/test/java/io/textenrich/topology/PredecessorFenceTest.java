package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.topology.config.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredecessorFenceTest {

  private static ServiceConfig staticMember(Path stateDir) {
    return ServiceConfig.fromMap(Map.of("state.dir", stateDir.toString(), "enrich.instance.id", "pod-0",
        "enrich.static.membership", "true"));
  }

  private static void createProducer(PredecessorFence fence, String transactionalId) {
    // No broker: a producer connects only when it is used.
    try (Producer<byte[], byte[]> producer = fence.getProducer(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9",
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
      assertTrue(producer.metrics().size() > 0);
    }
  }

  @Test
  void aStandbysOwnProducersAreNotFencedAtItsTakeoverAndStayRecordedForItsSuccessor(@TempDir Path stateDir)
      throws Exception {
    ServiceConfig config = staticMember(stateDir);
    PredecessorFence active = PredecessorFence.of(config).orElseThrow();
    createProducer(active, "app-active-1");
    // The standby builds its producers while the active process still runs.
    PredecessorFence standby = PredecessorFence.of(config).orElseThrow();
    createProducer(standby, "app-standby-1");

    assertEquals(Set.of("app-active-1"), standby.predecessors());
    standby.forgetPredecessors();
    Path file = Files.list(stateDir).filter(p -> p.toString().endsWith(".transactional-ids")).findFirst().orElseThrow();
    assertEquals(List.of("app-standby-1"), Files.readAllLines(file, StandardCharsets.UTF_8));
    assertEquals(Set.of("app-standby-1"), PredecessorFence.of(config).orElseThrow().predecessors(),
        "the next process fences the standby's producers");
  }

  @Test
  void aDynamicMemberFencesNothing(@TempDir Path stateDir) {
    assertTrue(PredecessorFence.of(ServiceConfig.fromMap(Map.of("state.dir", stateDir.toString()))).isEmpty());
  }
}
