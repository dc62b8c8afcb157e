package io.textenrich.bench;

import io.textenrich.devkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * One application draining a pre-filled input topic, measured from the first poll that finds committed
 * output to the last committed output record read, over the records that came after that poll. An
 * application may process before it reports RUNNING (a stream thread that has its partitions while
 * another one still joins), so the time from RUNNING would count early records as free and overstate
 * the rate by as much as the start happened to take.
 *
 * @param eventsPerSecond events after the first poll with output, over the time from it to the last one
 * @param cpuMicrosPerEvent this process's CPU time over that time per such event: the application and
 *     the benchmark's reader, not the broker (a child process)
 * @param profile where the thread time went, when the phase was profiled; else null
 */
record Drained(double eventsPerSecond, double cpuMicrosPerEvent, PhaseProfile.Split profile) {

  /** Reads {@code expected} records from {@code output}, with a JFR recording into {@code profile} unless null. */
  static Drained measure(KafkaBroker broker, String output, int expected, Path profile) {
    PhaseProfile recording = profile == null ? null : PhaseProfile.start(profile);
    long[] firstPoll = new long[3];
    BenchTopics.drainByPoll(broker, output, expected, (seenBefore, count) -> {
      if (seenBefore == 0) {
        firstPoll[0] = System.nanoTime();
        firstPoll[1] = processCpuNanos();
        firstPoll[2] = count;
      }
    });
    long wall = System.nanoTime() - firstPoll[0];
    long cpu = processCpuNanos() - firstPoll[1];
    PhaseProfile.Split split = recording == null ? null : recording.stop(Thread.currentThread().getName());
    long after = expected - firstPoll[2];
    if (after < expected / 4) {
      throw new IllegalStateException(firstPoll[2] + " of " + expected + " records were out at the first poll: too few left"
          + " to measure a rate; give the phase more records");
    }
    return new Drained(after / (wall / 1e9), cpu / 1e3 / after, split);
  }

  /** This process's CPU time so far, every thread (native ones too, such as the tokenizer's). */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("This Java runtime does not report the process's CPU time (com.sun.management)");
  }
}
