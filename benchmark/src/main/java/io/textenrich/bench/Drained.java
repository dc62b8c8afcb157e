package io.textenrich.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

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
     * Sent once the application runs (the events once the warm-up's have come out), timed from the first send to the
     * last output: for phases at model speed, where sending costs next to nothing beside enriching.
     */
    SENT_ONCE_RUNNING,
    /**
     * In the input before the application starts, behind the warm-up, timed from the poll that finds the warm-up's
     * last output (without a warm-up, the first output) to the last output, over the records after that poll: the
     * steady rate with no sender beside the application, as a ceiling must be. Needs enough events that most come
     * after that poll.
     */
    PREFILLED
  }

  /** Before the application starts: a prefilled phase's warm-up and events go to its input now. */
  static void prepare(Feed feed, String bootstrap, String input, List<String> warmUp, List<String> events) {
    if (feed == Feed.PREFILLED) {
      BenchTopics.produce(bootstrap, input, warmUp);
      BenchTopics.produce(bootstrap, input, events);
    }
  }

  /**
   * Once the application runs: the {@code warmUp} events first, enriched but not counted, then the events, each sent
   * if the feed says so, reading every record from {@code output}; a JFR recording of the counted part into
   * {@code profile} unless null. The warm-up leaves the just-in-time compiler's work (the first seconds of a JVM, more
   * of them the more code an application runs per event) out of the rate, as the raw engine's first call is.
   *
   * @param brokerPid the broker's process, whose CPU time is measured too; empty when it runs in this process
   */
  static Drained measure(Feed feed, String bootstrap, OptionalLong brokerPid, String input, List<String> warmUp,
      List<String> events, String output, Path profile) {
    int total = warmUp.size() + events.size();
    // The clock's start: wall and CPU time, the records out before it, the broker's CPU time; and the recording.
    long[] from = new long[4];
    PhaseProfile[] recording = new PhaseProfile[1];
    Consumer<Integer> startClock = outBefore -> {
      recording[0] = profile == null ? null : PhaseProfile.start(profile);
      from[0] = System.nanoTime();
      from[1] = processCpuNanos();
      from[2] = outBefore;
      from[3] = brokerCpuNanos(brokerPid);
    };
    boolean[] started = new boolean[1];
    if (feed == Feed.SENT_ONCE_RUNNING) {
      BenchTopics.produce(bootstrap, input, warmUp);
      if (warmUp.isEmpty()) {
        started[0] = true;
        startClock.accept(0);
        BenchTopics.produce(bootstrap, input, events);
      }
      BenchTopics.drainByPoll(bootstrap, output, total, (seenBefore, count) -> {
        if (!started[0] && seenBefore + count >= warmUp.size()) {
          started[0] = true;
          startClock.accept(seenBefore + count);
          BenchTopics.produce(bootstrap, input, events);
        }
      });
    } else {
      // The records out at the poll that starts the clock were enriched before it: not counted.
      BenchTopics.drainByPoll(bootstrap, output, total, (seenBefore, count) -> {
        if (!started[0] && seenBefore + count >= Math.max(1, warmUp.size())) {
          started[0] = true;
          startClock.accept(seenBefore + count);
        }
      });
    }
    long wall = System.nanoTime() - from[0];
    long cpu = processCpuNanos() - from[1];
    long brokerCpu = brokerCpuNanos(brokerPid) - from[3];
    PhaseProfile.Split split = recording[0] == null ? null : recording[0].stop(Thread.currentThread().getName());
    long counted = total - from[2];
    if (counted < events.size() / 2) {
      throw new IllegalStateException((from[2] - warmUp.size()) + " of " + events.size() + " records were out when the"
          + " clock started, too many to measure a steady rate; give the phase more events (--records)");
    }
    double brokerPerEvent = from[3] < 0 ? Double.NaN : brokerCpu / 1e3 / counted;
    return new Drained(counted / (wall / 1e9), cpu / 1e3 / counted, brokerPerEvent, split);
  }

  /** The broker's CPU time so far; -1 when it runs in this process or its process cannot be read. */
  static long brokerCpuNanos(OptionalLong brokerPid) {
    if (brokerPid.isEmpty()) {
      return -1;
    }
    return ProcessHandle.of(brokerPid.getAsLong())
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
