package io.textenrich.cli.chaos;

import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.config.ServiceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ten times what the service can take, for a while. Heap must stay bounded (the largest use is reported), no stream
 * thread may be expelled from the group for exceeding {@code max.poll.interval.ms} (the log is searched, the
 * rebalances counted, and the consumers' group joins must not move: the Admin API gives no generation for a classic
 * group), the encoder stage's in-service latency (what a moderation verdict waits) must stay bounded
 * while the backlog sits in Kafka, and the backlog must drain afterwards at full speed.
 */
final class Overload implements Scenario {

  private static final int HEAP_MIB = 768;
  private static final int PARTITIONS = 4;
  /** Group joins of the stream threads' consumers: an expelled member must join again, so this must not move. */
  private static final String GROUP_JOINS = "kafka_consumer_coordinator_join_total";

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
    lab.createTopics(topics, PARTITIONS);
    Map<String, String> settings = lab.serviceSettings(name(), topics);
    ServiceProcess service = lab.service(name(), settings, Map.of(), HEAP_MIB + "m");
    lab.startAndAwait(service);
    ScenarioResult result = new ScenarioResult(name());
    Ledger ledger = new Ledger();
    NormalTraffic traffic = new NormalTraffic(name() + "-", 0);
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      // A short burst underrates a service whose calls grow with its backlog: a second burst, about 15 s long at the
      // first estimate, measures it at the call sizes a backlog brings.
      int firstBurst = 1000;
      double estimate = lab.measureCapacity(service, producer, firstBurst, traffic::event);
      int secondBurst = (int) Math.min(20_000, Math.max(firstBurst, 15 * estimate));
      double capacity = lab.measureCapacity(service, producer, secondBurst, i -> traffic.event(firstBurst + i));
      int calibration = firstBurst + secondBurst;
      int rebalancesBefore = rebalances(service.logText());
      double joinsBefore = service.metric(GROUP_JOINS);
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
      result.figures.put("offered_over_drain", Math.round(10 * rate / drainRate) / 10.0);
      double[] latency = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      // What a verdict may wait with every task's encoder buffer full, three times over, plus start-up slack: a
      // bound that holds on any machine, while a buffer that grows with the backlog passes it within seconds.
      double latencyBoundMs = 3 * PARTITIONS * ServiceConfig.defaults().stages().encoderMaxBuffered() / capacity * 1000 + 5000;
      result.figures.put("encoder_latency_bound_ms", Math.round(latencyBoundMs));
      if (latency.length > 0) {
        double p99 = latency[(int) Math.min(latency.length - 1, Math.ceil(latency.length * 0.99) - 1)];
        result.figures.put("encoder_latency_p99_ms", p99);
        result.figures.put("encoder_latency_max_ms", Arrays.stream(latency).max().orElse(0));
        result.check(p99 <= latencyBoundMs, String.format("the encoder stage's p99 in-service time was %.0f ms, over the %.0f ms"
            + " its full buffers explain: input was taken faster than the stage freed room", p99, latencyBoundMs));
      }
      double joins = service.metric(GROUP_JOINS) - joinsBefore;
      result.figures.put("group_joins_during_overload", Math.round(joins));
      result.check(joinsBefore >= 0 && joins == 0, "the stream threads' consumers joined the group " + Math.round(joins)
          + " more time(s) during the overload (" + GROUP_JOINS + "): a member was expelled and rejoined");
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
    result.check(result.maxHeapMib <= HEAP_MIB * 3 / 4, "the heap reached " + result.maxHeapMib + " MiB of " + HEAP_MIB
        + " MiB: the service held the backlog instead of leaving it in Kafka");
    lab.killServices(result);
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
