package io.textenrich.topology.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureIsolationTest {

  private static final Executor DIRECT = Runnable::run;

  /** A model that fails any call holding a bad item, and doubles the others; it counts its calls. */
  private static final class Model implements Function<List<Integer>, CompletableFuture<List<Integer>>> {
    final Set<Integer> bad;
    final List<List<Integer>> calls = new ArrayList<>();

    Model(Set<Integer> bad) {
      this.bad = bad;
    }

    @Override
    public CompletableFuture<List<Integer>> apply(List<Integer> items) {
      calls.add(List.copyOf(items));
      if (items.stream().anyMatch(bad::contains)) {
        return CompletableFuture.failedFuture(new IllegalStateException("fails on " + items));
      }
      return CompletableFuture.completedFuture(items.stream().map(i -> 2 * i).toList());
    }
  }

  private static List<FailureIsolation.Outcome<Integer>> run(List<Integer> items, Model model) {
    return FailureIsolation.run(items, model.apply(items), model, null, DIRECT).join();
  }

  @Test
  void onlyTheItemsThatFailAloneAreFailuresAndEveryOtherGetsItsResultInOrder() {
    List<Integer> items = IntStream.range(0, 16).boxed().toList();
    List<FailureIsolation.Outcome<Integer>> outcomes = run(items, new Model(Set.of(5, 11)));

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
    Model healthy = new Model(Set.of());
    run(IntStream.range(0, 64).boxed().toList(), healthy);
    assertEquals(1, healthy.calls.size());

    Model oneBad = new Model(Set.of(17));
    List<FailureIsolation.Outcome<Integer>> outcomes = run(IntStream.range(0, 64).boxed().toList(), oneBad);
    assertEquals(1, outcomes.stream().filter(FailureIsolation.Outcome::failed).count());
    assertEquals(1 + 2 * 6, oneBad.calls.size(), "64 -> 32 -> ... -> 1: two calls per level, six levels");
  }

  @Test
  void aCallThatThrowsInsteadOfFailingItsFutureIsNarrowedDownAlike() {
    Function<List<Integer>, CompletableFuture<List<Integer>>> throwing = items -> {
      if (items.contains(3)) {
        throw new IllegalArgumentException("bad input 3");
      }
      return CompletableFuture.completedFuture(items);
    };
    List<Integer> items = List.of(1, 2, 3, 4);
    List<FailureIsolation.Outcome<Integer>> outcomes = FailureIsolation.run(items, CompletableFuture.failedFuture(new IllegalStateException()),
        throwing, null, DIRECT).join();
    assertEquals(List.of(false, false, true, false), outcomes.stream().map(FailureIsolation.Outcome::failed).toList());
    assertEquals("bad input 3", outcomes.get(2).failure().getMessage());
  }

  @Test
  void aSingleItemRunsAloneBeforeItsFailureCountsAsItsOwn() {
    // The shared backend merged this caller's one item with another caller's bad one: the shared call
    // fails, the item alone does not.
    CompletableFuture<List<Integer>> mergedWithABadItem = CompletableFuture.failedFuture(new IllegalStateException("other"));
    List<Integer> aloneCalls = new ArrayList<>();
    Function<Integer, CompletableFuture<Integer>> alone = item -> {
      aloneCalls.add(item);
      return item == 3 ? CompletableFuture.failedFuture(new IllegalArgumentException("bad input 3"))
          : CompletableFuture.completedFuture(2 * item);
    };
    Model shared = new Model(Set.of(3));
    List<FailureIsolation.Outcome<Integer>> one = FailureIsolation.run(List.of(7), mergedWithABadItem, shared, alone, DIRECT).join();
    assertEquals(14, one.get(0).result(), "its own call succeeds");

    List<FailureIsolation.Outcome<Integer>> four = FailureIsolation.run(List.of(1, 2, 3, 4), mergedWithABadItem, shared, alone,
        DIRECT).join();
    assertEquals(List.of(false, false, true, false), four.stream().map(FailureIsolation.Outcome::failed).toList());
    assertEquals("bad input 3", four.get(2).failure().getMessage(), "the failure it has alone");
    assertEquals(List.of(7, 3), aloneCalls, "only single items whose shared call failed run alone");
  }
}
