package io.textenrich.topology;

import io.textenrich.model.Admission;
import io.textenrich.model.Classification;
import io.textenrich.model.generate.Completion;
import io.textenrich.model.generate.FinishReason;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.stage.Backend;
import io.textenrich.topology.stage.FailureIsolation;
import io.textenrich.topology.stage.completion.CompletionBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A completion backend without a model, for topology tests. It selects events whose text holds
 * {@value #SELECT} and completes them with their id reversed. A shared step that holds a text with
 * {@value #CURSED} or {@value #VICTIM} fails (the victim stands for an event that shared its step
 * with another task's bad prompt); alone, only the cursed text fails (the encoder fake's poison word would stop it earlier). Results come at once, or
 * when the test opens each submission's gate ({@code holding}).
 */
final class FakeCompletions implements CompletionBackend {

  static final String SELECT = "complete";
  static final String CURSED = "cursed";
  static final String VICTIM = "victim";

  boolean full;
  boolean holding;
  /** One gate per submission while holding, in submission order. */
  final List<CompletableFuture<Void>> held = new ArrayList<>();
  final List<String> aloneRuns = new ArrayList<>();

  private final Backend<Prompt, Completion> model = new Backend<>() {
    @Override
    public Admission<List<Completion>> offer(List<Prompt> prompts) {
      boolean fails = prompts.stream().map(FakeCompletions::text).anyMatch(t -> t.contains(CURSED) || t.contains(VICTIM));
      return Admission.accepted(fails
          ? CompletableFuture.failedFuture(new IllegalStateException("a step with a bad prompt"))
          : CompletableFuture.completedFuture(prompts.stream().map(FakeCompletions::complete).toList()));
    }

    @Override
    public boolean sharesCalls() {
      return true;
    }

    @Override
    public Admission<Completion> offerAlone(Prompt prompt) {
      aloneRuns.add(prompt.event().getId());
      return Admission.accepted(text(prompt).contains(CURSED)
          ? CompletableFuture.failedFuture(new IllegalArgumentException("cannot complete a cursed prompt"))
          : CompletableFuture.completedFuture(complete(prompt)));
    }
  };

  private static String text(Prompt prompt) {
    return prompt.event().getText();
  }

  private static Completion complete(Prompt prompt) {
    String text = new StringBuilder(prompt.event().getId()).reverse().toString();
    return new Completion(text, FinishReason.STOP, 3, 0, 2, List.of(1, 2), 7, 1.0, 2.0, "fake-decoder", "1");
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public boolean selects(TextEvent event, Map<String, Classification> labels, List<String> flags) {
    return event.getText().contains(SELECT);
  }

  @Override
  public Admission<List<FailureIsolation.Outcome<Completion>>> submit(List<Prompt> prompts) {
    if (full) {
      return Admission.full("fake decoder full");
    }
    Admission<List<FailureIsolation.Outcome<Completion>>> admission = FailureIsolation.offer(model, prompts, Runnable::run);
    if (!holding) {
      return admission;
    }
    CompletableFuture<Void> gate = new CompletableFuture<>();
    held.add(gate);
    return Admission.accepted(gate.thenCompose(
        open -> ((Admission.Accepted<List<FailureIsolation.Outcome<Completion>>>) admission).result()));
  }

  @Override
  public String modelName() {
    return "fake-decoder";
  }

  @Override
  public long timeoutMs() {
    return 60_000;
  }

  @Override
  public int inFlight() {
    return held.size();
  }

  @Override
  public int maxSequences() {
    return 8;
  }

  @Override
  public void close() {}
}
