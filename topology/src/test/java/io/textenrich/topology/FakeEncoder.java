package io.textenrich.topology;

import io.textenrich.model.Admission;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.PreparedText;
import io.textenrich.topology.stage.Backend;
import io.textenrich.topology.stage.FailureIsolation;
import io.textenrich.topology.stage.encoder.EncoderBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An encoder backend without a model, for topology tests. Vectors of one float (the text's length); a text with {@value #TOXIC} is flagged. A call that
 * holds a text with {@value #POISON} fails, as a shared engine's call fails for every caller in
 * it; alone, only the poisoned text fails. Results come at once, or when the test completes
 * them ({@code holding}).
 */
final class FakeEncoder implements EncoderBackend {

  static final String POISON = "poison";
  static final String TOXIC = "toxic";

  boolean full;
  boolean holding;
  /** One gate per batch while holding: its results go out once the test opens it. */
  final List<CompletableFuture<Void>> held = new ArrayList<>();
  final List<List<String>> calls = new ArrayList<>();

  private final Backend<Input, EmbeddingEngine.Embedded> model = new Backend<>() {
    @Override
    public Admission<List<EmbeddingEngine.Embedded>> offer(List<Input> batch) {
      calls.add(batch.stream().map(i -> i.text().text()).toList());
      return Admission.accepted(batch.stream().anyMatch(i -> i.text().text().contains(POISON))
          ? CompletableFuture.failedFuture(new IllegalStateException("a call with a poisoned text"))
          : CompletableFuture.completedFuture(batch.stream().map(i -> vector(i, batch.size())).toList()));
    }

    @Override
    public boolean sharesCalls() {
      return true;
    }

    @Override
    public Admission<EmbeddingEngine.Embedded> offerAlone(Input item) {
      calls.add(List.of(item.text().text()));
      return Admission.accepted(item.text().text().contains(POISON)
          ? CompletableFuture.failedFuture(new IllegalArgumentException("cannot encode a poisoned text"))
          : CompletableFuture.completedFuture(vector(item, 1)));
    }
  };

  private static EmbeddingEngine.Embedded vector(Input input, int callSize) {
    return new EmbeddingEngine.Embedded(new float[] {input.text().text().length()}, input.text().tokens(),
        input.text().tokens(), callSize, 0, 1_000);
  }

  @Override
  public Admission<List<Encoded>> offer(List<Input> batch) {
    if (full) {
      return Admission.full("fake encoder full");
    }
    Admission<List<FailureIsolation.Outcome<EmbeddingEngine.Embedded>>> vectors =
        FailureIsolation.offer(model, batch, Runnable::run);
    CompletableFuture<List<Encoded>> encoded =
        ((Admission.Accepted<List<FailureIsolation.Outcome<EmbeddingEngine.Embedded>>>) vectors).result()
            .thenApply(outcomes -> {
              List<Encoded> out = new ArrayList<>();
              for (int i = 0; i < batch.size(); i++) {
                FailureIsolation.Outcome<EmbeddingEngine.Embedded> o = outcomes.get(i);
                out.add(o.failed() ? Encoded.failed(EMBEDDING_FAILED, o.failure().getMessage())
                    : new Encoded(o.result(), Map.of(), batch.get(i).text().text().contains(TOXIC) ? List.of(TOXIC) : List.of(),
                        0, 0, 0, null, null));
              }
              return out;
            });
    if (!holding) {
      return Admission.accepted(encoded);
    }
    CompletableFuture<Void> gate = new CompletableFuture<>();
    held.add(gate);
    return Admission.accepted(gate.thenCompose(open -> encoded));
  }

  @Override
  public PreparedText prepare(String text) {
    return PreparedText.untokenized(text, text.split(" ").length);
  }

  @Override
  public String modelName() {
    return "fake-encoder";
  }

  @Override
  public String modelVersion() {
    return "1";
  }

  @Override
  public boolean truncated(String text, int tokens) {
    return false;
  }

  @Override
  public String labelModels() {
    return "fake-labels";
  }
}
