package io.textenrich.model;

import java.util.concurrent.CompletableFuture;

/**
 * An engine's answer to work offered to it, and its one back-pressure signal: accepted, with the
 * future of the result, or full, which is no failure of the work: offer it again once the engine
 * has finished something. An offer never waits.
 */
public sealed interface Admission<T> {

  /** The work is queued; {@code result} completes with its result or its failure. */
  record Accepted<T>(CompletableFuture<T> result) implements Admission<T> {}

  /** Nothing was queued; {@code reason} says which limit was reached, for logs. */
  record Full<T>(String reason) implements Admission<T> {}

  static <T> Admission<T> accepted(CompletableFuture<T> result) {
    return new Accepted<>(result);
  }

  static <T> Admission<T> full(String reason) {
    return new Full<>(reason);
  }
}
