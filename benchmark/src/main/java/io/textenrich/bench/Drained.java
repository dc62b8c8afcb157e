package io.textenrich.bench;

import io.textenrich.devkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One application enriching a phase's events, measured as its {@link Feed} says. Never from the
 * moment it reports RUNNING over a pre-filled topic: an application processes before that (a stream
 * thread that has its partitions works through its first poll while another one still joins), so
 * those records would count as free and the start would decide the figure.
 *
 * @param eventsPerSecond events over the measured time
 * @param cpuMicrosPerEvent this process's CPU time over that time per event: the application and the
 *     benchmark's reader (and sender), not the broker (a child process)
 * @param brokerCpuMicrosPerEvent the broker's CPU time over that time per event: the input, output,
 *     changelog and transaction traffic the application caused; NaN when the broker's process cannot
 *     be read (a broker in this process)
 * @param profile where the thread time went, when the phase was profiled; else null
 */
record Drained(double eventsPerSecond, double cpuMicrosPerEvent, double brokerCpuMicrosPerEvent, PhaseProfile.Split profile) {

  /** How a phase's events reach the application's input, and so what its time counts. */
  enum Feed {
    /**
     * Sent once the application runs, timed from the first send to the last output: for phases of a few hundred
     * events at model speed, where sending costs next to nothing beside enriching.
     */
    SENT_ONCE_RUNNING,
    /**
     * In the input before the application starts, timed from the first poll that finds output to the last output,
     * over the records after that poll: the steady rate with no sender beside the application, as a ceiling must
     * be. Needs enough events that most come after the first poll.
     */
    PREFILLED
  }

  /** Before the application starts: a prefilled phase's events go to its input now. */
  static void prepare(Feed feed, KafkaBroker broker, String input, List<String> events) {
    if (feed == Feed.PREFILLED) {
      BenchTopics.produce(broker.bootstrapServers(), input, events);
    }
  }

  /**
   * Once the application runs: sends the events if the feed says so and reads as many records from {@code output},
   * with a JFR recording into {@code profile} unless null.
   */
  static Drained measure(Feed feed, KafkaBroker broker, String input, List<String> events, String output, Path profile) {
    PhaseProfile recording = profile == null ? null : PhaseProfile.start(profile);
    long[] from = {System.nanoTime(), processCpuNanos(), 0, brokerCpuNanos(broker)};
    if (feed == Feed.SENT_ONCE_RUNNING) {
      BenchTopics.produce(broker.bootstrapServers(), input, events);
      BenchTopics.drain(broker, output, events.size(), null, r -> { });
    } else {
      BenchTopics.drainByPoll(broker, output, events.size(), (seenBefore, count) -> {
        if (seenBefore == 0) {
          from[0] = System.nanoTime();
          from[1] = processCpuNanos();
          from[2] = count;
          from[3] = brokerCpuNanos(broker);
        }
      });
    }
    long wall = System.nanoTime() - from[0];
    long cpu = processCpuNanos() - from[1];
    long brokerCpu = brokerCpuNanos(broker) - from[3];
    PhaseProfile.Split split = recording == null ? null : recording.stop(Thread.currentThread().getName());
    long counted = events.size() - from[2];
    if (counted < events.size() / 2) {
      throw new IllegalStateException(from[2] + " of " + events.size() + " records were out at the first poll, too many to"
          + " measure a steady rate; give the phase more events (--records)");
    }
    double brokerPerEvent = from[3] < 0 ? Double.NaN : brokerCpu / 1e3 / counted;
    return new Drained(counted / (wall / 1e9), cpu / 1e3 / counted, brokerPerEvent, split);
  }

  /** The broker's CPU time so far; -1 when it runs in this process or its process cannot be read. */
  static long brokerCpuNanos(KafkaBroker broker) {
    if (broker.childPid().isEmpty()) {
      return -1;
    }
    return ProcessHandle.of(broker.childPid().getAsLong())
        .flatMap(p -> p.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(-1L);
  }

  /** This process's CPU time so far, every thread (native ones too, such as the tokenizer's). */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("This Java runtime does not report the process's CPU time (com.sun.management)");
  }
}
