package io.textenrich.bench;

import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.TempDirectory;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One end-to-end run of the service on its own input topic, the events sent once it runs and timed from the first
 * send to the last enriched event ({@link Drained.Feed#SENT_ONCE_RUNNING}), with the shared engine's figures at the
 * end.
 */
final class EndToEndRun {

  /**
   * @param engine the service's embedding engine figures over the run
   * @param engineTuning how the service sized its engine
   */
  record Result(double recordsPerSecond, EmbeddingEngine.Stats engine, String engineTuning) {}

  private EndToEndRun() {}

  /** Enriches {@code texts} through a fresh service with {@code settings} over the bench's base settings. */
  static Result run(KafkaBroker broker, SentenceEmbedder embedder, List<String> texts, Map<String, String> settings)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "bench-in-" + run;
    String output = "bench-out-" + run;
    broker.createTopics(2, input, output, "bench-dead-" + run, "bench-moderation-" + run);
    Map<String, String> values = new HashMap<>(Map.of(
        "bootstrap.servers", broker.bootstrapServers(),
        "application.id", "bench-" + run,
        "num.stream.threads", "2",
        "enrich.input.topic", input,
        "enrich.output.topic", output,
        "enrich.dead.letter.topic", "bench-dead-" + run,
        "enrich.moderation.topic", "bench-moderation-" + run,
        "enrich.http.port", "0"));
    values.putAll(settings);
    try (TempDirectory stateDir = TempDirectory.create("bench-state")) {
      values.put("state.dir", stateDir.path().toString());
      try (EnrichmentService service = EnrichmentService.start(ServiceConfig.fromMap(values), embedder)) {
        service.awaitRunning(Duration.ofSeconds(60));
        Drained drained = Drained.measure(Drained.Feed.SENT_ONCE_RUNNING, broker.bootstrapServers(), broker.childPid(), input,
            Drained.WarmUp.none(), texts, output, null);
        return new Result(drained.eventsPerSecond(), service.engineStats(), service.engineTuning().explanation());
      }
    }
  }
}
