package io.textenrich.bench;

import io.textenrich.devkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * One application enriching events that are sent to its input only once it runs, measured from the
 * first send to the last committed output record read. An application can process before it
 * reports RUNNING (a stream thread that has its partitions works through its first poll of a
 * pre-filled topic while another one still joins), so timing a pre-filled drain from RUNNING counted
 * those records as free.
 *
 * @param eventsPerSecond events over that wall time
 * @param cpuMicrosPerEvent this process's CPU time over that time per event: the application, the
 *     benchmark's sender and reader, not the broker (a child process)
 * @param profile where the thread time went, when the phase was profiled; else null
 */
record Drained(double eventsPerSecond, double cpuMicrosPerEvent, PhaseProfile.Split profile) {

  /**
   * Sends {@code events} to {@code input} and reads as many records from {@code output}, with a JFR recording into
   * {@code profile} unless null.
   */
  static Drained measure(KafkaBroker broker, String input, List<String> events, String output, Path profile) {
    PhaseProfile recording = profile == null ? null : PhaseProfile.start(profile);
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    BenchTopics.produce(broker.bootstrapServers(), input, events);
    BenchTopics.drain(broker, output, events.size(), null, r -> { });
    long wall = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuStart;
    PhaseProfile.Split split = recording == null ? null : recording.stop(Thread.currentThread().getName());
    return new Drained(events.size() / (wall / 1e9), cpu / 1e3 / events.size(), split);
  }

  /** This process's CPU time so far, every thread (native ones too, such as the tokenizer's). */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("This Java runtime does not report the process's CPU time (com.sun.management)");
  }
}
