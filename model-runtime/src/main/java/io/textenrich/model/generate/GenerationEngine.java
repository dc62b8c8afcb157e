package io.textenrich.model.generate;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes prompts with continuous batching (iteration-level scheduling): one scheduler thread
 * decodes every running sequence together, one token each per step; between steps, finished
 * sequences leave at once and waiting prompts join, so a short request never waits for a long one
 * and the batch stays full. One engine per model, shared by every caller and thread.
 *
 * <p>A joining prompt runs its own pass (prefill) with an empty cache and no padding, so no padded
 * position ever goes through the model as a query (some exports turn fully masked queries into
 * NaN); its cache then joins the batch, left-padded with zeros that the attention mask hides. Each
 * row gets its own position ids, so padding does not shift positions either.
 *
 * <p>Backpressure: at most {@code maxSequences + maxQueued} requests are in flight; a submission
 * beyond that gets a future failed with {@link RejectedExecutionException} at once.
 *
 * <p>Futures complete on the scheduler thread, so that a completion is done by the time
 * {@link #close()} returns; dependent work chained without an executor runs there too and holds up
 * every sequence, so chain slow work with the {@code ...Async} methods.
 */
public final class GenerationEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GenerationEngine.class);

  private final DecoderModel model;
  private final EngineSettings settings;
  private final int maxSequences;
  private final LinkedBlockingQueue<Sequence> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object lifecycle = new Object();
  private final SplittableRandom seeds = new SplittableRandom();
  private final Thread scheduler;
  private volatile boolean closing;
  private volatile boolean abort;

  // Owned by the scheduler thread: row r of the cache belongs to running.get(r).
  private final List<Sequence> running = new ArrayList<>();
  private KvCache cache;

  private final Object statsLock = new Object();
  private long decodeSteps;
  private long decodedRows;
  private long prefills;
  private long joinedRunning;
  private long cacheGathers;
  private int largestBatch;
  private long tokens;
  private long completed;
  private long failed;

  private GenerationEngine(DecoderModel model, EngineSettings settings) {
    this.model = model;
    this.settings = settings;
    if (!model.hasPositionIds() && settings.maxSequences() > 1) {
      LOG.warn("Model {} takes no position_ids input, so it would count positions over the padding of a batch and"
          + " change a sequence's output; it decodes one sequence at a time. Re-export it with a current"
          + " optimum-cli (text-generation-with-past adds position_ids) to batch it.", model.name());
      this.maxSequences = 1;
    } else {
      this.maxSequences = settings.maxSequences();
    }
    this.scheduler = new Thread(this::schedule, "generation-" + model.name());
    scheduler.setDaemon(true);
  }

  /** Starts the scheduler thread. The engine does not own the model: close the model after the engine. */
  public static GenerationEngine start(DecoderModel model, EngineSettings settings) {
    GenerationEngine engine = new GenerationEngine(model, settings);
    engine.scheduler.start();
    LOG.info("Generation engine for {} started: {} sequences decode together, {} more may wait", model.name(),
        engine.maxSequences, settings.maxQueued());
    return engine;
  }

  public CompletableFuture<Completion> submit(GenerationRequest request) {
    return submit(request, null);
  }

  /**
   * Queues a request. The prompt is tokenized here, on the caller's thread.
   *
   * @param onToken called with each generated token id as it is sampled, on the scheduler thread:
   *     it must return quickly; null for none
   * @return completes with the completion; fails with {@link RejectedExecutionException} when the
   *     engine is full or closed, or with the model's error
   * @throws IllegalArgumentException for an empty prompt when the model has no BOS token
   */
  public CompletableFuture<Completion> submit(GenerationRequest request, IntConsumer onToken) {
    Sequence sequence = prepare(request, onToken);
    synchronized (lifecycle) {
      if (closing) {
        return CompletableFuture.failedFuture(new RejectedExecutionException(
            "Generation engine for " + model.name() + " is closed; submit to a running engine"));
      }
      int limit = maxSequences + settings.maxQueued();
      if (inFlight.incrementAndGet() > limit) {
        inFlight.decrementAndGet();
        return CompletableFuture.failedFuture(new RejectedExecutionException("Generation engine for " + model.name()
            + " is full: " + limit + " requests in flight (" + maxSequences + " decoding, " + settings.maxQueued()
            + " queued). Retry after some complete, or raise maxQueued / maxSequences."));
      }
      queue.add(sequence);
    }
    return sequence.future;
  }

  private Sequence prepare(GenerationRequest request, IntConsumer onToken) {
    GenerationDefaults defaults = model.defaults();
    DecoderConfig config = model.config();
    int maxNew = request.maxNewTokens() != null ? request.maxNewTokens() : defaults.maxNewTokens();
    double temperature = request.temperature() != null ? request.temperature() : defaults.doSample() ? defaults.temperature() : 0;
    int topK = request.topK() != null ? request.topK() : defaults.topK();
    double topP = request.topP() != null ? request.topP() : defaults.topP();
    double penalty = request.repetitionPenalty() != null ? request.repetitionPenalty() : defaults.repetitionPenalty();
    long seed;
    if (request.seed() != null) {
      seed = request.seed();
    } else {
      synchronized (seeds) {
        seed = seeds.nextLong();
      }
    }
    int[] tokens = model.encode(request.prompt());
    if (tokens.length == 0) {
      if (config.bosTokenId() < 0) {
        throw new IllegalArgumentException("The prompt is empty and model " + model.name() + " has no bos_token_id to start"
            + " from; give a prompt of at least one token.");
      }
      tokens = new int[] {config.bosTokenId()};
    }
    int maxPrompt = request.maxPromptTokens() != null
        ? request.maxPromptTokens()
        : Math.max(1, config.maxPositions() - maxNew);
    maxPrompt = Math.min(maxPrompt, config.maxPositions());
    int dropped = Math.max(0, tokens.length - maxPrompt);
    int[] prompt = Arrays.copyOfRange(tokens, dropped, tokens.length);
    Sequence.Limits limits = new Sequence.Limits(maxNew, request.minNewTokens(), config.maxPositions(), config.eosTokenIds(),
        request.stop());
    return new Sequence(prompt, dropped, limits, new Sampler(temperature, topK, topP, penalty, seed), seed, onToken);
  }

  public EngineStats stats() {
    synchronized (statsLock) {
      return new EngineStats(decodeSteps, decodedRows, prefills, joinedRunning, cacheGathers, largestBatch, tokens,
          completed, failed);
    }
  }

  /** Requests accepted and not yet finished. */
  public int inFlight() {
    return inFlight.get();
  }

  private void schedule() {
    List<Sequence> joining = new ArrayList<>();
    while (true) {
      if (abort) {
        break;
      }
      while (running.size() + joining.size() < maxSequences) {
        Sequence next = queue.poll();
        if (next == null) {
          break;
        }
        joining.add(next);
      }
      if (running.isEmpty() && joining.isEmpty()) {
        if (closing && queue.isEmpty()) {
          break;
        }
        try {
          Sequence next = queue.poll(50, TimeUnit.MILLISECONDS);
          if (next != null) {
            joining.add(next);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        continue;
      }
      try {
        dropCancelled(joining);
        if (!joining.isEmpty()) {
          join(joining);
        }
        if (!running.isEmpty()) {
          decode();
        }
      } catch (OrtException | RuntimeException e) {
        LOG.error("Generation step of model {} failed, failing its {} sequences: {}", model.name(),
            running.size() + joining.size(), e.toString(), e);
        failAll(running, e);
        failAll(joining, e);
        closeCache();
      }
      joining.clear();
    }
    IllegalStateException closed = new IllegalStateException("Generation engine for " + model.name()
        + " was closed before this request finished (close waited " + settings.closeTimeout().toSeconds() + " s)");
    failAll(running, closed);
    failAll(joining, closed);
    List<Sequence> waiting = new ArrayList<>();
    queue.drainTo(waiting);
    failAll(waiting, closed);
    closeCache();
  }

  /** Sequences whose caller cancelled their future leave before the next pass. */
  private void dropCancelled(List<Sequence> joining) throws OrtException {
    joining.removeIf(s -> {
      if (s.future.isDone()) {
        finishedAbnormally();
        return true;
      }
      return false;
    });
    List<Integer> keep = new ArrayList<>();
    for (int r = 0; r < running.size(); r++) {
      if (running.get(r).future.isDone()) {
        finishedAbnormally();
      } else {
        keep.add(r);
      }
    }
    if (keep.size() < running.size()) {
      keepRows(keep);
    }
  }

  /** Prefills each joining prompt on its own, takes its first token, and merges the rest into the batch. */
  private void join(List<Sequence> joining) throws OrtException {
    List<KvCache.Row> rows = new ArrayList<>();
    for (int r = 0; r < running.size(); r++) {
      rows.add(new KvCache.Row(cache, r));
    }
    List<KvCache> prefilled = new ArrayList<>();
    List<Sequence> joined = new ArrayList<>();
    boolean wasRunning = !running.isEmpty();
    try {
      for (Sequence sequence : joining) {
        int n = sequence.prompt.length;
        long[] ids = new long[n];
        long[] mask = new long[n];
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
          ids[i] = sequence.prompt[i];
          mask[i] = 1;
          positions[i] = i;
        }
        DecoderModel.Step step;
        try (KvCache empty = model.emptyCache(1)) {
          step = model.run(ids, mask, positions, 1, n, empty, new int[] {n}, true);
        }
        prefilled.add(step.cache());
        count(() -> prefills++);
        sequence.accept(step.logits()[0], model::decode);
        count(() -> tokens++);
        if (sequence.finished()) {
          complete(sequence);
        } else {
          rows.add(new KvCache.Row(step.cache(), 0));
          joined.add(sequence);
        }
      }
      if (!joined.isEmpty()) {
        replaceCache(rows);
        running.addAll(joined);
        if (wasRunning) {
          count(() -> joinedRunning += joined.size());
        }
      }
    } catch (OrtException | RuntimeException e) {
      failAll(joined, e);
      throw e;
    } finally {
      prefilled.forEach(KvCache::close);
    }
  }

  /** One token for every running sequence; finished ones leave the batch before the next step. */
  private void decode() throws OrtException {
    int rows = running.size();
    int past = cache.length();
    long[] ids = new long[rows];
    long[] positions = new long[rows];
    long[] mask = new long[rows * (past + 1)];
    int[] realAfter = new int[rows];
    for (int r = 0; r < rows; r++) {
      int real = cache.realLength(r);
      ids[r] = running.get(r).lastToken();
      positions[r] = real;
      Arrays.fill(mask, r * (past + 1) + past - real, (r + 1) * (past + 1), 1L);
      realAfter[r] = real + 1;
    }
    DecoderModel.Step step = model.run(ids, mask, positions, rows, 1, cache, realAfter, true);
    cache.close();
    cache = step.cache();
    count(() -> {
      decodeSteps++;
      decodedRows += rows;
      largestBatch = Math.max(largestBatch, rows);
      tokens += rows;
    });
    List<Integer> keep = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      Sequence sequence = running.get(r);
      sequence.accept(step.logits()[r], model::decode);
      if (sequence.finished()) {
        complete(sequence);
      } else {
        keep.add(r);
      }
    }
    if (keep.size() < rows) {
      keepRows(keep);
    }
  }

  /** Keeps the given rows of the running batch, in order. */
  private void keepRows(List<Integer> keep) throws OrtException {
    List<Sequence> kept = new ArrayList<>(keep.size());
    List<KvCache.Row> rows = new ArrayList<>(keep.size());
    for (int r : keep) {
      kept.add(running.get(r));
      rows.add(new KvCache.Row(cache, r));
    }
    running.clear();
    running.addAll(kept);
    replaceCache(rows);
  }

  /** Gathers the rows into a new batch cache and closes the old one. */
  private void replaceCache(List<KvCache.Row> rows) throws OrtException {
    KvCache old = cache;
    cache = rows.isEmpty() ? null : model.gather(rows);
    if (old != null) {
      old.close();
    }
    if (!rows.isEmpty()) {
      count(() -> cacheGathers++);
    }
  }

  /** Counts first, so that whoever sees the future done also sees the engine's figures include it. */
  private void complete(Sequence sequence) {
    inFlight.decrementAndGet();
    count(() -> completed++);
    sequence.complete(model::decode, model.name(), model.version());
  }

  private void finishedAbnormally() {
    inFlight.decrementAndGet();
    count(() -> failed++);
  }

  private void failAll(List<Sequence> sequences, Throwable cause) {
    for (Sequence sequence : sequences) {
      if (!sequence.future.isDone()) {
        finishedAbnormally();
        sequence.future.completeExceptionally(cause);
      }
    }
    sequences.clear();
  }

  private void closeCache() {
    if (cache != null) {
      cache.close();
      cache = null;
    }
    running.clear();
  }

  private void count(Runnable update) {
    synchronized (statsLock) {
      update.run();
    }
  }

  /**
   * Stops taking requests, lets the accepted ones finish for up to the close timeout, then fails
   * those left with an {@link IllegalStateException} and stops the scheduler thread.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closing = true;
    }
    try {
      scheduler.join(settings.closeTimeout().toMillis() + 1);
      if (scheduler.isAlive()) {
        LOG.warn("Generation engine for {} still had {} requests after {} s; failing them", model.name(), inFlight.get(),
            settings.closeTimeout().toSeconds());
        abort = true;
        scheduler.join();
      }
    } catch (InterruptedException e) {
      abort = true;
      Thread.currentThread().interrupt();
    }
  }
}
