package io.textenrich.topology.stage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How long a stream thread may wait for a full stage to make room. Kafka Streams has no way for a
 * processor to pause its input, so a full stage waits inside {@code process()}, and the records it
 * does not take stay in Kafka.
 *
 * <p>Each thread may wait at most {@code fullWaitMs} per round of its loop. Waits spend the budget;
 * the stages' wall-clock punctuation, which Kafka Streams runs once per round between processing
 * and committing, calls {@link #newRound}. So a round never holds the thread, or an open
 * transaction, more than {@code fullWaitMs} beyond its own work, and Kafka Streams polls again
 * once half of {@code max.poll.interval.ms} has passed since its last poll, whatever the number of
 * tasks. Under steady overload a wait ends as soon as the stage finishes a batch, so the thread
 * takes input only as fast as the stage frees room and the buffer stays at its bound. Only a stage
 * that finishes nothing for a whole budget lets records into its (changelogged) buffer over the
 * bound, a few per round, rather than risk the thread's eviction from the group.
 */
public final class StageBackpressure {

  private static final ThreadLocal<long[]> SPENT_NANOS = ThreadLocal.withInitial(() -> new long[1]);

  private StageBackpressure() {}

  /**
   * Waits for {@code progress} to complete, within what is left of this thread's budget for the
   * round.
   *
   * @return whether it completed
   */
  public static boolean await(CompletableFuture<?> progress, long fullWaitMs) {
    long[] spent = SPENT_NANOS.get();
    long left = TimeUnit.MILLISECONDS.toNanos(fullWaitMs) - spent[0];
    if (left <= 0) {
      return progress.isDone();
    }
    long start = System.nanoTime();
    try {
      progress.get(left, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // a failure is progress too: the stage handles it when it collects
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      spent[0] += System.nanoTime() - start;
    }
  }

  /** A new round of this stream thread's loop: its whole waiting budget is available again. */
  public static void newRound() {
    SPENT_NANOS.get()[0] = 0;
  }
}
