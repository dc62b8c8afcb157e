package io.textenrich.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Steady load near capacity, with completions for a share of the events, while the service is SIGKILLed at random
 * moments (work buffered and in flight in both model stages) and restarted on its own identity (a static member, at
 * Kafka's default session and transaction timeouts), on a wiped state directory every other time. Under exactly-once
 * every event must come out exactly once; under at-least-once at least once, and the duplicates are counted. The
 * recovery times are reported apart for the kept and the wiped state directory, with the restarted service's own
 * account of where the time went. The dynamic variant runs the service as earlier versions did, a dynamic member at
 * session and transaction timeouts lowered to 10 s, for a comparison side by side on one machine. The standby variant
 * runs a second process of the instance on the same state directory, as the chart's standby container does: each
 * kill's process is replaced by the standby, which had its models loaded, and comes back as the next standby; the
 * state directory is kept.
 */
final class CrashUnderLoad implements Scenario {

  private static final int COMPLETION_EVERY = 10;
  private static final int NEW_TOKENS = 32;
  private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(10);
  /**
   * The least time between kills with a standby, which must start and load its models (10 to 15 s on two cores under
   * load) in between.
   */
  private static final Duration STANDBY_SLICE = Duration.ofSeconds(30);
  private final boolean exactlyOnce;
  private final boolean staticMember;
  private final boolean standby;

  private CrashUnderLoad(boolean exactlyOnce, boolean staticMember, boolean standby) {
    this.exactlyOnce = exactlyOnce;
    this.staticMember = staticMember;
    this.standby = standby;
  }

  /** Restarts of the killed process, as an orchestrator restarts a container. */
  static CrashUnderLoad restarting(boolean exactlyOnce, boolean staticMember) {
    return new CrashUnderLoad(exactlyOnce, staticMember, false);
  }

  /** Takeovers by a standby process with its models loaded; exactly-once, a static member. */
  static CrashUnderLoad withStandby() {
    return new CrashUnderLoad(true, true, true);
  }

  @Override
  public String name() {
    return (exactlyOnce ? "crash-under-load" : "crash-under-load-at-least-once") + (staticMember ? "" : "-dynamic")
        + (standby ? "-standby" : "");
  }

  @Override
  public String description() {
    return "SIGKILLs at random moments under steady load near capacity, "
        + (standby ? "a standby process taking over each time (" : "state wiped every other restart (")
        + (exactlyOnce ? "exactly_once_v2" : "at_least_once") + ", "
        + (staticMember ? "static member, Kafka's default timeouts" : "dynamic member, timeouts of 10 s") + ")";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of(name());
    lab.createTopics(topics, 4);
    Map<String, String> settings = lab.serviceSettings(name(), topics);
    if (staticMember) {
      // What the chart runs with: a static member at Kafka's default timeouts, which a restart must not wait for.
      settings.remove("session.timeout.ms");
      settings.remove("transaction.timeout.ms");
      settings.put("enrich.static.membership", "true");
    }
    if (!exactlyOnce) {
      settings.put("processing.guarantee", "at_least_once");
    }
    NormalTraffic.enableCompletions(settings);
    // Completions of NEW_TOKENS each keep the completion stage busy long enough for a kill to find both stages in
    // flight: at the default 8 tokens one took about 10 ms, and a quick drill on a slow machine once found no such moment.
    settings.put("enrich.completion.min.new.tokens", Integer.toString(NEW_TOKENS));
    settings.put("enrich.completion.max.new.tokens", Integer.toString(NEW_TOKENS));
    ServiceProcess service = lab.service(name(), settings, Map.of(), "1g");
    lab.startAndAwait(service);
    ServiceProcess next = standby ? lab.standby(service) : null;
    ScenarioResult result = new ScenarioResult(name());
    Ledger ledger = new Ledger();
    NormalTraffic traffic = new NormalTraffic(name() + "-", COMPLETION_EVERY);
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      int calibration = Math.max(200, scale.crashEvents() / 10);
      double capacity = lab.measureCapacity(service, producer, calibration, traffic::event);
      double rate = 0.8 * capacity;
      int count = Math.max(scale.crashEvents() - calibration,
          next == null ? 0 : (int) (rate * scale.kills() * STANDBY_SLICE.toSeconds()));
      double seconds = count / rate;
      result.figures.put("capacity_events_per_s", Math.round(capacity));
      result.figures.put("rate_events_per_s", Math.round(rate));
      lab.say("%s: %d events at %.0f/s (%.0f s) with %d SIGKILLs", name(), count, rate, seconds, scale.kills());
      if (next != null) {
        lab.startStandingBy(next);
      }
      Thread sender = producer.sendSteadilyInBackground(count, rate, i -> traffic.event(calibration + i));
      Random random = new Random(42);
      long start = System.nanoTime();
      List<Double> recoveries = new ArrayList<>();
      List<Double> keptRecoveries = new ArrayList<>();
      List<Double> wipedRecoveries = new ArrayList<>();
      List<StartupParts> keptParts = new ArrayList<>();
      int killsWithBothInFlight = 0;
      for (int k = 0; k < scale.kills(); k++) {
        // Spread over the sending time, with a random moment inside each slice.
        double at = seconds * (k + 0.2 + 0.6 * random.nextDouble()) / scale.kills();
        ChaosLab.sleepUntil(start, at);
        result.check(service.alive(), "the service had stopped on its own before kill " + (k + 1) + ":\n" + service.logTail(20));
        if (next != null && !sender.isAlive()) {
          // A restart finds the backlog its downtime left; a takeover leaves little, so it needs new events to show recovery.
          throw new IllegalStateException("all events were sent before kill " + (k + 1) + "; run with more --crash-events");
        }
        boolean bothInFlight = awaitBothStagesInFlight(service, sender);
        // From the moment the kill is sent: a standby may take over before the killed process is reaped.
        long killedAt = System.nanoTime();
        long killedAtEpochMs = System.currentTimeMillis();
        service.kill();
        if (bothInFlight) {
          killsWithBothInFlight++;
        }
        boolean wipe = next == null && k % 2 == 1;
        if (wipe) {
          service.wipeState();
        }
        if (next != null) {
          // The standby takes over; the killed process comes back as the next standby once this one runs.
          ServiceProcess killed = service;
          service = next;
          next = killed;
        } else {
          service.start();
        }
        double recovery = awaitFirstOutput(service, killedAt);
        recoveries.add(recovery);
        (wipe ? wipedRecoveries : keptRecoveries).add(recovery);
        Optional<StartupParts> parts = StartupParts.awaitLast(service, killedAtEpochMs);
        if (!wipe) {
          parts.ifPresent(keptParts::add);
        }
        lab.say("%s: kill %d at %.0f s%s%s, enriching again after %.1f s%s", name(), k + 1, (killedAt - start) / 1e9,
            bothInFlight ? " (both stages in flight)" : "", wipe ? " (state wiped)" : "", recovery,
            parts.map(p -> " (" + p + ")").orElse(""));
        if (next != null) {
          lab.startStandingBy(next);
        }
      }
      sender.join();
      producer.flush();
      result.check(producer.failures() == 0, producer.failures() + " sends failed: " + producer.lastFailure());
      ReadBack.Tally tally = lab.awaitAccounted(ledger, topics, Duration.ofMinutes(10), lab.client());
      result.count(ledger, tally);
      result.recoverySeconds = recoveries.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
      result.figures.put("recovery_kept_state_p50_s", round(percentile(keptRecoveries, 50)));
      result.figures.put("recovery_kept_state_max_s", round(percentile(keptRecoveries, 100)));
      if (!wipedRecoveries.isEmpty()) {
        result.figures.put("recovery_wiped_state_p50_s", round(percentile(wipedRecoveries, 50)));
        result.figures.put("recovery_wiped_state_max_s", round(percentile(wipedRecoveries, 100)));
      }
      StartupParts.median(keptParts).forEach((part, ms) -> result.figures.put("kept_state_p50_" + part, ms));
      result.figures.put("kills", scale.kills());
      result.figures.put("kills_with_both_stages_in_flight", killsWithBothInFlight);
      result.check(killsWithBothInFlight > 0, "no kill found both model stages with work in flight (enrich_in_flight of"
          + " encode and complete); the load was too light to test a crash mid-pipeline");
      result.figures.put("completions_every", COMPLETION_EVERY);
      result.figures.put("completion_new_tokens", NEW_TOKENS);
    }
    result.stayedUp = service.alive();
    result.check(result.stayedUp, "the service was not running at the end:\n" + service.logTail(20));
    if (exactlyOnce) {
      result.requireNoDuplicates();
    }
    result.maxHeapMib = lab.takeMaxHeapMib();
    lab.killServices(result);
    return result;
  }


  /**
   * Waits, up to {@link #IN_FLIGHT_WAIT} and while events are still being sent, for a moment when both model stages
   * have work in their engines, so that kills land mid-pipeline; false if none came. The kill follows the scrape by a
   * few milliseconds, so a stage may just have finished its call: the count is of kills aimed at such moments.
   */
  private static boolean awaitBothStagesInFlight(ServiceProcess service, Thread sender) throws InterruptedException {
    long deadline = System.nanoTime() + IN_FLIGHT_WAIT.toNanos();
    while (System.nanoTime() < deadline && sender.isAlive()) {
      if (service.bothStagesInFlight()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** The nearest-rank percentile, NaN for no values. */
  static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  /** Seconds from the kill until the restarted process emitted its first enriched event. */
  static double awaitFirstOutput(ServiceProcess service, long killedAt) throws InterruptedException {
    long deadline = killedAt + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (service.enrichedSinceStart() > 0) {
        return (System.nanoTime() - killedAt) / 1e9;
      }
      if (!service.alive()) {
        throw new IllegalStateException("service " + service.name() + " died after a restart:\n" + service.logTail(30));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("service " + service.name() + " enriched nothing within 5 minutes of a restart:\n"
        + service.logTail(30));
  }
}
