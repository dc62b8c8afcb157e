package io.textenrich.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A second instance joins mid-run and leaves, once cleanly (SIGTERM) and once by SIGKILL after joining again. Work
 * buffered and in flight moves with its tasks: nothing lost, nothing duplicated; while both run, {@code /throughput}
 * on either counts both instances.
 */
final class Rebalance implements Scenario {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double RATE = 30;

  @Override
  public String name() {
    return "rebalance";
  }

  @Override
  public String description() {
    return "a second instance joins, leaves cleanly, joins again and is SIGKILLed";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of(name());
    lab.createTopics(topics, 4);
    Map<String, String> settings = lab.serviceSettings(name(), topics);
    ServiceProcess first = lab.service(name() + "-a", settings, Map.of(), "1g");
    ServiceProcess second = lab.service(name() + "-b", settings, Map.of(), "1g");
    lab.startAndAwait(first);
    ScenarioResult result = new ScenarioResult(name());
    Ledger ledger = new Ledger();
    NormalTraffic traffic = new NormalTraffic(name() + "-", 10);
    int count = scale.rebalanceEvents();
    double seconds = count / RATE;
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      Thread sender = producer.sendSteadilyInBackground(count, RATE, traffic::event);
      long start = System.nanoTime();
      ChaosLab.sleepUntil(start, seconds * 0.15);
      lab.say("rebalance: second instance joins");
      lab.startAndAwait(second);
      result.check(bothReportBoth(first, second), "/throughput did not count 2 instances on both while both ran");
      ChaosLab.sleepUntil(start, seconds * 0.4);
      lab.say("rebalance: second instance leaves cleanly (SIGTERM)");
      second.stop();
      // A JVM that ran its shutdown hooks on SIGTERM exits 143 (128 + 15), or 0 if its main thread got
      // there first; a crash while closing shows as 134 (abort) or 139 (segmentation fault).
      long exit = second.exitCode().orElse(-1);
      result.check(exit == 0 || exit == 143, "the second instance did not shut down cleanly on SIGTERM: exit " + exit);
      ChaosLab.sleepUntil(start, seconds * 0.55);
      lab.say("rebalance: second instance joins again");
      lab.startAndAwait(second);
      ChaosLab.sleepUntil(start, seconds * 0.8);
      lab.say("rebalance: second instance is SIGKILLed");
      long killed = System.nanoTime();
      double before = first.enrichedSinceStart();
      second.kill();
      sender.join();
      producer.flush();
      result.check(producer.failures() == 0, producer.failures() + " sends failed: " + producer.lastFailure());
      result.count(ledger, lab.awaitAccounted(ledger, topics, Duration.ofMinutes(5), lab.client()));
      result.recoverySeconds = (System.nanoTime() - killed) / 1e9;
      result.figures.put("first_instance_enriched_after_kill", Math.round(first.enrichedSinceStart() - before));
    }
    result.stayedUp = first.alive();
    result.check(result.stayedUp, "the first instance stopped:\n" + first.logTail(20));
    result.requireNoDuplicates();
    result.maxHeapMib = lab.takeMaxHeapMib();
    lab.killServices(result);
    return result;
  }

  /** Asks both instances for /throughput until each counts 2 instances (a minute at most: the stores must settle). */
  private static boolean bothReportBoth(ServiceProcess a, ServiceProcess b) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (instances(a) == 2 && instances(b) == 2) {
        return true;
      }
      Thread.sleep(1000);
    }
    return false;
  }

  private static int instances(ServiceProcess service) {
    return service.get("/throughput?window=1s&last=10").filter(r -> r.statusCode() == 200).map(HttpResponse::body)
        .map(body -> {
          try {
            JsonNode json = JSON.readTree(body);
            return json.path("instances").asInt(0);
          } catch (java.io.IOException e) {
            return 0;
          }
        }).orElse(0);
  }

}
