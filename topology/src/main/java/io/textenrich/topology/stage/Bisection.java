package io.textenrich.topology.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Narrows a failing model call to the items that make it fail: a failed call is split in halves,
 * each half is tried again, and so on down to single items. One bad input in a batch of n costs
 * about 2 log2(n) extra calls, and every other item still gets its result.
 */
public final class Bisection {

  /** One item's result, or the failure of the call that had only this item. */
  public record Outcome<R>(R result, Throwable failure) {

    static <R> Outcome<R> ok(R result) {
      return new Outcome<>(result, null);
    }

    public boolean failed() {
      return failure != null;
    }
  }

  private Bisection() {}

  /**
   * @param first the call on all {@code items}, already started
   * @param call runs the model on some items (one result per item, in order), for the retries
   * @param executor where retries start from: never a model's own thread, which a retry waiting
   *     for admission to that model would block
   */
  public static <I, R> CompletableFuture<List<Outcome<R>>> run(List<I> items, CompletableFuture<List<R>> first,
      Function<List<I>, CompletableFuture<List<R>>> call, Executor executor) {
    return first.handleAsync((results, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(results.stream().map(Outcome::ok).toList());
      }
      if (items.size() == 1) {
        return CompletableFuture.completedFuture(List.of(new Outcome<R>(null, unwrap(error))));
      }
      int mid = items.size() / 2;
      CompletableFuture<List<Outcome<R>>> left = retry(items.subList(0, mid), call, executor);
      CompletableFuture<List<Outcome<R>>> right = retry(items.subList(mid, items.size()), call, executor);
      return left.thenCombine(right, (a, b) -> {
        List<Outcome<R>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
      });
    }, executor).thenCompose(f -> f);
  }

  private static <I, R> CompletableFuture<List<Outcome<R>>> retry(List<I> items,
      Function<List<I>, CompletableFuture<List<R>>> call, Executor executor) {
    CompletableFuture<List<R>> attempt;
    try {
      attempt = call.apply(items);
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    return run(items, attempt, call, executor);
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
