package io.textenrich.topology.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one failure policy of the stages: a failed call is narrowed down to the items that make it
 * fail, and an item's failure counts as its own only once it failed alone. A failed call is split
 * in halves, each half is tried again, and so on down to single items; a single item then runs by
 * itself, outside the shared backend, where a call may have held other callers' items too. One
 * bad input in a batch of n costs about 2 log2(n) extra calls, and every other item still gets its
 * result.
 */
public final class FailureIsolation {

  /** One item's result, or the failure of the call that had only this item. */
  public record Outcome<R>(R result, Throwable failure) {

    static <R> Outcome<R> ok(R result) {
      return new Outcome<>(result, null);
    }

    public boolean failed() {
      return failure != null;
    }
  }

  private FailureIsolation() {}

  /**
   * @param first the call on all {@code items} through the shared backend, already started
   * @param shared runs some items through the shared backend (one result per item, in order), for
   *     the retries
   * @param alone runs one item by itself; null when the shared backend never puts other callers'
   *     items into a call, so that a single item's failure there is already its own
   * @param executor where retries start from: never a model's own thread, which a retry waiting
   *     for admission to that model would block
   */
  public static <I, R> CompletableFuture<List<Outcome<R>>> run(List<I> items, CompletableFuture<List<R>> first,
      Function<List<I>, CompletableFuture<List<R>>> shared, Function<I, CompletableFuture<R>> alone, Executor executor) {
    return first.handleAsync((results, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(results.stream().map(Outcome::ok).toList());
      }
      if (items.size() == 1) {
        return alone == null
            ? CompletableFuture.completedFuture(List.of(new Outcome<R>(null, unwrap(error))))
            : runAlone(items.get(0), alone);
      }
      int mid = items.size() / 2;
      CompletableFuture<List<Outcome<R>>> left = retry(items.subList(0, mid), shared, alone, executor);
      CompletableFuture<List<Outcome<R>>> right = retry(items.subList(mid, items.size()), shared, alone, executor);
      return left.thenCombine(right, (a, b) -> {
        List<Outcome<R>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
      });
    }, executor).thenCompose(f -> f);
  }

  private static <I, R> CompletableFuture<List<Outcome<R>>> retry(List<I> items,
      Function<List<I>, CompletableFuture<List<R>>> shared, Function<I, CompletableFuture<R>> alone, Executor executor) {
    return run(items, attempt(() -> shared.apply(items)), shared, alone, executor);
  }

  private static <I, R> CompletableFuture<List<Outcome<R>>> runAlone(I item, Function<I, CompletableFuture<R>> alone) {
    return attempt(() -> alone.apply(item)).handle((result, error) ->
        List.of(error == null ? Outcome.ok(result) : new Outcome<R>(null, unwrap(error))));
  }

  /** A call that throws instead of failing its future counts as a failed call. */
  private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The model's own exception, without the wrappers that futures add. */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
