package io.textenrich.topology.stage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StageBackpressureTest {

  private static final long BUDGET_MS = 800;
  private final ScheduledExecutorService stage = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void freshRound() {
    StageBackpressure.newRound();
  }

  @AfterEach
  void stop() {
    stage.shutdownNow();
  }

  private CompletableFuture<Void> finishingAfter(long ms) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    stage.schedule(() -> done.complete(null), ms, TimeUnit.MILLISECONDS);
    return done;
  }

  @Test
  void underSteadyOverloadEveryBatchIsAwaitedAsLongAsTheRoundsGoOn() {
    // Twenty batches finishing 80 ms apart: twice one round's budget in all. With the punctuation
    // starting a new round after each, the thread takes no record until each batch has freed room,
    // however long the overload lasts (a budget refilled by wall-clock time alone would run dry).
    for (int i = 0; i < 20; i++) {
      assertTrue(StageBackpressure.await(finishingAfter(80), BUDGET_MS), "batch " + i);
      StageBackpressure.newRound();
    }
  }

  @Test
  void aStageThatFinishesNothingHoldsTheThreadForOneBudgetPerRoundAtMost() {
    long start = System.nanoTime();
    assertFalse(StageBackpressure.await(new CompletableFuture<Void>(), BUDGET_MS));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= BUDGET_MS, "the first wait takes the whole budget");
    // A batch that a fresh budget would see finish is not awaited once the round's budget is spent.
    assertFalse(StageBackpressure.await(finishingAfter(BUDGET_MS), BUDGET_MS), "the round's budget is spent: no second wait");
  }

  @Test
  void aNewRoundRestoresTheBudget() {
    CompletableFuture<Void> never = new CompletableFuture<>();
    assertFalse(StageBackpressure.await(never, BUDGET_MS));
    StageBackpressure.newRound();
    assertTrue(StageBackpressure.await(finishingAfter(BUDGET_MS / 2), BUDGET_MS), "a finish after the round's end is awaited again");
  }

  @Test
  void aFailedBatchCountsAsProgress() {
    assertTrue(StageBackpressure.await(CompletableFuture.failedFuture(new IllegalStateException("model failed")), BUDGET_MS));
  }
}
