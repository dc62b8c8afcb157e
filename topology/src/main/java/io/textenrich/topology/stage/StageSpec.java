package io.textenrich.topology.stage;

import io.textenrich.model.Admission;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.output.StageOutput;
import io.textenrich.topology.throughput.ThroughputWindow;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What makes a {@link BufferedStage} the encoder stage or the completion stage: the buffer's name
 * and entry format, the order the outputs keep, how batches are cut, the backend, and what each
 * finished entry forwards. A spec belongs to one task.
 *
 * @param <I> what the stage receives
 * @param <E> an entry of its buffer
 * @param <R> the backend's result for one entry
 */
public interface StageSpec<I, E, R> {

  /** Which outputs keep their input order. */
  enum Ordering {
    /** All of the task's: an entry leaves only after every earlier one. */
    PER_PARTITION,
    /** Each key's: an entry waits only for earlier entries of its key. */
    PER_KEY
  }

  /** How batches are cut from the entries that wait for the backend, oldest first. */
  record Cut(int maxRecords, long maxCost, long maxDelayMs) {}

  /** A finished entry: its result or its failure (both null for an entry that needed no backend). */
  record Finished<E, R>(E entry, R result, Throwable failure, long submittedMs) {}

  /** What a finished entry may do: forward, dead-letter, count itself in a throughput window. */
  interface Output {

    /** The buffered form of the record being processed: where it came from, when, and its bytes. */
    BufferedEvent arrived(Record<byte[], ?> record, byte[] raw, int tokens, TextEvent event);

    /** The stream time's wall clock, as the stage's punctuation sees it. */
    long nowMs();

    void forward(BufferedEvent source, StageOutput value, String child);

    void deadLetter(BufferedEvent source, String reason, String message);

    /** This round's window of a stage and model, recorded in the throughput stores when the round ends. */
    ThroughputWindow window(String stage, String model);

    TaskId taskId();
  }

  String storeName();

  Ordering ordering();

  /** The buffer entry of an input record. */
  E admit(Record<byte[], I> record, Output out);

  /** The input an entry came from: key, headers, timestamp and original bytes. */
  BufferedEvent source(E entry);

  /** Whether the entry goes to the backend; one that does not leaves in its turn as it is. */
  boolean needsBackend(E entry);

  /** The entry in the buffer's format: a typed, versioned Avro record. */
  byte[] toBytes(E entry);

  /** An entry read back from the buffer after a restart or a rebalance. */
  E fromBytes(byte[] bytes, long nowMs);

  Cut cut();

  /** What one entry counts against {@link Cut#maxCost()}. */
  long cost(E entry);

  /** Batches of one task the backend may hold at once. */
  int maxInFlight();

  /** Entries the buffer holds before the stream thread waits for room. */
  int maxBuffered();

  /** Offers a batch to the backend; never waits. Accepted: one result per entry, in order. */
  Admission<List<R>> submit(List<E> batch);

  /** Forwards what a finished entry leads to, in its turn. */
  void emit(Finished<E, R> finished, Output out);

  /** Whether an entry the backend has runs past its deadline: it is then cancelled and fails. */
  default boolean expired(E entry, long nowNanos) {
    return false;
  }

  /** Called at every punctuation with the entries held, for reports. */
  default void onTick(Collection<E> held, long nowMs, Output out) {}
}
