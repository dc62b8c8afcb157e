package io.textenrich.topology.stage.encoder;

import io.textenrich.model.Classification;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.PreparedText;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.TextEncoder;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.stage.FailureIsolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder stage's work on a batch, off the stream thread: vectors from the shared embedding
 * engine, then labels (heads, Hugging Face classifiers, per-language heads) and moderation flags
 * on a small pool of label workers. Shared by every task of the JVM. A failing call is narrowed by
 * {@link FailureIsolation} to the events that make it fail, each run alone on the model before its
 * failure counts (the engine merges every task's texts into its calls); those come back as
 * failures with the stage's reason, all others with their results.
 */
public final class EncoderStage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EncoderStage.class);

  public static final String EMBEDDING_FAILED = "embedding-failed";
  public static final String CLASSIFICATION_FAILED = "classification-failed";

  /** How long a retry of part of a failed batch waits for room in the engine before it asks again. */
  private static final Duration RETRY_ADMISSION = Duration.ofSeconds(1);

  private final SentenceEmbedder embedder;
  private final EmbeddingEngine engine;
  private final TextEncoder model;
  private final Labeler labels;
  private final ExecutorService workers;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * What the stage made of one event: its vector, labels and flags, or the reason it failed.
   *
   * @param labelNanos the label call this event was in, its duration; 0 without labels
   * @param labelCallSize events in that label call
   * @param labelQueueNanos from the vector's arrival to the start of its label call
   */
  public record Encoded(EmbeddingEngine.Embedded embedded, Map<String, Classification> labels, List<String> flags,
      long labelNanos, int labelCallSize, long labelQueueNanos, String failureReason, String failureMessage) {

    static Encoded failed(String reason, String message) {
      return new Encoded(null, Map.of(), List.of(), 0, 0, 0, reason, message);
    }

    public boolean failed() {
      return failureReason != null;
    }
  }

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
   * @return one result per event, in order; empty when the engine is full (try again later)
   */
  Optional<CompletableFuture<List<Encoded>>> trySubmit(List<TextEvent> events, List<PreparedText> texts) {
    CompletableFuture<List<EmbeddingEngine.Embedded>> first;
    try {
      first = engine.submitPrepared(texts, Duration.ZERO);
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    inFlight.incrementAndGet();
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      rows.add(i);
    }
    CompletableFuture<List<Encoded>> result = FailureIsolation.run(rows, first,
            part -> embed(part.stream().map(texts::get).toList()), row -> embedAlone(texts.get(row)), workers)
        .thenCompose(vectors -> label(events, vectors));
    result.whenComplete((r, e) -> inFlight.decrementAndGet());
    return Optional.of(result);
  }

  /** One event on the model directly, in a call of its own. */
  private CompletableFuture<EmbeddingEngine.Embedded> embedAlone(PreparedText text) {
    return CompletableFuture.supplyAsync(() -> {
      EmbeddingBatch alone = model.embedPrepared(List.of(text));
      return new EmbeddingEngine.Embedded(alone.vectors().get(0), text.tokens(), text.tokens(), 1, 0, alone.inferenceNanos());
    }, workers);
  }

  /** Part of a failed batch, through the engine again. */
  private CompletableFuture<List<EmbeddingEngine.Embedded>> embed(List<PreparedText> texts) {
    while (true) {
      try {
        return engine.submitPrepared(texts, RETRY_ADMISSION);
      } catch (TimeoutException e) {
        // Full with other batches: they finish, so wait again rather than fail these events.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      }
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
    CompletableFuture<List<FailureIsolation.Outcome<Labelled>>> labelled = rows.isEmpty() || !labels.active()
        ? CompletableFuture.completedFuture(rows.stream().map(r -> new FailureIsolation.Outcome<>(Labelled.NONE, null)).toList())
        : FailureIsolation.run(rows, classify(rows, events, vectors, vectorsAt), part -> classify(part, events, vectors, vectorsAt),
            null, workers);
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

  public SentenceEmbedder embedder() {
    return embedder;
  }

  String labelModels() {
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
