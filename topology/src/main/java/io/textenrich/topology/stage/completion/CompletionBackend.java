package io.textenrich.topology.stage.completion;

import io.textenrich.model.Admission;
import io.textenrich.model.Classification;
import io.textenrich.model.generate.Completion;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.stage.FailureIsolation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The completion stage's backend: which events get a completion, and their completions, offered as
 * a batch and answered accepted or full, with {@link FailureIsolation}'s outcome per event.
 * {@link CompletionStage} runs the generation engine.
 */
public interface CompletionBackend extends AutoCloseable {

  /**
   * One event to complete, and when the generation that counts for it sampled its first token
   * (0 until then; set again when it runs alone after a failed shared step).
   */
  record Prompt(TextEvent event, Map<String, Classification> labels, List<String> flags, AtomicLong firstTokenNanos) {

    public IntConsumer onToken() {
      return token -> firstTokenNanos.compareAndSet(0, System.nanoTime());
    }
  }

  /** Whether completions are on at all; off, the stage is left out of the topology. */
  boolean enabled();

  /** Whether the configuration selects this event for a completion. */
  boolean selects(TextEvent event, Map<String, Classification> labels, List<String> flags);

  /**
   * Starts completions if there is room for every one of them now; never waits. Cancelling the
   * future stops the generations.
   *
   * @return accepted with one outcome per prompt, in order: its completion, or the failure it had
   *     alone; full when there is no room (offer again later)
   * @throws IllegalArgumentException when a prompt cannot be generated from: that event's own failure
   */
  Admission<List<FailureIsolation.Outcome<Completion>>> submit(List<Prompt> prompts);

  String modelName();

  /** How long one generation may run once it has its first token. */
  long timeoutMs();

  /** Completions accepted and not yet finished, of every task. */
  int inFlight();

  /** Generations that run together at most. */
  int maxSequences();

  /** Stops the backend and frees its models; the service calls it once every task has closed. */
  @Override
  void close();
}
