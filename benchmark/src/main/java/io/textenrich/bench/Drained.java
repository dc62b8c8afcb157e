package io.textenrich.bench;

import io.textenrich.devkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * One application draining a pre-filled input topic, measured from the moment it runs to the last
 * committed output record read.
 *
 * @param eventsPerSecond events over that wall time
 * @param cpuMicrosPerEvent this process's CPU time over that time per event: the application and the
 *     benchmark's reader, not the broker (a child process)
 * @param profile where the thread time went, when the phase was profiled; else null
 */
record Drained(double eventsPerSecond, double cpuMicrosPerEvent, PhaseProfile.Split profile) {

  /** Reads {@code expected} records from {@code output}, with a JFR recording into {@code profile} unless null. */
  static Drained measure(KafkaBroker broker, String output, int expected, Path profile) {
    PhaseProfile recording = profile == null ? null : PhaseProfile.start(profile);
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    BenchTopics.drain(broker, output, expected, null, r -> { });
    long wall = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuStart;
    PhaseProfile.Split split = recording == null ? null : recording.stop(Thread.currentThread().getName());
    return new Drained(expected / (wall / 1e9), cpu / 1e3 / expected, split);
  }

  /** This process's CPU time so far, every thread (native ones too, such as the tokenizer's). */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("This Java runtime does not report the process's CPU time (com.sun.management)");
  }
}
