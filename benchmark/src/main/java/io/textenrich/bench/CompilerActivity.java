package io.textenrich.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Whether this JVM's just-in-time compiler has settled: its compile time over the last whole window under a small
 * share of the window. A fresh JVM running Kafka Streams, Avro and the service compiles for tens of seconds; on two
 * cores the compiler's threads took 35 to 55% of a core through the first 20 s of a ceiling run, and 5 to 20% of one
 * throughout a 25 s run at model speed: time a long-running service no longer spends.
 */
final class CompilerActivity {

  /**
   * A window long enough that neither one large compilation nor a quiet moment decides it: at model speed the
   * compiler works in bursts a few seconds apart (3 s windows under the share were followed by counted parts in which
   * it took 12% of a core).
   */
  static final long WINDOW_NANOS = 10_000_000_000L;
  /** Settled: compiling for at most this share of a window's wall time. */
  static final double SETTLED_SHARE = 0.05;

  private final LongSupplier nanos;
  private final LongSupplier compilerNanos;
  private long windowStart;
  private long compilerAtWindowStart;
  private boolean settled;

  CompilerActivity(LongSupplier nanos, LongSupplier compilerNanos) {
    this.nanos = nanos;
    this.compilerNanos = compilerNanos;
    this.windowStart = nanos.getAsLong();
    this.compilerAtWindowStart = compilerNanos.getAsLong();
  }

  /** This JVM's compiler, on the wall clock. */
  static CompilerActivity ofThisJvm() {
    return new CompilerActivity(System::nanoTime, CompilerActivity::compilerNanos);
  }

  /** Whether the last whole window was settled; a window that has ended is judged now and the next one begins. */
  boolean settled() {
    long now = nanos.getAsLong();
    if (now - windowStart >= WINDOW_NANOS) {
      long compiled = compilerNanos.getAsLong();
      settled = compiled - compilerAtWindowStart <= SETTLED_SHARE * (now - windowStart);
      windowStart = now;
      compilerAtWindowStart = compiled;
    }
    return settled;
  }

  /**
   * The time this JVM's just-in-time compiler has spent so far, in nanoseconds: on Linux its threads' CPU time (HotSpot
   * hides them from the thread MXBean); elsewhere the compilations' accumulated duration, which on busy cores is more
   * than their CPU time, so that a settled verdict errs late; 0 where neither can be read.
   */
  static long compilerNanos() {
    Path tasks = Path.of("/proc/self/task");
    if (Files.isDirectory(tasks)) {
      try (Stream<Path> threads = Files.list(tasks)) {
        return threads.mapToLong(CompilerActivity::compilerThreadNanos).sum();
      } catch (IOException | UncheckedIOException e) {
        // Fall through to the compilations' duration.
      }
    }
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    return compiler != null && compiler.isCompilationTimeMonitoringSupported()
        ? compiler.getTotalCompilationTime() * 1_000_000 : 0;
  }

  /** A thread's CPU time if it is one of HotSpot's compiler threads ("C1 CompilerThread0", "C2 CompilerThread1"), else 0. */
  private static long compilerThreadNanos(Path thread) {
    try {
      String name = Files.readString(thread.resolve("comm")).strip();
      if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
        return 0;
      }
      // schedstat: time on a CPU in nanoseconds, then time waiting, then timeslices.
      return Long.parseLong(Files.readString(thread.resolve("schedstat")).strip().split(" ")[0]);
    } catch (IOException | NumberFormatException e) {
      // A thread that ended while listed, or a kernel without schedstat: nothing to count.
      return 0;
    }
  }
}
