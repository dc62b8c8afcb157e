package io.textenrich.cli.chaos;

import io.textenrich.schemas.EnrichedText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ten times what the service can take, for a while. Heap must stay bounded (the largest use is reported), no stream
 * thread may be expelled from the group for exceeding {@code max.poll.interval.ms} (the log is searched and the
 * rebalances counted), the encoder stage's in-service latency (what a moderation verdict waits) must stay bounded
 * while the backlog sits in Kafka, and the backlog must drain afterwards at full speed.
 */
final class Overload implements Scenario {

  private static final String HEAP = "768m";

  @Override
  public String name() {
    return "overload";
  }

  @Override
  public String description() {
    return "ten times the service's capacity, then the backlog drains";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of(name());
    lab.createTopics(topics, 4);
    Map<String, String> settings = lab.serviceSettings(name(), topics);
    ServiceProcess service = lab.service(name(), settings, Map.of(), HEAP);
    lab.startAndAwait(service);
    ScenarioResult result = new ScenarioResult(name());
    Ledger ledger = new Ledger();
    NormalTraffic traffic = new NormalTraffic(name() + "-", 0);
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      int calibration = 1000;
      double capacity = lab.measureCapacity(service, producer, calibration, traffic::event);
      int rebalancesBefore = rebalances(service.logText());
      double rate = 10 * capacity;
      int count = (int) (rate * scale.overload().toSeconds());
      lab.say("overload: %d events at %.0f/s for %d s (capacity %.0f/s)", count, rate, scale.overload().toSeconds(), capacity);
      producer.sendSteadily(count, rate, i -> traffic.event(calibration + i));
      producer.flush();
      long sent = System.nanoTime();
      double enrichedAtEnd = service.enrichedSinceStart();
      double backlog = calibration + count - enrichedAtEnd;
      lab.say("overload: sending done, %.0f events to drain", backlog);
      List<Double> latencies = new ArrayList<>();
      ReadBack.Tally tally = lab.awaitAccounted(ledger, topics, Duration.ofSeconds((long) (backlog / capacity * 3) + 300),
          lab.client(), record -> latencies.add(inServiceMs(record)));
      double drainSeconds = (System.nanoTime() - sent) / 1e9;
      result.count(ledger, tally);
      result.requireNoDuplicates();
      double drainRate = backlog / drainSeconds;
      result.figures.put("capacity_events_per_s", Math.round(capacity));
      result.figures.put("offered_events_per_s", Math.round(rate));
      result.figures.put("drain_events_per_s", Math.round(drainRate));
      result.figures.put("drain_share_of_capacity", Math.round(100 * drainRate / capacity) / 100.0);
      double[] latency = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      if (latency.length > 0) {
        result.figures.put("encoder_latency_p99_ms", latency[(int) Math.min(latency.length - 1, Math.ceil(latency.length * 0.99) - 1)]);
        result.figures.put("encoder_latency_max_ms", Arrays.stream(latency).max().orElse(0));
      }
      String log = service.logText();
      int rebalances = rebalances(log) - rebalancesBefore;
      result.figures.put("rebalances_during_overload", rebalances);
      result.check(!log.contains("poll timeout has expired"),
          "a stream thread exceeded max.poll.interval.ms and left the group (see " + service.log() + ")");
      result.check(rebalances == 0, rebalances + " rebalance(s) during the overload: a member was expelled or restarted");
      result.check(drainRate >= 0.7 * capacity, String.format("the backlog drained at %.0f/s, under 70%% of capacity %.0f/s",
          drainRate, capacity));
      result.recoverySeconds = drainSeconds;
    }
    result.stayedUp = service.alive();
    result.check(result.stayedUp, "the service stopped:\n" + service.logTail(20));
    result.maxHeapMib = lab.takeMaxHeapMib();
    lab.killServices();
    return result;
  }

  /** Time inside the encoder stage: waiting in the buffer and the model call, as the record reports it. */
  private static double inServiceMs(EnrichedText record) {
    return record.getEmbedding().getStats().getQueueWaitMs() + record.getEmbedding().getStats().getInferenceMs();
  }

  private static int rebalances(String log) {
    return (int) log.lines().filter(l -> l.contains("Kafka Streams state RUNNING -> REBALANCING")).count();
  }
}
