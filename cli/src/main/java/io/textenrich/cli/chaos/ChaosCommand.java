package io.textenrich.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.cli.TextTable;
import io.textenrich.devkit.TempDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enrich chaos}: the fault drills, on a local broker and the service as child processes, with one table. */
@Command(name = "chaos", description = {
    "Fault drills on a local broker with the service as child processes: crashes under load, broker outages, rebalances,"
        + " overload, hostile input, model faults, a secured cluster and safety basics. Every count is read back by event id"
        + " with a read_committed consumer. Exit code 0 when every scenario passed."})
public final class ChaosCommand implements Callable<Integer> {

  static final List<Scenario> SCENARIOS = List.of(
      CrashUnderLoad.restarting(true, true),
      CrashUnderLoad.restarting(false, true),
      CrashUnderLoad.restarting(true, false),
      CrashUnderLoad.withStandby(),
      new BrokerOutage("broker-outage-60s", scale -> scale.outages()[0]),
      new BrokerOutage("broker-outage-5m", scale -> scale.outages()[scale.outages().length - 1]),
      new Rebalance(),
      new Overload(),
      new HostileInput(),
      new ModelFaults(),
      new SecuredCluster(),
      new SafetyBasics());

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final PrintStream progress;

  @Option(names = "--scenario", paramLabel = "NAME", split = ",",
      description = "Run only these scenarios (repeat or separate by commas): crash-under-load, crash-under-load-at-least-once,"
          + " crash-under-load-dynamic, crash-under-load-standby,"
          + " broker-outage-60s, broker-outage-5m, rebalance, overload, hostile-input, model-faults, secured-cluster, safety.")
  List<String> only = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON object per scenario instead of the table.")
  boolean json;

  @Option(names = "--quick", description = "The same drills shrunk to minutes: fewer events and kills, shorter outages and overload.")
  boolean quick;

  @Option(names = "--crash-events", paramLabel = "N", description = "Events of each crash scenario (full: 20000).")
  Integer crashEvents;

  @Option(names = "--rebalance-events", paramLabel = "N", description = "Events of the rebalance scenario (full: 6000).")
  Integer rebalanceEvents;

  @Option(names = "--overload-seconds", paramLabel = "S",
      description = "How long the overload scenario sends ten times the capacity (full: 120); the drain takes about nine times as long.")
  Integer overloadSeconds;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting every service of the drill runs with, over"
      + " the scenario's own (repeatable), e.g. --set enrich.state.store=rocksdb: a scenario run on another setting.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Keep the broker data, service configurations and logs here (default: a temporary directory, deleted at the end).")
  Path workDir;

  public ChaosCommand(PrintStream out, PrintStream progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  public Integer call() throws Exception {
    // The drill's own clients retry through every outage it causes; their connection warnings are noise here.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(ch.qos.logback.classic.Level.ERROR);
    List<Scenario> chosen = choose(only);
    Scale scale = quick ? Scale.QUICK : Scale.FULL;
    if (crashEvents != null) {
      scale = scale.withCrashEvents(crashEvents);
    }
    if (rebalanceEvents != null) {
      scale = scale.withRebalanceEvents(rebalanceEvents);
    }
    if (overloadSeconds != null) {
      scale = scale.withOverload(Duration.ofSeconds(overloadSeconds));
    }
    TempDirectory temporary = workDir == null ? TempDirectory.create("enrich-chaos-") : null;
    Path dir = workDir != null ? Files.createDirectories(workDir) : temporary.path();
    List<ScenarioResult> results = new ArrayList<>();
    try (ChaosLab lab = new ChaosLab(dir, progress, settings)) {
      lab.say("work dir %s, %s scale (%s), scenarios %s%s", dir, scale.name(), scale,
          chosen.stream().map(Scenario::name).collect(Collectors.joining(", ")), settings.isEmpty() ? "" : ", services with " + settings);
      lab.startBroker();
      for (Scenario scenario : chosen) {
        long start = System.nanoTime();
        lab.say("%s: %s", scenario.name(), scenario.description());
        ScenarioResult result;
        try {
          result = scenario.run(lab, scale);
        } catch (Exception | AssertionError e) {
          result = new ScenarioResult(scenario.name());
          result.stayedUp = false;
          result.problems.add("the scenario could not finish: " + e.getMessage());
          lab.killServices();
        }
        result.figures.put("scenario_seconds", Math.round((System.nanoTime() - start) / 1e9));
        lab.say("%s: %s", scenario.name(), result.passed() ? "passed" : "FAILED: " + String.join("; ", result.problems));
        results.add(result);
        if (json) {
          // As each scenario ends: a drill of an hour shows its results as it goes.
          out.println(toJson(result));
        }
      }
    } finally {
      if (temporary != null) {
        temporary.close();
      }
    }
    if (!json) {
      printTable(results);
    }
    return results.stream().allMatch(ScenarioResult::passed) ? 0 : 1;
  }

  static List<Scenario> choose(List<String> names) {
    if (names.isEmpty()) {
      return SCENARIOS;
    }
    List<Scenario> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(SCENARIOS.stream().filter(s -> s.name().equals(name.trim())).findFirst().orElseThrow(() ->
          new IllegalArgumentException("no scenario '" + name + "'; the scenarios are "
              + SCENARIOS.stream().map(Scenario::name).collect(Collectors.joining(", ")))));
    }
    return chosen;
  }

  private void printTable(List<ScenarioResult> results) {
    TextTable table = new TextTable("scenario", "events in", "enriched", "dead-lettered",
        "lost", "duplicated", "max heap", "recovery", "stayed up", "result");
    for (ScenarioResult r : results) {
      table.add(r.scenario, Long.toString(r.eventsIn), Long.toString(r.enriched), Long.toString(r.deadLettered),
          Long.toString(r.lost), Long.toString(r.duplicated), r.maxHeapMib > 0 ? r.maxHeapMib + " MiB" : "-",
          r.recoverySeconds >= 0 ? String.format("%.1f s", r.recoverySeconds) : "-", r.stayedUp ? "yes" : "no",
          r.passed() ? "passed" : "FAILED");
    }
    table.print(out);
    for (ScenarioResult r : results) {
      out.println();
      out.println(r.scenario + ": " + r.figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", ")));
      r.problems.forEach(p -> out.println("  problem: " + p));
    }
  }

  static ObjectNode toJson(ScenarioResult r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("scenario", r.scenario);
    node.put("events_in", r.eventsIn);
    node.put("enriched", r.enriched);
    node.put("dead_lettered", r.deadLettered);
    node.put("lost", r.lost);
    node.put("duplicated", r.duplicated);
    node.put("max_heap_mib", r.maxHeapMib);
    if (r.recoverySeconds >= 0) {
      node.put("recovery_s", Math.round(r.recoverySeconds * 10) / 10.0);
    }
    node.put("stayed_up", r.stayedUp);
    node.put("passed", r.passed());
    node.set("figures", JSON.valueToTree(r.figures));
    node.set("problems", JSON.valueToTree(r.problems));
    return node;
  }

  /** The scenario names, for the help text and the tests. */
  static List<String> names() {
    return SCENARIOS.stream().map(Scenario::name).toList();
  }

}
