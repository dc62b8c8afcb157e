package io.textenrich.topology.stage.encoder;

import io.textenrich.model.Admission;
import io.textenrich.model.Classification;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.PreparedText;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.TextEncoder;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.stage.Backend;
import io.textenrich.topology.stage.FailureIsolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder stage's work on a batch, off the stream thread: vectors from the shared embedding
 * engine, then labels (heads, Hugging Face classifiers, per-language heads) and moderation flags
 * on a small pool of label workers. Shared by every task of the JVM. The backend of the encoder
 * stage: it takes a batch and answers accepted or full. Each model behind it is a {@link Backend}
 * wrapped by {@link FailureIsolation}, which narrows a failing call to the events that make it fail
 * (each run alone on the model before its failure counts, since the engine merges every task's
 * texts into its calls); those come back as failures with the stage's reason, all others with
 * their results.
 */
public final class EncoderStage implements EncoderBackend, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EncoderStage.class);

  private final SentenceEmbedder embedder;
  private final EmbeddingEngine engine;
  private final TextEncoder model;
  private final Labeler labels;
  private final ExecutorService workers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Embeddings embeddings = new Embeddings();

  /**
   * @param model the engine's model, called directly for one event alone: the engine merges
   *     concurrent requests into shared calls, so only a direct call says whether an event fails by
   *     itself
   */
  public EncoderStage(SentenceEmbedder embedder, EmbeddingEngine engine, TextEncoder model, Labeler labels, int labelWorkers) {
    this.embedder = embedder;
    this.engine = engine;
    this.model = model;
    this.labels = labels;
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(labelWorkers, r -> {
      Thread t = new Thread(r, "encoder-labels-" + threads.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a batch if the engine has room for it now; never waits.
   *
   * @return accepted with one result per event, in order; full when the engine is (offer again later)
   */
  @Override
  public Admission<List<Encoded>> offer(List<Input> batch) {
    Admission<List<FailureIsolation.Outcome<EmbeddingEngine.Embedded>>> vectors =
        FailureIsolation.offer(embeddings, batch.stream().map(Input::text).toList(), workers);
    if (vectors instanceof Admission.Full<List<FailureIsolation.Outcome<EmbeddingEngine.Embedded>>> full) {
      return Admission.full(full.reason());
    }
    inFlight.incrementAndGet();
    List<TextEvent> events = batch.stream().map(Input::event).toList();
    CompletableFuture<List<Encoded>> result =
        ((Admission.Accepted<List<FailureIsolation.Outcome<EmbeddingEngine.Embedded>>>) vectors).result()
            .thenCompose(outcomes -> label(events, outcomes));
    result.whenComplete((r, e) -> inFlight.decrementAndGet());
    return Admission.accepted(result);
  }

  /**
   * The shared embedding engine as a backend: it merges every task's texts into its calls, so an
   * event runs alone on the model directly, in a call of its own, before its failure counts.
   */
  private final class Embeddings implements Backend<PreparedText, EmbeddingEngine.Embedded> {

    @Override
    public Admission<List<EmbeddingEngine.Embedded>> offer(List<PreparedText> texts) {
      return engine.offer(texts);
    }

    @Override
    public boolean sharesCalls() {
      return true;
    }

    @Override
    public Admission<EmbeddingEngine.Embedded> offerAlone(PreparedText text) {
      return Admission.accepted(CompletableFuture.supplyAsync(() -> {
        EmbeddingBatch alone = model.embedPrepared(List.of(text));
        return new EmbeddingEngine.Embedded(alone.vectors().get(0), text.tokens(), text.tokens(), 1, 0, alone.inferenceNanos());
      }, workers));
    }
  }

  private CompletableFuture<List<Encoded>> label(List<TextEvent> events, List<FailureIsolation.Outcome<EmbeddingEngine.Embedded>> vectors) {
    long vectorsAt = System.nanoTime();
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (!vectors.get(i).failed()) {
        rows.add(i);
      }
    }
    // The labelers run on this stage's own workers, one batch per call: a single event's failure there is its own.
    Backend<Integer, Labelled> labeler = part -> Admission.accepted(classify(part, events, vectors, vectorsAt));
    CompletableFuture<List<FailureIsolation.Outcome<Labelled>>> labelled = rows.isEmpty() || !labels.active()
        ? CompletableFuture.completedFuture(rows.stream().map(r -> new FailureIsolation.Outcome<>(Labelled.NONE, null)).toList())
        : ((Admission.Accepted<List<FailureIsolation.Outcome<Labelled>>>) FailureIsolation.offer(labeler, rows, workers)).result();
    return labelled.thenApply(outcomes -> {
      List<Encoded> out = new ArrayList<>(events.size());
      int next = 0;
      for (int i = 0; i < events.size(); i++) {
        FailureIsolation.Outcome<EmbeddingEngine.Embedded> vector = vectors.get(i);
        if (vector.failed()) {
          out.add(Encoded.failed(EMBEDDING_FAILED, "model " + embedder.modelName() + " failed: " + message(vector.failure())));
          continue;
        }
        FailureIsolation.Outcome<Labelled> l = outcomes.get(next++);
        if (l.failed()) {
          out.add(Encoded.failed(CLASSIFICATION_FAILED, "labels failed: " + message(l.failure())));
        } else {
          Labelled done = l.result();
          out.add(new Encoded(vector.result(), done.labels, labels.flags(done.labels), done.nanos, done.callSize,
              done.queueNanos, null, null));
        }
      }
      return out;
    });
  }

  /** The labels of one event and the call that made them. */
  private record Labelled(Map<String, Classification> labels, long nanos, int callSize, long queueNanos) {
    static final Labelled NONE = new Labelled(Map.of(), 0, 0, 0);
  }

  private CompletableFuture<List<Labelled>> classify(List<Integer> rows, List<TextEvent> events,
      List<FailureIsolation.Outcome<EmbeddingEngine.Embedded>> vectors, long vectorsAt) {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      List<Map<String, Classification>> computed = labels.classify(rows.stream().map(events::get).toList(),
          rows.stream().map(r -> vectors.get(r).result().vector()).toList(), embedder.modelName(), embedder.modelVersion());
      long nanos = System.nanoTime() - start;
      return computed.stream().map(l -> new Labelled(l, nanos, rows.size(), start - vectorsAt)).toList();
    }, workers);
  }

  private static String message(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  @Override
  public PreparedText prepare(String text) {
    return embedder.prepare(text);
  }

  @Override
  public String modelName() {
    return embedder.modelName();
  }

  @Override
  public String modelVersion() {
    return embedder.modelVersion();
  }

  @Override
  public boolean truncated(String text, int tokens) {
    return tokens >= embedder.maxLength() && embedder.truncates(text);
  }

  @Override
  public String labelModels() {
    return labels.modelNames();
  }

  /** Batches submitted by every task and not yet done. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Stops the label workers and waits for a model call they are in to end, up to a minute: the
   * models they call may be closed only after.
   */
  @Override
  public void close() {
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.warn("A label worker still runs a model call a minute after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether no label worker runs any more. */
  public boolean stopped() {
    return workers.isTerminated();
  }
}
