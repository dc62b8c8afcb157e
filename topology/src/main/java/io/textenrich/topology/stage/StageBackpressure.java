package io.textenrich.topology.stage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How long a stream thread may wait for a full stage to make room. Kafka Streams has no way for a
 * processor to pause its input, so a full stage waits inside {@code process()}; the thread must
 * still poll within {@code max.poll.interval.ms}. Each thread has a budget of waiting time: a
 * burst of {@code fullWaitMs}, refilled at a quarter of wall-clock time. Waiting can therefore
 * never take more than {@code fullWaitMs} plus a quarter of the time between two polls, whatever
 * the number of tasks and records; once the budget is spent the stage takes the record into its
 * (changelogged) buffer anyway, over its bound, and says so in the log.
 */
public final class StageBackpressure {

  private static final double REFILL_RATE = 0.25;
  private static final ThreadLocal<long[]> BUDGET = new ThreadLocal<>();

  private StageBackpressure() {}

  /**
   * Waits for {@code progress} to complete, within this thread's budget.
   *
   * @return whether it completed
   */
  public static boolean await(CompletableFuture<?> progress, long fullWaitMs) {
    long now = System.nanoTime();
    long[] state = BUDGET.get();
    if (state == null) {
      state = new long[] {TimeUnit.MILLISECONDS.toNanos(fullWaitMs), now};
      BUDGET.set(state);
    }
    long burst = TimeUnit.MILLISECONDS.toNanos(fullWaitMs);
    state[0] = Math.min(burst, state[0] + (long) ((now - state[1]) * REFILL_RATE));
    state[1] = now;
    if (state[0] <= 0) {
      return progress.isDone();
    }
    try {
      progress.get(state[0], TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // a failure is progress too: the stage handles it when it collects
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      long end = System.nanoTime();
      state[0] -= end - now;
      state[1] = end;
    }
  }
}
