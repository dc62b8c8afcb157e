package io.textenrich.topology.stage;

import io.textenrich.model.Admission;
import java.util.List;

/**
 * What runs a model for a stage: the embedding engine, the labelers' workers, the generation
 * engine. It takes a batch and answers with the one back-pressure signal of the stages: accepted,
 * with the future of one result per item in order, or full, to be offered again later. An offer
 * never waits. {@link FailureIsolation} wraps every backend.
 */
public interface Backend<I, R> {

  Admission<List<R>> offer(List<I> batch);

  /**
   * Whether a call may hold other callers' items too (an engine shared by every task of the JVM):
   * then a single item's failure in a call counts as its own only once it failed in
   * {@link #offerAlone}.
   */
  default boolean sharesCalls() {
    return false;
  }

  /** Runs one item in a call of its own; needed only where {@link #sharesCalls()}. */
  default Admission<R> offerAlone(I item) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " shares no call with other callers");
  }
}
