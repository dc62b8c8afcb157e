package io.textenrich.topology.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureIsolationTest {

  private static final Executor DIRECT = Runnable::run;

  /**
   * A backend that fails any call holding a bad item, and doubles the others; it counts its calls.
   * With {@code merged}, its first call fails for another caller's item, and a single item alone
   * fails only when it is bad itself.
   */
  private static final class Model implements Backend<Integer, Integer> {
    final Set<Integer> bad;
    final boolean sharesCalls;
    final List<List<Integer>> calls = new ArrayList<>();
    final List<Integer> aloneCalls = new ArrayList<>();
    /** How many retries are answered full first. */
    int fullAnswers;

    Model(Set<Integer> bad, boolean sharesCalls) {
      this.bad = bad;
      this.sharesCalls = sharesCalls;
    }

    @Override
    public Admission<List<Integer>> offer(List<Integer> items) {
      if (!calls.isEmpty() && fullAnswers > 0) {
        fullAnswers--;
        return Admission.full("full");
      }
      calls.add(List.copyOf(items));
      if (sharesCalls && calls.size() == 1) {
        return Admission.accepted(CompletableFuture.failedFuture(new IllegalStateException("another caller's item")));
      }
      if (items.stream().anyMatch(bad::contains)) {
        return Admission.accepted(CompletableFuture.failedFuture(new IllegalStateException("fails on " + items)));
      }
      return Admission.accepted(CompletableFuture.completedFuture(items.stream().map(i -> 2 * i).toList()));
    }

    @Override
    public boolean sharesCalls() {
      return sharesCalls;
    }

    @Override
    public Admission<Integer> offerAlone(Integer item) {
      aloneCalls.add(item);
      return Admission.accepted(bad.contains(item)
          ? CompletableFuture.failedFuture(new IllegalArgumentException("bad input " + item))
          : CompletableFuture.completedFuture(2 * item));
    }
  }

  private static List<FailureIsolation.Outcome<Integer>> run(List<Integer> items, Backend<Integer, Integer> model) {
    Admission<List<FailureIsolation.Outcome<Integer>>> admission = FailureIsolation.offer(model, items, DIRECT);
    return ((Admission.Accepted<List<FailureIsolation.Outcome<Integer>>>) admission).result().join();
  }

  @Test
  void onlyTheItemsThatFailAloneAreFailuresAndEveryOtherGetsItsResultInOrder() {
    List<Integer> items = IntStream.range(0, 16).boxed().toList();
    List<FailureIsolation.Outcome<Integer>> outcomes = run(items, new Model(Set.of(5, 11), false));

    assertEquals(16, outcomes.size(), "one outcome per item");
    for (int i = 0; i < 16; i++) {
      if (i == 5 || i == 11) {
        assertTrue(outcomes.get(i).failed(), "item " + i);
        assertEquals(IllegalStateException.class, outcomes.get(i).failure().getClass(), "the model's own exception");
      } else {
        assertEquals(2 * i, outcomes.get(i).result(), "item " + i);
      }
    }
  }

  @Test
  void aBatchThatSucceedsIsOneCallAndOneBadItemCostsAboutTwoCallsPerHalving() {
    Model healthy = new Model(Set.of(), false);
    run(IntStream.range(0, 64).boxed().toList(), healthy);
    assertEquals(1, healthy.calls.size());

    Model oneBad = new Model(Set.of(17), false);
    List<FailureIsolation.Outcome<Integer>> outcomes = run(IntStream.range(0, 64).boxed().toList(), oneBad);
    assertEquals(1, outcomes.stream().filter(FailureIsolation.Outcome::failed).count());
    assertEquals(1 + 2 * 6, oneBad.calls.size(), "64 -> 32 -> ... -> 1: two calls per level, six levels");
  }

  @Test
  void aRetryThatThrowsInsteadOfFailingItsFutureIsNarrowedDownAlike() {
    Backend<Integer, Integer> throwing = new Backend<>() {
      boolean first = true;

      @Override
      public Admission<List<Integer>> offer(List<Integer> items) {
        if (first) {
          first = false;
          return Admission.accepted(CompletableFuture.failedFuture(new IllegalStateException()));
        }
        if (items.contains(3)) {
          throw new IllegalArgumentException("bad input 3");
        }
        return Admission.accepted(CompletableFuture.completedFuture(items));
      }
    };
    List<FailureIsolation.Outcome<Integer>> outcomes = run(List.of(1, 2, 3, 4), throwing);
    assertEquals(List.of(false, false, true, false), outcomes.stream().map(FailureIsolation.Outcome::failed).toList());
    assertEquals("bad input 3", outcomes.get(2).failure().getMessage());
  }

  @Test
  void aSingleItemRunsAloneBeforeItsFailureCountsAsItsOwn() {
    // The shared backend merged this caller's one item with another caller's bad one: the shared call
    // fails, the item alone does not.
    Model one = new Model(Set.of(3), true);
    assertEquals(14, run(List.of(7), one).get(0).result(), "its own call succeeds");

    Model four = new Model(Set.of(3), true);
    List<FailureIsolation.Outcome<Integer>> outcomes = run(List.of(1, 2, 3, 4), four);
    assertEquals(List.of(false, false, true, false), outcomes.stream().map(FailureIsolation.Outcome::failed).toList());
    assertEquals("bad input 3", outcomes.get(2).failure().getMessage(), "the failure it has alone");
    assertEquals(List.of(7), one.aloneCalls);
    assertEquals(List.of(3), four.aloneCalls, "only single items whose shared call failed run alone");
  }

  @Test
  void aFullBackendIsAnsweredFullAndARetryItAnswersFullWithIsOfferedAgain() {
    Backend<Integer, Integer> full = items -> Admission.full("full");
    assertTrue(FailureIsolation.offer(full, List.of(1, 2), DIRECT) instanceof Admission.Full, "the first offer: full");

    Model busyOnRetry = new Model(Set.of(2), true);
    busyOnRetry.fullAnswers = 2;
    List<FailureIsolation.Outcome<Integer>> outcomes = run(List.of(1, 2), busyOnRetry);
    assertEquals(List.of(false, true), outcomes.stream().map(FailureIsolation.Outcome::failed).toList());
    assertEquals(2, outcomes.get(0).result());
  }

  @Test
  void cancellingAnOfferCancelsTheCallItRuns() {
    CompletableFuture<List<Integer>> running = new CompletableFuture<>();
    Backend<Integer, Integer> slow = items -> Admission.accepted(running);
    Admission<List<FailureIsolation.Outcome<Integer>>> admission = FailureIsolation.offer(slow, List.of(1), DIRECT);
    ((Admission.Accepted<List<FailureIsolation.Outcome<Integer>>>) admission).result().cancel(true);
    assertTrue(running.isCancelled(), "the backend's call is cancelled too");
  }
}
