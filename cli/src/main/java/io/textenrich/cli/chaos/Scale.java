package io.textenrich.cli.chaos;

import java.time.Duration;

/**
 * How big the scenarios are. {@link #FULL} is the drill as specified; {@link #QUICK} is the same drill shrunk to
 * fit a test suite (fewer events, fewer kills, shorter outages), with the same checks.
 *
 * @param crashEvents events of the crash scenario
 * @param kills SIGKILLs in the crash scenario
 * @param outages broker outages, one scenario each
 * @param overload how long the overload scenario sends ten times what the service can take
 * @param hostileEvents generated malformed or odd events
 * @param rebalanceEvents events of the rebalance scenario
 */
record Scale(String name, int crashEvents, int kills, Duration[] outages, Duration overload, int hostileEvents,
    int rebalanceEvents) {

  static final Scale FULL = new Scale("full", 20_000, 5, new Duration[] {Duration.ofSeconds(60), Duration.ofMinutes(5)},
      Duration.ofMinutes(2), 5_000, 6_000);
  @Override
  public String toString() {
    return crashEvents + " crash events, " + kills + " kills, outages " + java.util.Arrays.toString(outages) + ", overload "
        + overload + ", " + hostileEvents + " hostile events, " + rebalanceEvents + " rebalance events";
  }

  Scale withCrashEvents(int events) {
    return new Scale(name + "+", events, kills, outages, overload, hostileEvents, rebalanceEvents);
  }

  Scale withOverload(Duration duration) {
    return new Scale(name + "+", crashEvents, kills, outages, duration, hostileEvents, rebalanceEvents);
  }

  Scale withRebalanceEvents(int events) {
    return new Scale(name + "+", crashEvents, kills, outages, overload, hostileEvents, events);
  }

  static final Scale QUICK = new Scale("quick", 800, 2, new Duration[] {Duration.ofSeconds(20)}, Duration.ofSeconds(20),
      400, 600);
}
