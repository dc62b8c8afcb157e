package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompilerActivityTest {

  private long nanos;
  private long compilerMillis;
  private final CompilerActivity compiler = new CompilerActivity(() -> nanos, () -> compilerMillis * 1_000_000);

  private void after(long millis, long compiled) {
    nanos += millis * 1_000_000;
    compilerMillis += compiled;
  }

  @Test
  void nothingIsSettledBeforeAWholeWindowHasBeenSeen() {
    after(9_999, 0);
    assertFalse(compiler.settled());
  }

  @Test
  void aWindowWithLittleCompilingIsSettled() {
    after(10_000, 500);
    assertTrue(compiler.settled(), "500 ms of compiling in 10 s is 5%");
  }

  @Test
  void aWindowWithMoreCompilingIsNot() {
    after(10_000, 501);
    assertFalse(compiler.settled());
  }

  @Test
  void theVerdictIsTheLastWholeWindowsAndABusyWindowUnsettlesIt() {
    after(10_000, 0);
    assertTrue(compiler.settled());
    // Within the next window the verdict stays the last one's, however busy the compiler is meanwhile.
    after(1_000, 900);
    assertTrue(compiler.settled());
    after(9_000, 0);
    assertFalse(compiler.settled(), "900 ms of compiling in the window just ended");
  }

  @Test
  void thisJvmsCompilerTimeIsReadAndNeverFalls() {
    // A JVM that has run JUnit has compiled: a reading of 0 would mean the compiler's time is not read at all.
    long before = CompilerActivity.compilerNanos();
    assertTrue(before > 0, "compiler time " + before);
    long after = CompilerActivity.compilerNanos();
    assertTrue(after >= before, before + " then " + after);
  }
}
