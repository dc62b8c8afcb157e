package io.textenrich.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.TempDirectory;
import io.textenrich.model.BuiltinModel;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One throughput phase (an application draining its events, measured as {@link Drained} says) in a JVM of its own,
 * so that no phase runs in a process an earlier phase has shaped: with every phase in one process, the labelled
 * service ran 5 to 12% slower whenever a peer run had come before it (its model calls took longer), which let the
 * order of the phases decide the equal-work figures. The broker stays where it is; the child sends the events, runs
 * the application and reads its output, so its CPU time per event counts what an in-process phase counted.
 */
final class PhaseProcess {

  /** The applications a phase can run. */
  enum Application {
    /** The service with the phase's settings; it opens its model itself, as {@code enrich run} does. */
    SERVICE,
    /** {@link PeerApplication#embedding} without heads. */
    PEER_EMBEDDING,
    /** {@link PeerApplication#embedding} with the built-in heads on each vector. */
    PEER_EMBEDDING_WITH_HEADS,
    /** {@link PeerApplication#passThrough}. */
    PASS_THROUGH
  }

  /**
   * What a child runs, handed to it as a JSON file.
   *
   * @param warmUp passes enriched before the counted events, not counted ({@link Drained.WarmUp})
   * @param settings the service's settings, without {@code state.dir} (the child makes its own); empty for a peer
   * @param brokerPid the broker's process, -1 when it cannot be read
   * @param profile a JFR recording of the drain goes there; null for none
   */
  record Phase(Application application, Drained.Feed feed, String bootstrap, long brokerPid, String input, String output,
      Drained.WarmUp warmUp, List<String> events, Map<String, String> settings, String profile) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longer than a phase's own limit (ten minutes of reading) with the start and the model's loading. */
  private static final Duration CHILD_LIMIT = Duration.ofMinutes(15);
  /** JVM options of this process a child must not repeat: a second recording or archive would clash with the first. */
  private static final List<String> NOT_INHERITED = List.of("-XX:StartFlightRecording", "-XX:ArchiveClassesAtExit", "-agentlib:",
      "-javaagent:", "-Xrunjdwp");

  private PhaseProcess() {}

  /** The phase's {@link Drained} figures, from a child JVM on this one's class path and options. */
  static Drained run(KafkaBroker broker, Application application, Drained.Feed feed, String input, String output,
      Drained.WarmUp warmUp, List<String> events, Map<String, String> settings, Path profile)
      throws IOException, InterruptedException {
    Phase phase = new Phase(application, feed, broker.bootstrapServers(), broker.childPid().orElse(-1), input, output, warmUp,
        events, settings, profile == null ? null : profile.toString());
    try (TempDirectory dir = TempDirectory.create("bench-phase")) {
      Path spec = dir.path().resolve("phase.json");
      Path result = dir.path().resolve("drained.json");
      Path log = dir.path().resolve("phase.log");
      JSON.writeValue(spec.toFile(), phase);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(option -> NOT_INHERITED.stream().noneMatch(option::startsWith))
          .forEach(command::add);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), PhaseProcess.class.getName(), spec.toString(),
          result.toString()));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!child.waitFor(CHILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
        child.destroyForcibly().waitFor();
        throw new IllegalStateException("The " + application + " phase did not end within " + CHILD_LIMIT.toMinutes()
            + " minutes; its last output:\n" + tail(log));
      }
      if (child.exitValue() != 0 || !Files.exists(result)) {
        throw new IllegalStateException("The " + application + " phase failed (exit code " + child.exitValue()
            + "); its last output:\n" + tail(log));
      }
      return JSON.readValue(result.toFile(), Drained.class);
    }
  }

  /** The child: runs the phase in {@code args[0]} and writes its {@link Drained} figures to {@code args[1]}. */
  public static void main(String[] args) {
    try {
      Phase phase = JSON.readValue(Path.of(args[0]).toFile(), Phase.class);
      Drained drained = drain(phase);
      JSON.writeValue(Path.of(args[1]).toFile(), drained);
      // The applications' own threads (Kafka's, ONNX Runtime's) need not be waited for: the figures are written.
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static Drained drain(Phase phase) throws Exception {
    Drained.prepare(phase.feed(), phase.bootstrap(), phase.input(), phase.warmUp(), phase.events());
    OptionalLong brokerPid = phase.brokerPid() < 0 ? OptionalLong.empty() : OptionalLong.of(phase.brokerPid());
    Path profile = phase.profile() == null ? null : Path.of(phase.profile());
    try (TempDirectory state = TempDirectory.create("bench-state")) {
      if (phase.application() == Application.SERVICE) {
        Map<String, String> settings = new HashMap<>(phase.settings());
        settings.put("state.dir", state.path().toString());
        try (EnrichmentService service = EnrichmentService.start(ServiceConfig.fromMap(settings))) {
          service.awaitRunning(Duration.ofMinutes(2));
          return Drained.measure(phase.feed(), phase.bootstrap(), brokerPid, phase.input(), phase.warmUp(), phase.events(),
              phase.output(), profile);
        }
      }
      try (PeerApplication peer = new PeerApplication(phase.bootstrap(), "app-" + phase.output(), state.path().toString(),
          StageBenchmark.THREADS, phase.input(), phase.output(), perRecord(phase.application()))) {
        peer.awaitRunning();
        return Drained.measure(phase.feed(), phase.bootstrap(), brokerPid, phase.input(), phase.warmUp(), phase.events(),
            phase.output(), profile);
      }
    }
  }

  private static PeerApplication.PerRecord perRecord(Application application) {
    return switch (application) {
      case PEER_EMBEDDING -> PeerApplication.embedding(new AllMiniLmL6V2QuantizedEmbeddingModel(), null);
      case PEER_EMBEDDING_WITH_HEADS -> PeerApplication.embedding(new AllMiniLmL6V2QuantizedEmbeddingModel(),
          HeadSet.load(HeadSet.BUILTIN, BuiltinModel.ALL_MINILM_L6_V2_Q.id()));
      case PASS_THROUGH -> PeerApplication.passThrough();
      case SERVICE -> throw new IllegalArgumentException("the service is not a peer application");
    };
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
