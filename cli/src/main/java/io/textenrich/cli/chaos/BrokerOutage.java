package io.textenrich.cli.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The broker stops while the service runs under load and comes back after longer than the clients' timeouts
 * ({@code delivery.timeout.ms} 120 s and {@code transaction.timeout.ms} 10 s for the long one). The service either
 * rides it out or exits with a message, and is then restarted, as an orchestrator would; nothing may be lost or
 * duplicated either way.
 */
final class BrokerOutage implements Scenario {

  private static final double RATE = 20;
  private final String name;
  private final Function<Scale, Duration> outage;

  BrokerOutage(String name, Function<Scale, Duration> outage) {
    this.name = name;
    this.outage = outage;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "the broker stops under load and returns after " + outage.apply(Scale.FULL).toSeconds() + " s";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    Duration down = outage.apply(scale);
    ChaosLab.Topics topics = ChaosLab.Topics.of(name);
    lab.createTopics(topics, 2);
    Map<String, String> settings = lab.serviceSettings(name, topics);
    ServiceProcess service = lab.service(name, settings, Map.of(), "1g");
    lab.startAndAwait(service);
    ScenarioResult result = new ScenarioResult(name);
    Ledger ledger = new Ledger();
    NormalTraffic traffic = new NormalTraffic(name + "-", 0);
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      int before = (int) (RATE * 20);
      int during = (int) (RATE * down.toSeconds());
      int after = (int) (RATE * 20);
      producer.sendSteadily(before, RATE, traffic::event);
      lab.say("%s: stopping the broker for %d s", name, down.toSeconds());
      lab.stopBroker();
      long stopped = System.nanoTime();
      // The producer buffers what is sent meanwhile, as an upstream application would.
      Thread sender = producer.sendSteadilyInBackground(during, RATE, i -> traffic.event(before + i));
      long deadline = System.nanoTime() + down.toNanos();
      boolean exited = false;
      while (System.nanoTime() < deadline) {
        exited |= !service.alive();
        Thread.sleep(500);
      }
      // The sender may be blocked on metadata until the broker is back; it is joined after the restart.
      lab.startBroker();
      long back = System.nanoTime();
      // The broker takes a while to start: the outage the service saw is longer than the pause.
      result.figures.put("broker_down_s", Math.round((back - stopped) / 1e9));
      lab.say("%s: broker back", name);
      double enrichedBefore = service.alive() ? service.enrichedSinceStart() : 0;
      // Give the service time to notice on its own before deciding it needs a restart.
      long watch = back + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < watch && service.alive() && service.enrichedSinceStart() <= enrichedBefore) {
        Thread.sleep(500);
      }
      if (!service.alive()) {
        exited = true;
      }
      if (exited) {
        result.stayedUp = false;
        result.figures.put("exit_code", service.exitCode().orElse(-1));
        result.figures.put("exit_message", lastError(service.logText()));
        lab.say("%s: the service exited (%s); restarting it", name, result.figures.get("exit_message"));
        if (!service.alive()) {
          service.start();
        }
        enrichedBefore = 0;
      }
      result.recoverySeconds = firstNewOutput(service, enrichedBefore, back);
      sender.join();
      producer.sendSteadily(after, RATE, i -> traffic.event(before + during + i));
      producer.flush();
      result.check(producer.failures() == 0, producer.failures() + " sends failed: " + producer.lastFailure());
      result.count(ledger, lab.awaitAccounted(ledger, topics, Duration.ofMinutes(5), lab.client()));
      result.figures.put("outage_s", down.toSeconds());
    }
    result.check(service.alive(), "the service was not running at the end:\n" + service.logTail(20));
    result.requireNoDuplicates();
    result.maxHeapMib = lab.takeMaxHeapMib();
    lab.killServices(result);
    return result;
  }

  /** Seconds from the broker's return until the service (restarted or not) enriched a new event. */
  private static double firstNewOutput(ServiceProcess service, double enrichedBefore, long back) throws InterruptedException {
    long deadline = back + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      double now = service.enrichedSinceStart();
      if (now > enrichedBefore || (now > 0 && enrichedBefore == 0)) {
        return (System.nanoTime() - back) / 1e9;
      }
      Thread.sleep(200);
    }
    return -1;
  }

  /** The service's last ERROR line: what it said when it gave up. */
  static String lastError(String log) {
    String last = "";
    for (String line : log.split("\n")) {
      if (line.contains(" ERROR ") || line.startsWith("enrich ")) {
        last = line.strip();
      }
    }
    return last.length() > 600 ? last.substring(0, 600) + "..." : last;
  }
}
