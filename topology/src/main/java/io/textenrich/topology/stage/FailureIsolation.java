package io.textenrich.topology.stage;

import io.textenrich.model.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one failure policy of the stages, around every {@link Backend}: a failed call is narrowed
 * down to the items that make it fail, and an item's failure counts as its own only once it failed
 * alone. A failed call is split in halves, each half is offered again, and so on down to single
 * items; where the backend shares its calls with other callers, a single item then runs in a call
 * of its own. One bad input in a batch of n costs about 2 log2(n) extra calls, and every other item
 * still gets its result. A retry the backend answers full with is offered again shortly: the work
 * that fills it finishes, and these items were admitted once already.
 */
public final class FailureIsolation {

  private static final long RETRY_WHEN_FULL_MS = 20;

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
   * Offers {@code items} to {@code backend}: full when the backend is, else accepted with one
   * outcome per item, in order. Cancelling that future cancels the calls still running for it.
   *
   * @param executor where retries start from: never a model's own thread, which a retry offered to
   *     that model would hold up
   */
  public static <I, R> Admission<List<Outcome<R>>> offer(Backend<I, R> backend, List<I> items, Executor executor) {
    Admission<List<R>> first = backend.offer(items);
    if (first instanceof Admission.Full<List<R>> full) {
      return Admission.full(full.reason());
    }
    Attempts attempts = new Attempts();
    CompletableFuture<List<Outcome<R>>> result =
        narrow(backend, items, attempts.track(((Admission.Accepted<List<R>>) first).result()), executor, attempts);
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        attempts.cancelAll();
      }
    });
    return Admission.accepted(result);
  }

  private static <I, R> CompletableFuture<List<Outcome<R>>> narrow(Backend<I, R> backend, List<I> items,
      CompletableFuture<List<R>> call, Executor executor, Attempts attempts) {
    return call.handleAsync((results, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(results.stream().map(Outcome::ok).toList());
      }
      if (attempts.cancelled) {
        return CompletableFuture.<List<Outcome<R>>>failedFuture(new CancellationException());
      }
      if (items.size() == 1) {
        return backend.sharesCalls()
            ? alone(backend, items.get(0), executor, attempts)
            : CompletableFuture.completedFuture(List.of(new Outcome<R>(null, unwrap(error))));
      }
      int mid = items.size() / 2;
      CompletableFuture<List<Outcome<R>>> left = retry(backend, items.subList(0, mid), executor, attempts);
      CompletableFuture<List<Outcome<R>>> right = retry(backend, items.subList(mid, items.size()), executor, attempts);
      return left.thenCombine(right, (a, b) -> {
        List<Outcome<R>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
      });
    }, executor).thenCompose(f -> f);
  }

  private static <I, R> CompletableFuture<List<Outcome<R>>> retry(Backend<I, R> backend, List<I> items, Executor executor,
      Attempts attempts) {
    return narrow(backend, items, admitted(() -> backend.offer(items), executor, attempts), executor, attempts);
  }

  private static <I, R> CompletableFuture<List<Outcome<R>>> alone(Backend<I, R> backend, I item, Executor executor,
      Attempts attempts) {
    return admitted(() -> backend.offerAlone(item), executor, attempts).handle((result, error) ->
        List.of(error == null ? Outcome.ok(result) : new Outcome<R>(null, unwrap(error))));
  }

  /**
   * The call's future once the backend accepts it; a backend that throws instead of failing its
   * future counts as a failed call.
   */
  private static <T> CompletableFuture<T> admitted(Supplier<Admission<T>> offer, Executor executor, Attempts attempts) {
    Admission<T> admission;
    try {
      admission = offer.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (admission instanceof Admission.Accepted<T> accepted) {
      return attempts.track(accepted.result());
    }
    Executor later = CompletableFuture.delayedExecutor(RETRY_WHEN_FULL_MS, TimeUnit.MILLISECONDS, executor);
    return CompletableFuture.runAsync(() -> {}, later).thenCompose(ignored -> attempts.cancelled
        ? CompletableFuture.<T>failedFuture(new CancellationException())
        : admitted(offer, executor, attempts));
  }

  /** The calls running for one offer, so that cancelling the offer cancels them and starts no more. */
  private static final class Attempts {
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    <T> CompletableFuture<T> track(CompletableFuture<T> call) {
      running.add(call);
      call.whenComplete((r, e) -> running.remove(call));
      if (cancelled) {
        call.cancel(true);
      }
      return call;
    }

    void cancelAll() {
      cancelled = true;
      running.forEach(call -> call.cancel(true));
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
