package io.textenrich.bench;

/** Wall time of one measured phase. */
record Stopwatch(long startNanos) {

  static Stopwatch start() {
    return new Stopwatch(System.nanoTime());
  }

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
