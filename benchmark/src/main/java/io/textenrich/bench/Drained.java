package io.textenrich.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

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
 * @param warmUpEvents the records that had come out when the clock started: the warm-up, not counted
 * @param compilerMicrosPerEvent the just-in-time compiler's time over the measured time per event, part of
 *     {@code cpuMicrosPerEvent}: what is left of its start-up work in the figures ({@link CompilerActivity#compilerNanos})
 * @param profile where the thread time went, when the phase was profiled; else null
 */
record Drained(double eventsPerSecond, double cpuMicrosPerEvent, double brokerCpuMicrosPerEvent, int warmUpEvents,
    double compilerMicrosPerEvent, PhaseProfile.Split profile) {

  /** One line for a run's progress report. */
  String summary() {
    return String.format(Locale.ROOT, "%.1f events/s after %d warm-up events; CPU per event %.0f µs in its process (the"
        + " compiler's %.0f), %.0f µs in the broker's", eventsPerSecond, warmUpEvents, cpuMicrosPerEvent,
        compilerMicrosPerEvent, brokerCpuMicrosPerEvent);
  }

  /** How a phase's events reach the application's input, and so what its time counts. */
  enum Feed {
    /**
     * Sent once the application runs: each warm-up pass once the one before has come out, the events once the
     * warm-up's have, timed from the first send to the last output; for phases at model speed, where sending costs
     * next to nothing beside enriching.
     */
    SENT_ONCE_RUNNING,
    /**
     * In the input before the application starts, behind every warm-up pass it may need, timed from the poll at which
     * the warm-up ends (without a warm-up, the first output) over as many records as the events after it: the steady
     * rate with no sender beside the application, as a ceiling must be. Needs enough events that a steady stretch
     * follows that poll.
     */
    PREFILLED
  }

  /**
   * Events enriched before the counted ones and not counted: passes of {@code pass}, repeated until this JVM's
   * just-in-time compiler has settled ({@link CompilerActivity}) or {@code maxPasses} have run, at least one. A fresh
   * JVM's first seconds (more of them the more code an application runs per event) would otherwise count, which the
   * raw engine's figures never include.
   */
  record WarmUp(List<String> pass, int maxPasses) {
    WarmUp {
      if (maxPasses < 1) {
        throw new IllegalArgumentException("a warm-up runs at least one pass, not " + maxPasses);
      }
      pass = List.copyOf(pass);
    }

    /** No warm-up: the clock starts with the first output. */
    static WarmUp none() {
      return new WarmUp(List.of(), 1);
    }

    /** The most events the warm-up can take: what a prefilled input holds in front of the events. */
    int maxEvents() {
      return pass.size() * maxPasses;
    }
  }

  /** Before the application starts: a prefilled phase's warm-up passes and events go to its input now. */
  static void prepare(Feed feed, String bootstrap, String input, WarmUp warmUp, List<String> events) {
    if (feed == Feed.PREFILLED) {
      BenchTopics.produce(bootstrap, input, Collections.nCopies(warmUp.maxPasses(), warmUp.pass()).stream()
          .flatMap(List::stream).toList());
      BenchTopics.produce(bootstrap, input, events);
    }
  }

  /**
   * Once the application runs: the warm-up first, enriched but not counted, then the events, each sent if the feed
   * says so, reading the records from {@code output}; a JFR recording of the counted part into {@code profile} unless
   * null.
   *
   * @param brokerPid the broker's process, whose CPU time is measured too; empty when it runs in this process
   */
  static Drained measure(Feed feed, String bootstrap, OptionalLong brokerPid, String input, WarmUp warmUp,
      List<String> events, String output, Path profile) {
    CompilerActivity compiler = CompilerActivity.ofThisJvm();
    Clock clock = new Clock(brokerPid, profile);
    // Records sent so far (a sent feed) and warm-up passes begun.
    int[] sent = new int[1];
    int[] passes = new int[1];
    if (feed == Feed.SENT_ONCE_RUNNING) {
      if (warmUp.pass().isEmpty()) {
        clock.start(0);
        BenchTopics.produce(bootstrap, input, events);
        sent[0] = events.size();
      } else {
        BenchTopics.produce(bootstrap, input, warmUp.pass());
        sent[0] = warmUp.pass().size();
        passes[0] = 1;
      }
    }
    int prefilled = warmUp.maxEvents() + events.size();
    BenchTopics.drainByPoll(bootstrap, output, (seenBefore, count) -> {
      int seen = seenBefore + count;
      if (clock.started()) {
        clock.polled(seen);
        return feed == Feed.SENT_ONCE_RUNNING ? seen < sent[0] : seen - clock.outBefore < events.size() && seen < prefilled;
      }
      // Judged at every poll, so that its windows follow the warm-up.
      boolean settled = compiler.settled();
      if (feed == Feed.SENT_ONCE_RUNNING && seen >= sent[0]) {
        boolean more = !settled && passes[0] < warmUp.maxPasses();
        if (!more) {
          clock.start(seen);
        }
        List<String> next = more ? warmUp.pass() : events;
        BenchTopics.produce(bootstrap, input, next);
        sent[0] += next.size();
        passes[0] += more ? 1 : 0;
      } else if (feed == Feed.PREFILLED && seen >= Math.max(1, warmUp.pass().size())
          && (settled || seen >= warmUp.maxEvents())) {
        // The records out at this poll were enriched before it: not counted.
        clock.start(seen);
      }
      return true;
    });
    return clock.stop(events.size());
  }

  /** The clock of the counted part: wall, CPU and compiler time, the records out before it, and the recording. */
  private static final class Clock {
    private final OptionalLong brokerPid;
    private final Path profile;
    private PhaseProfile recording;
    private boolean started;
    private long wall;
    private long cpu;
    private long brokerCpu;
    private long compilerNanos;
    private int outBefore;
    private int seen;
    private long lastPoll;

    Clock(OptionalLong brokerPid, Path profile) {
      this.brokerPid = brokerPid;
      this.profile = profile;
    }

    boolean started() {
      return started;
    }

    void start(int outBefore) {
      started = true;
      recording = profile == null ? null : PhaseProfile.start(profile);
      this.outBefore = outBefore;
      seen = outBefore;
      wall = System.nanoTime();
      lastPoll = wall;
      cpu = processCpuNanos();
      brokerCpu = brokerCpuNanos(brokerPid);
      compilerNanos = CompilerActivity.compilerNanos();
    }

    /** A poll after the start found records: {@code seen} are out, and the counted part lasts until now at least. */
    void polled(int seen) {
      this.seen = seen;
      lastPoll = System.nanoTime();
    }

    /** The figures of the counted part, up to the last poll that found records; the events the phase was given. */
    Drained stop(int events) {
      long wallTime = lastPoll - wall;
      long cpuTime = processCpuNanos() - cpu;
      long brokerCpuTime = brokerCpuNanos(brokerPid) - brokerCpu;
      long compilerTime = CompilerActivity.compilerNanos() - compilerNanos;
      PhaseProfile.Split split = recording == null ? null : recording.stop(Thread.currentThread().getName());
      long counted = seen - outBefore;
      if (counted < events / 2) {
        throw new IllegalStateException(counted + " of " + events + " records came out after the clock started, too few to"
            + " measure a steady rate; give the phase more events (--records)");
      }
      double brokerPerEvent = brokerCpu < 0 ? Double.NaN : brokerCpuTime / 1e3 / counted;
      return new Drained(counted / (wallTime / 1e9), cpuTime / 1e3 / counted, brokerPerEvent, outBefore,
          compilerTime / 1e3 / counted, split);
    }
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
