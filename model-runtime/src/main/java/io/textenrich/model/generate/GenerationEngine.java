package io.textenrich.model.generate;

import ai.onnxruntime.OrtException;
import io.textenrich.model.Admission;
import io.textenrich.model.EngineHealth;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes prompts with continuous batching (iteration-level scheduling): one scheduler thread
 * decodes every running sequence together, one token each per step; between steps, finished
 * sequences leave at once and waiting prompts join, so a short request never waits for a long one
 * and the batch stays full. One engine per model, shared by every caller and thread.
 *
 * <p>Admission: a waiting prompt joins while fewer than {@code maxSequences} run and the batch
 * cache, padded to its longest row, stays within {@code maxCacheTokens} slots counting every
 * sequence's prompt and all the tokens it may still generate; so memory, not only a count, bounds
 * the batch. Waiting prompts join in arrival order.
 *
 * <p>Prefill in chunks: a joining prompt is read {@code prefillChunkTokens} at a time, shortest
 * remaining first, with a decode step of the running batch between chunks. A long prompt thus never
 * stalls the running sequences for a whole prompt pass, and a short prompt behind it gets its
 * first token after a chunk or two. Each chunk runs alone (one row, no padding), so no padded
 * position ever goes through the model as a query (some exports turn fully masked queries into
 * NaN); a prompt's cache then joins the batch, left-padded with zeros that the attention mask
 * hides. Each row gets its own position ids, so padding does not shift positions either.
 *
 * <p>Backpressure: at most {@code maxSequences + maxQueued} requests are in flight; an offer beyond
 * that is answered {@link Admission.Full} at once.
 *
 * <p>Failures: a step that fails fails the sequences in it, and the engine goes on. A scheduler
 * thread that dies (an {@link Error}) is replaced and counted; {@link #health()} turns down when
 * steps keep failing. {@link #close()} returns within its timeout plus a short grace, even when a
 * model call hangs.
 *
 * <p>Futures complete on the scheduler thread, so that a completion is done by the time
 * {@link #close()} returns; dependent work chained without an executor runs there too and holds up
 * every sequence, so chain slow work with the {@code ...Async} methods.
 */
public final class GenerationEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GenerationEngine.class);

  /** Failed steps in a row, with no success between, after which the model counts as unable to run. */
  static final int DOWN_AFTER_FAILED_STEPS = 10;
  /** How long close() waits, after its timeout, for a scheduler it told to stop. */
  static final Duration ABORT_GRACE = Duration.ofSeconds(5);
  /**
   * The longest a step waits for higher-priority work on the same device: long enough for an
   * encoder call to take the whole CPU, short enough that generation still advances under a
   * steady encoder load.
   */
  static final long MAX_YIELD_NANOS = Duration.ofMillis(50).toNanos();

  private final DecoderModel model;
  private final EngineSettings settings;
  private final BooleanSupplier higherPriorityWork;
  private final int maxSequences;
  private final LinkedBlockingQueue<Sequence> queue = new LinkedBlockingQueue<>();
  private final Set<Sequence> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object lifecycle = new Object();
  private final SplittableRandom seeds = new SplittableRandom();
  private volatile Thread scheduler;
  private volatile boolean closing;
  private volatile boolean abort;
  private final AtomicInteger failedStepsInARow = new AtomicInteger();
  private volatile String lastFailure;
  private volatile String schedulerLost;

  // Owned by the scheduler thread: row r of the cache belongs to running.get(r).
  private final List<Sequence> running = new ArrayList<>();
  private final List<Prefill> prefilling = new ArrayList<>();
  private KvCache cache;

  private final Object statsLock = new Object();
  private long decodeSteps;
  private long decodedRows;
  private long prefills;
  private long prefillChunks;
  private long joinedRunning;
  private long cacheGathers;
  private int largestBatch;
  private long tokens;
  private long completed;
  private long failed;
  private long schedulerRestarts;

  /** A prompt being read: how far, and the one-row cache of what has been read. */
  private static final class Prefill {
    final Sequence sequence;
    int done;
    KvCache cache;

    Prefill(Sequence sequence) {
      this.sequence = sequence;
    }

    int remaining() {
      return sequence.prompt.length - done;
    }
  }

  private GenerationEngine(DecoderModel model, EngineSettings settings, BooleanSupplier higherPriorityWork) {
    this.model = model;
    this.settings = settings;
    this.higherPriorityWork = higherPriorityWork;
    if (!model.hasPositionIds() && settings.maxSequences() > 1) {
      LOG.warn("Model {} takes no position_ids input, so it would count positions over the padding of a batch and"
          + " change a sequence's output; it decodes one sequence at a time. Re-export it with a current"
          + " optimum-cli (text-generation-with-past adds position_ids) to batch it.", model.name());
      this.maxSequences = 1;
    } else {
      this.maxSequences = settings.maxSequences();
    }
  }

  /** Starts the scheduler thread. The engine does not own the model: close the model after the engine. */
  public static GenerationEngine start(DecoderModel model, EngineSettings settings) {
    return start(model, settings, () -> false);
  }

  /**
   * Starts an engine that holds each prefill and decode step, for up to 50 ms, while
   * {@code higherPriorityWork} says another model on the same device has work: an encoder whose
   * verdicts must not wait behind generation.
   */
  public static GenerationEngine start(DecoderModel model, EngineSettings settings, BooleanSupplier higherPriorityWork) {
    GenerationEngine engine = new GenerationEngine(model, settings, higherPriorityWork);
    engine.startScheduler();
    LOG.info("Generation engine for {} started: up to {} sequences decode together within a cache of {} token slots,"
        + " prompts prefilled {} tokens at a time, {} more requests may wait", model.name(), engine.maxSequences,
        settings.maxCacheTokens(), settings.prefillChunkTokens(), settings.maxQueued());
    return engine;
  }

  private void startScheduler() {
    Thread thread = new Thread(this::schedule, "generation-" + model.name());
    thread.setDaemon(true);
    scheduler = thread;
    try {
      thread.start();
    } catch (Throwable e) {
      schedulerLost = "its scheduler thread could not be started (" + e + ")";
      LOG.error("Generation engine for {}: {}", model.name(), schedulerLost);
    }
  }

  public CompletableFuture<Completion> submit(GenerationRequest request) {
    return submit(request, null);
  }

  /**
   * Queues a request, for callers that treat a full engine as an error; the stages use
   * {@link #offer}. The prompt is tokenized here, on the caller's thread.
   *
   * @param onToken called with each generated token id as it is sampled, on the scheduler thread:
   *     it must return quickly; null for none
   * @return completes with the completion; fails with {@link RejectedExecutionException} when the
   *     engine is full or closed, or with the model's error
   * @throws IllegalArgumentException for an empty prompt when the model has no BOS token
   */
  public CompletableFuture<Completion> submit(GenerationRequest request, IntConsumer onToken) {
    Admission<Completion> admission = offer(request, onToken, false);
    return admission instanceof Admission.Accepted<Completion> accepted ? accepted.result()
        : CompletableFuture.failedFuture(new RejectedExecutionException(((Admission.Full<Completion>) admission).reason()));
  }

  /**
   * Offers a request without waiting: accepted with the future of its completion, or full when
   * {@code maxSequences + maxQueued} requests are in flight or the engine is closed. The prompt is
   * tokenized here, on the caller's thread.
   *
   * @param onToken called with each generated token id as it is sampled, on the scheduler thread:
   *     it must return quickly; null for none
   * @param alone whether the request must share no prefill or decode step with another: it waits
   *     until the running ones finish, and none joins it. A step's failure fails every sequence in
   *     it, so only a failure alone is the request's own.
   * @throws IllegalArgumentException for an empty prompt when the model has no BOS token
   */
  public Admission<Completion> offer(GenerationRequest request, IntConsumer onToken, boolean alone) {
    Sequence sequence = prepare(request, onToken);
    sequence.alone = alone;
    synchronized (lifecycle) {
      if (closing) {
        return Admission.full("Generation engine for " + model.name() + " is closed; submit to a running engine");
      }
      int limit = maxSequences + settings.maxQueued();
      if (inFlight.incrementAndGet() > limit) {
        inFlight.decrementAndGet();
        return Admission.full("Generation engine for " + model.name() + " is full: " + limit + " requests in flight ("
            + maxSequences + " decoding, " + settings.maxQueued() + " queued). Retry after some complete, or raise"
            + " maxQueued / maxSequences.");
      }
      accepted.add(sequence);
      queue.add(sequence);
    }
    sequence.future.whenComplete((c, e) -> accepted.remove(sequence));
    return Admission.accepted(sequence.future);
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
          completed, failed, prefillChunks, schedulerRestarts);
    }
  }

  /** Down when the scheduler is gone or the last {@value #DOWN_AFTER_FAILED_STEPS} steps all failed. */
  public EngineHealth health() {
    if (schedulerLost != null) {
      return EngineHealth.down("generation engine for " + model.name() + " cannot run: " + schedulerLost);
    }
    int failedSteps = failedStepsInARow.get();
    if (failedSteps >= DOWN_AFTER_FAILED_STEPS) {
      return EngineHealth.down("the last " + failedSteps + " generation steps of model " + model.name()
          + " failed, the latest with: " + lastFailure);
    }
    return EngineHealth.UP;
  }

  /** Requests accepted and not yet finished. */
  /**
   * Whether the scheduler has ended: only then may the model's native session be closed, since a
   * step still running in it would read freed memory.
   */
  public boolean stopped() {
    Thread current = scheduler;
    return current == null || !current.isAlive();
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** The scheduler thread: runs steps until closed; if it dies, its sequences fail and a new thread takes over. */
  private void schedule() {
    try {
      loop();
    } catch (InterruptedException e) {
      abort = true;
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      count(() -> schedulerRestarts++);
      failedStepsInARow.incrementAndGet();
      lastFailure = e.toString();
      LOG.error("Generation scheduler of {} died ({}); failing its {} sequences and starting a new one", model.name(),
          e.toString(), running.size() + prefilling.size(), e);
      failInProgress(e);
      if (!abort) {
        startScheduler();
      }
      return;
    }
    IllegalStateException closed = closedError();
    failInProgress(closed);
    List<Sequence> waiting = new ArrayList<>();
    queue.drainTo(waiting);
    waiting.forEach(s -> finishAbnormally(s, closed));
  }

  private IllegalStateException closedError() {
    return new IllegalStateException("Generation engine for " + model.name()
        + " was closed before this request finished (close waited " + settings.closeTimeout().toSeconds() + " s)");
  }

  private void loop() throws InterruptedException {
    while (!abort) {
      admit();
      if (running.isEmpty() && prefilling.isEmpty()) {
        if (closing && queue.isEmpty()) {
          return;
        }
        Sequence next = queue.poll(50, TimeUnit.MILLISECONDS);
        if (next != null) {
          prefilling.add(new Prefill(next));
        }
        continue;
      }
      yieldToHigherPriorityWork();
      try {
        dropCancelled();
        if (!prefilling.isEmpty()) {
          prefillChunk();
        }
        if (!running.isEmpty()) {
          decode();
        }
        failedStepsInARow.set(0);
      } catch (OrtException | RuntimeException e) {
        failedStepsInARow.incrementAndGet();
        lastFailure = e.toString();
        LOG.error("Generation step of model {} failed, failing its {} sequences: {}", model.name(),
            running.size() + prefilling.size(), e.toString(), e);
        failInProgress(e);
      }
    }
  }

  private void yieldToHigherPriorityWork() throws InterruptedException {
    long deadline = System.nanoTime() + MAX_YIELD_NANOS;
    while (!abort && higherPriorityWork.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  /** Waiting prompts join in arrival order while the sequence count and the cache budget allow. */
  private void admit() {
    int admitted = running.size() + prefilling.size();
    int longest = 0;
    for (Sequence s : running) {
      longest = Math.max(longest, s.cacheNeed());
    }
    for (Prefill p : prefilling) {
      longest = Math.max(longest, p.sequence.cacheNeed());
    }
    Sequence next;
    while (admitted < maxSequences && (next = queue.peek()) != null) {
      if (admitted > 0 && (next.alone || runsAlone())) {
        return;
      }
      int widest = Math.max(longest, next.cacheNeed());
      if (admitted > 0 && (long) (admitted + 1) * widest > settings.maxCacheTokens()) {
        return;
      }
      queue.poll();
      prefilling.add(new Prefill(next));
      admitted++;
      longest = widest;
    }
  }

  /** Sequences whose caller cancelled their future leave before the next pass. */
  private boolean runsAlone() {
    return running.stream().anyMatch(s -> s.alone) || prefilling.stream().anyMatch(p -> p.sequence.alone);
  }

  private void dropCancelled() throws OrtException {
    prefilling.removeIf(p -> {
      if (p.sequence.future.isDone()) {
        finishAbnormally(p.sequence, null);
        closeQuietly(p.cache);
        return true;
      }
      return false;
    });
    List<Integer> keep = new ArrayList<>();
    for (int r = 0; r < running.size(); r++) {
      if (running.get(r).future.isDone()) {
        finishAbnormally(running.get(r), null);
      } else {
        keep.add(r);
      }
    }
    if (keep.size() < running.size()) {
      keepRows(keep);
    }
  }

  /**
   * Reads up to one chunk of prompt tokens, shortest remaining prompt first; prompts read in full
   * take their first token and join the running batch.
   */
  private void prefillChunk() throws OrtException {
    prefilling.sort(Comparator.comparingInt(Prefill::remaining));
    int budget = settings.prefillChunkTokens();
    List<Prefill> read = new ArrayList<>();
    for (Prefill p : prefilling) {
      if (budget == 0) {
        break;
      }
      int n = Math.min(p.remaining(), budget);
      long[] ids = new long[n];
      long[] positions = new long[n];
      long[] mask = new long[p.done + n];
      Arrays.fill(mask, 1L);
      for (int i = 0; i < n; i++) {
        ids[i] = p.sequence.prompt[p.done + i];
        positions[i] = p.done + i;
      }
      KvCache past = p.cache != null ? p.cache : model.emptyCache(1);
      DecoderModel.Step step;
      try {
        step = model.run(ids, mask, positions, 1, n, past, new int[] {p.done + n}, true);
      } finally {
        past.close();
        p.cache = null;
      }
      p.cache = step.cache();
      p.done += n;
      budget -= n;
      count(() -> prefillChunks++);
      if (p.remaining() == 0) {
        count(() -> prefills++);
        p.sequence.accept(step.logits()[0], model::decode);
        count(() -> tokens++);
        read.add(p);
      }
    }
    if (read.isEmpty()) {
      return;
    }
    prefilling.removeAll(read);
    List<KvCache.Row> rows = new ArrayList<>();
    for (int r = 0; r < running.size(); r++) {
      rows.add(new KvCache.Row(cache, r));
    }
    List<Sequence> joined = new ArrayList<>();
    boolean wasRunning = !running.isEmpty();
    try {
      for (Prefill p : read) {
        if (p.sequence.finished()) {
          complete(p.sequence);
        } else {
          rows.add(new KvCache.Row(p.cache, 0));
          joined.add(p.sequence);
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
      joined.forEach(s -> finishAbnormally(s, e));
      throw e;
    } finally {
      read.forEach(p -> closeQuietly(p.cache));
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
    if (!sequence.settled.compareAndSet(false, true)) {
      return;
    }
    inFlight.decrementAndGet();
    count(() -> completed++);
    sequence.complete(model::decode, model.name(), model.version());
  }

  /** Ends a sequence that did not complete; {@code cause} null when its caller already cancelled it. */
  private void finishAbnormally(Sequence sequence, Throwable cause) {
    if (!sequence.settled.compareAndSet(false, true)) {
      return;
    }
    inFlight.decrementAndGet();
    count(() -> failed++);
    if (cause != null) {
      sequence.future.completeExceptionally(cause);
    }
  }

  /** Fails every running and prefilling sequence and frees their caches. */
  private void failInProgress(Throwable cause) {
    running.forEach(s -> finishAbnormally(s, cause));
    running.clear();
    prefilling.forEach(p -> {
      finishAbnormally(p.sequence, cause);
      closeQuietly(p.cache);
    });
    prefilling.clear();
    closeQuietly(cache);
    cache = null;
  }

  private static void closeQuietly(KvCache kv) {
    if (kv != null) {
      try {
        kv.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing a key/value cache failed: {}", e.toString());
      }
    }
  }

  private void count(Runnable update) {
    synchronized (statsLock) {
      update.run();
    }
  }

  /**
   * Stops taking requests and lets the accepted ones finish for up to the close timeout. Then it
   * fails those left with an {@link IllegalStateException} and tells the scheduler to stop; it waits
   * at most {@link #ABORT_GRACE} more for a step in progress, so it returns even when a model call
   * hangs (that thread is then left to end on its own).
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closing = true;
    }
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    try {
      joinSchedulerUntil(deadline);
      if (scheduler.isAlive()) {
        LOG.warn("Generation engine for {} still had {} requests after {} s; failing them", model.name(), inFlight.get(),
            settings.closeTimeout().toSeconds());
        abort = true;
        IllegalStateException closed = closedError();
        List.copyOf(accepted).forEach(s -> finishAbnormally(s, closed));
        joinSchedulerUntil(System.nanoTime() + ABORT_GRACE.toNanos());
        if (scheduler.isAlive()) {
          LOG.warn("Generation engine for {}: a step still ran {} s after the close timeout; its thread is left to end on"
              + " its own", model.name(), ABORT_GRACE.toSeconds());
        }
      }
    } catch (InterruptedException e) {
      abort = true;
      Thread.currentThread().interrupt();
    }
  }

  /** Joins the scheduler, and any thread that replaced it meanwhile, until the deadline. */
  private void joinSchedulerUntil(long deadline) throws InterruptedException {
    Thread current = scheduler;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(current, left);
      }
      Thread now = scheduler;
      if (now == current || left <= 0) {
        return;
      }
      current = now;
    }
  }
}
