package io.textenrich.model;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model, shared by every caller in the JVM. Every text submitted, from every task and thread,
 * joins one queue; each model call is cut from the whole queue by {@link PendingTexts}: texts of
 * similar token length, up to a budget of padded tokens and a number of sequences (and, where the
 * device pays for padding, a padding share). A deep queue
 * gives large calls with little padding (what a GPU needs); a shallow one never waits to fill.
 * With {@code parallelism} > 1, that many calls run at once (on a CPU, several single-threaded
 * calls use the cores better than one call spread over them).
 *
 * <p>Admission is bounded: when the engine holds {@code queueCapacity} texts not yet done, callers
 * wait, which is how back-pressure reaches the stream threads. A request whose future is cancelled
 * or failed leaves the queue at once; its capacity comes back when its last text has left the queue
 * or its model call has ended, so retries never push the engine past its capacity.
 *
 * <p>A runner thread that dies (an {@link Error} such as OutOfMemoryError) is replaced and counted;
 * {@link #health()} turns down when no runner is left or calls keep failing.
 */
public final class EmbeddingEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingEngine.class);

  /** Failed calls in a row, with no success between, after which the model counts as unable to run. */
  static final int DOWN_AFTER_FAILED_CALLS = 10;

  /** Every so many calls, and at close, the measured call-size costs are saved for the next run. */
  static final int SAVE_EVERY_CALLS = 256;

  /**
   * A text of an ordinary event's length (about thirty tokens) for calibration: cost per token
   * depends on length, so a sentence the size of the events the service usually gets.
   */
  private static final int CALIBRATION_ROUNDS = 3;

  static final String CALIBRATION_TEXT = "The delivery arrived two days late and the box was damaged, but support answered"
      + " quickly and sent a replacement that works well.";

  /**
   * @param maxCallSequences most texts in one model call
   * @param maxCallPaddedTokens most padded tokens in one model call: texts x the longest text's
   *     tokens, as Hugging Face TEI's {@code max_batch_tokens}; a single longer text still runs alone
   * @param maxCallPaddingShare the most padding a call may carry as it grows; 1 for no bound. A
   *     CPU pays for every padded token, a GPU hardly for a call's size ({@link EngineTuning})
   * @param queueCapacity most texts admitted and not yet done
   * @param groupByLength cut calls from the queue sorted by token length; false keeps arrival order
   * @param parallelism model calls that may run at the same time
   * @param closeTimeout the longest {@link #close()} waits for calls in progress, over all runners
   * @param measureCallSize whether {@code maxCallPaddedTokens} is only the upper bound and the padded
   *     tokens a call may reach are measured on the device ({@link CallSizeController}): the {@code
   *     auto} of {@code enrich.engine.max.call.sequences} and {@code enrich.engine.max.call.padded.tokens}
   */
  public record Settings(int maxCallSequences, int maxCallPaddedTokens, double maxCallPaddingShare, int queueCapacity,
      boolean groupByLength, int parallelism, Duration closeTimeout, boolean measureCallSize) {

    public Settings {
      if (maxCallSequences < 1 || maxCallPaddedTokens < 1 || queueCapacity < 1 || parallelism < 1) {
        throw new IllegalArgumentException("engine limits and parallelism must be >= 1");
      }
      if (!(maxCallPaddingShare > 0 && maxCallPaddingShare <= 1)) {
        throw new IllegalArgumentException("max call padding share must be in (0, 1], got " + maxCallPaddingShare);
      }
      if (closeTimeout == null || closeTimeout.isNegative()) {
        throw new IllegalArgumentException("close timeout must be >= 0");
      }
    }

    /** Sized for the CPU default model; {@link EngineTuning} gives the device-aware ones. */
    public static Settings defaults() {
      return new Settings(EngineTuning.CPU_MAX_CALL_SEQUENCES, EngineTuning.DEFAULT_MAX_CALL_PADDED_TOKENS,
          EngineTuning.CPU_MAX_CALL_PADDING_SHARE, 1024, true, 1, Duration.ofSeconds(30), false);
    }

    public Settings withMaxCallRecords(int value) {
      return new Settings(value, maxCallPaddedTokens, maxCallPaddingShare, queueCapacity, groupByLength, parallelism,
          closeTimeout, measureCallSize);
    }

    public Settings withMaxCallPaddedTokens(int value) {
      return new Settings(maxCallSequences, value, maxCallPaddingShare, queueCapacity, groupByLength, parallelism,
          closeTimeout, measureCallSize);
    }

    public Settings withMaxCallPaddingShare(double value) {
      return new Settings(maxCallSequences, maxCallPaddedTokens, value, queueCapacity, groupByLength, parallelism,
          closeTimeout, measureCallSize);
    }

    public Settings withQueueCapacity(int value) {
      return new Settings(maxCallSequences, maxCallPaddedTokens, maxCallPaddingShare, value, groupByLength, parallelism,
          closeTimeout, measureCallSize);
    }

    public Settings withGroupByLength(boolean value) {
      return new Settings(maxCallSequences, maxCallPaddedTokens, maxCallPaddingShare, queueCapacity, value, parallelism,
          closeTimeout, measureCallSize);
    }

    public Settings withParallelism(int value) {
      return new Settings(maxCallSequences, maxCallPaddedTokens, maxCallPaddingShare, queueCapacity, groupByLength, value,
          closeTimeout, measureCallSize);
    }

    public Settings withCloseTimeout(Duration value) {
      return new Settings(maxCallSequences, maxCallPaddedTokens, maxCallPaddingShare, queueCapacity, groupByLength,
          parallelism, value, measureCallSize);
    }

    public Settings withMeasuredCallSize(boolean value) {
      return new Settings(maxCallSequences, maxCallPaddedTokens, maxCallPaddingShare, queueCapacity, groupByLength,
          parallelism, closeTimeout, value);
    }
  }

  /**
   * The embedding of one text and how it was computed.
   *
   * @param paddedTokens token slots this text occupied in its call (the call's padded length)
   * @param callSize texts in the model call that computed it
   * @param queueNanos from submission to the start of its model call
   */
  public record Embedded(float[] vector, int tokens, int paddedTokens, int callSize, long queueNanos, long inferenceNanos) {}

  /**
   * Cumulative figures since start.
   *
   * @param callSizeP50 median texts per model call
   * @param callSizeMax most texts in one model call
   * @param runnerRestarts runner threads that died and were replaced
   * @param droppedTexts texts that left the queue unrun because their request was cancelled or failed
   */
  public record Stats(long calls, long records, long realTokens, long paddedTokens, long inferenceNanos, int callSizeP50,
      int callSizeMax, long runnerRestarts, long droppedTexts) {

    public double paddingShare() {
      return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }

    public double meanCallSize() {
      return calls == 0 ? 0 : (double) records / calls;
    }
  }

  /** What callers submitted: completes when every one of its texts has a result. */
  private final class Request {
    final List<PreparedText> texts;
    final long submittedNanos = clock.getAsLong();
    final CompletableFuture<List<Embedded>> result = new CompletableFuture<>();
    final Embedded[] results;
    final AtomicInteger undelivered;
    /** Texts still queued or in a model call; the admission permits come back when none are. */
    final AtomicInteger inEngine;
    final int permits;
    final List<PendingTexts.Entry<Request>> entries = new ArrayList<>();

    Request(List<PreparedText> texts, int permits) {
      this.texts = texts;
      this.results = new Embedded[texts.size()];
      this.undelivered = new AtomicInteger(texts.size());
      this.inEngine = new AtomicInteger(texts.size());
      this.permits = permits;
    }

    void deliver(int index, Embedded embedded) {
      results[index] = embedded;
      if (undelivered.decrementAndGet() == 0) {
        result.complete(List.of(results));
      }
    }

    void left(int texts) {
      if (inEngine.addAndGet(-texts) == 0) {
        admission.release(permits);
      }
    }
  }

  private final TextEncoder model;
  private final Settings settings;
  private final Semaphore admission;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workQueued = lock.newCondition();
  private final PendingTexts<Request> pending = new PendingTexts<>();
  private final Thread[] runners;
  /** The call each runner is running now, null when none: what close() fails if a call hangs. */
  private final AtomicReferenceArray<List<PendingTexts.Entry<Request>>> inProgress;
  private final AtomicInteger liveRunners = new AtomicInteger();
  private volatile boolean open = true;
  private volatile String runnersLost;
  private final AtomicInteger failedCallsInARow = new AtomicInteger();
  private volatile String lastFailure;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong realTokens = new AtomicLong();
  private final AtomicLong paddedTokens = new AtomicLong();
  private final AtomicLong inferenceNanos = new AtomicLong();
  private final AtomicLong runnerRestarts = new AtomicLong();
  private final AtomicLong droppedTexts = new AtomicLong();
  /** Calls by size: index n counts calls of n texts. */
  private final AtomicLongArray callSizes;
  /** The measured call size in padded tokens; null when the configured maximum is the size calls reach. */
  private final CallSizeController callSize;
  private final CallSizeFile measurements;
  private final AtomicLong callsSinceSaved = new AtomicLong();
  /** Times queueing and the hand-over after each call (what the call size is measured on). */
  private final LongSupplier clock;

  public EmbeddingEngine(TextEncoder model, Settings settings) {
    this(model, settings, null);
  }

  /**
   * @param measurements where the measured call size is kept between runs; null for nowhere (every
   *     start calibrates)
   */
  public EmbeddingEngine(TextEncoder model, Settings settings, CallSizeFile measurements) {
    this(model, settings, measurements, System::nanoTime);
  }

  /** @param clock nanoseconds for the per-call timings; tests pass one that does not jitter */
  EmbeddingEngine(TextEncoder model, Settings settings, CallSizeFile measurements, LongSupplier clock) {
    this.clock = clock;
    this.model = model;
    this.settings = settings;
    this.measurements = measurements;
    this.admission = new Semaphore(settings.queueCapacity());
    this.callSizes = new AtomicLongArray(settings.maxCallSequences() + 1);
    this.runners = new Thread[settings.parallelism()];
    this.inProgress = new AtomicReferenceArray<>(settings.parallelism());
    this.callSize = settings.measureCallSize() ? measuredCallSize() : null;
    // Saved at once, not first after 256 calls: a process killed early must not calibrate again.
    saveMeasurements();
    for (int slot = 0; slot < runners.length; slot++) {
      startRunner(slot);
    }
  }

  /** The costs the last run saved, when they were measured on the same model and engine; else a calibration now. */
  private CallSizeController measuredCallSize() {
    if (measurements != null) {
      Optional<CallSizeController> saved = measurements.read()
          .flatMap(line -> CallSizeController.restore(line, settings.maxCallPaddedTokens()));
      if (saved.isPresent()) {
        LOG.info("Embedding engine for {}: from the last run's measurements in {} (no calibration): {}; measured again as it runs",
            model.modelName(), measurements.path(), saved.get().describe());
        return saved.get();
      }
    }
    return calibrate(model, settings.maxCallSequences(), settings.maxCallPaddedTokens());
  }

  private void saveMeasurements() {
    if (measurements == null || callSize == null) {
      return;
    }
    try {
      measurements.write(callSize.save());
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot save the call-size measurements to {}: {}", measurements.path(), e.toString());
    }
  }

  /**
   * Measures the cost per token of calls of 1, 2, 4, ... texts on this device, before any runner
   * starts: a short, one-off cost (on a CPU a second or two for the default model). Live calls keep
   * the measure current afterwards. A model that fails here runs with the configured maximum.
   */
  private static CallSizeController calibrate(TextEncoder model, int maxCallSequences, int maxCallPaddedTokens) {
    CallSizeController controller = new CallSizeController(maxCallPaddedTokens);
    try {
      EmbeddingBatch first = model.embed(List.of(CALIBRATION_TEXT));
      int[] sizes = calibrationSizes(maxCallSequences, maxCallPaddedTokens / Math.max(1, first.paddedLength()));
      long[] fastest = new long[sizes.length];
      long[] tokens = new long[sizes.length];
      long[] padded = new long[sizes.length];
      Arrays.fill(fastest, Long.MAX_VALUE);
      // Rounds over all sizes, keeping each size's fastest call: a burst of other load on the
      // machine slows one round, not one size.
      for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
        for (int i = 0; i < sizes.length; i++) {
          EmbeddingBatch batch = model.embed(Collections.nCopies(sizes[i], CALIBRATION_TEXT));
          fastest[i] = Math.min(fastest[i], batch.inferenceNanos());
          tokens[i] = tokens(batch);
          padded[i] = (long) batch.paddedLength() * sizes[i];
        }
      }
      for (int i = 0; i < sizes.length; i++) {
        controller.calibrated(padded[i], tokens[i], fastest[i]);
      }
    } catch (RuntimeException e) {
      LOG.warn("Embedding engine for {}: measuring the call size failed ({}); calls go up to the configured {} texts and {}"
          + " padded tokens", model.modelName(), e.toString(), maxCallSequences, maxCallPaddedTokens);
      return null;
    }
    LOG.info("Embedding engine for {}: {}", model.modelName(), controller.describe());
    return controller;
  }

  /** Texts per calibration call, smallest first: 1, 2, 4, ... up to the most a call may hold, the last that most. */
  static int[] calibrationSizes(int maxCallSequences, int maxTextsWithinTokens) {
    int most = Math.max(1, Math.min(maxCallSequences, maxTextsWithinTokens));
    List<Integer> sizes = new ArrayList<>();
    for (int n = 1; n < most; n *= 2) {
      sizes.add(n);
    }
    sizes.add(most);
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long tokens(EmbeddingBatch batch) {
    long sum = 0;
    for (int t : batch.tokenCounts()) {
      sum += t;
    }
    return sum;
  }

  /** The padded tokens per call (texts times the longest) the engine settled on: measured, or the configured maximum. */
  public int callTokenLimit() {
    return callSize == null ? settings.maxCallPaddedTokens() : callSize.settled();
  }

  /**
   * Queues texts for embedding, by their token counts; see {@link #submitPrepared}.
   *
   * @param tokens token count per text (after truncation), used for call limits and grouping
   */
  public CompletableFuture<List<Embedded>> submit(List<String> texts, int[] tokens, Duration admissionTimeout)
      throws TimeoutException, InterruptedException {
    return submitPrepared(PreparedText.untokenized(texts, tokens), admissionTimeout);
  }

  /**
   * Queues prepared texts for embedding, waiting up to {@code admissionTimeout} for room; for
   * callers that run the engine by itself. The stages use {@link #offer}, which never waits.
   *
   * @throws TimeoutException when the engine stays full for longer than {@code admissionTimeout}
   */
  public CompletableFuture<List<Embedded>> submitPrepared(List<PreparedText> texts, Duration admissionTimeout)
      throws TimeoutException, InterruptedException {
    checkOpen();
    if (texts.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    int permits = permits(texts);
    if (!admission.tryAcquire(permits, admissionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(fullReason() + " for " + admissionTimeout.toMillis() + " ms");
    }
    return enqueue(texts, permits);
  }

  /**
   * Offers prepared texts for embedding without waiting: accepted with a future that completes
   * with one result per text, in order, or full when the queue has no room for them now. Texts that
   * carry their token ids are not tokenized again. Cancelling the future takes its texts that have
   * not started out of the queue.
   */
  public Admission<List<Embedded>> offer(List<PreparedText> texts) {
    checkOpen();
    if (texts.isEmpty()) {
      return Admission.accepted(CompletableFuture.completedFuture(List.of()));
    }
    int permits = permits(texts);
    if (!admission.tryAcquire(permits)) {
      return Admission.full(fullReason());
    }
    return Admission.accepted(enqueue(texts, permits));
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("embedding engine for " + model.modelName() + " is closed");
    }
  }

  private int permits(List<PreparedText> texts) {
    return Math.min(texts.size(), settings.queueCapacity());
  }

  private String fullReason() {
    return "embedding engine for " + model.modelName() + " is full (" + settings.queueCapacity() + " texts queued)";
  }

  private CompletableFuture<List<Embedded>> enqueue(List<PreparedText> texts, int permits) {
    Request request = new Request(List.copyOf(texts), permits);
    lock.lock();
    try {
      if (!open) {
        admission.release(permits);
        throw new IllegalStateException("embedding engine for " + model.modelName() + " is closed");
      }
      for (int i = 0; i < texts.size(); i++) {
        request.entries.add(pending.add(request, i, texts.get(i).tokens()));
      }
      workQueued.signalAll();
    } finally {
      lock.unlock();
    }
    // Any end but success (cancel, timeout, a failed call of some of its texts) takes the rest out.
    request.result.whenComplete((r, e) -> {
      if (e != null) {
        dropQueued(request);
      }
    });
    return request.result;
  }

  public Stats stats() {
    long total = 0;
    int max = 0;
    for (int n = 0; n < callSizes.length(); n++) {
      if (callSizes.get(n) > 0) {
        total += callSizes.get(n);
        max = n;
      }
    }
    int p50 = 0;
    long seen = 0;
    for (int n = 0; n < callSizes.length() && total > 0; n++) {
      seen += callSizes.get(n);
      if (2 * seen >= total) {
        p50 = n;
        break;
      }
    }
    return new Stats(calls.get(), records.get(), realTokens.get(), paddedTokens.get(), inferenceNanos.get(), p50, max,
        runnerRestarts.get(), droppedTexts.get());
  }

  public Settings settings() {
    return settings;
  }

  /** Texts queued and not yet in a model call. */
  public int queued() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Whether texts are queued or in a model call: what a lower-priority engine on the same device yields to. */
  public boolean busy() {
    if (queued() > 0) {
      return true;
    }
    for (int i = 0; i < inProgress.length(); i++) {
      if (inProgress.get(i) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every runner has ended: only then may the model's native session be closed, since a
   * call still running in it would read freed memory.
   */
  public boolean stopped() {
    for (Thread runner : runners) {
      if (runner.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Down when no runner is left or the last {@value #DOWN_AFTER_FAILED_CALLS} calls all failed. */
  public EngineHealth health() {
    if (liveRunners.get() == 0 && runnersLost != null) {
      return EngineHealth.down("embedding engine for " + model.modelName() + " has no runner left: " + runnersLost);
    }
    int failed = failedCallsInARow.get();
    if (failed >= DOWN_AFTER_FAILED_CALLS) {
      return EngineHealth.down("the last " + failed + " calls of model " + model.modelName() + " failed, the latest with: "
          + lastFailure);
    }
    return EngineHealth.UP;
  }

  private void startRunner(int slot) {
    Thread runner = new Thread(() -> run(slot), "embedding-engine-" + model.modelName() + "-" + slot);
    runner.setDaemon(true);
    runners[slot] = runner;
    try {
      liveRunners.incrementAndGet();
      runner.start();
    } catch (Throwable e) {
      liveRunners.decrementAndGet();
      runnersLost = "a runner thread could not be started (" + e + ")";
      LOG.error("Embedding engine for {}: {}; {} runner(s) left", model.modelName(), runnersLost, liveRunners.get());
    }
  }

  /** A runner: takes the next call from the queue and runs it; replaced if it dies. */
  private void run(int slot) {
    try {
      List<PendingTexts.Entry<Request>> call;
      while ((call = nextCall()) != null) {
        inProgress.set(slot, call);
        execute(call);
        inProgress.set(slot, null);
      }
      liveRunners.decrementAndGet();
    } catch (Throwable e) {
      inProgress.set(slot, null);
      liveRunners.decrementAndGet();
      runnerRestarts.incrementAndGet();
      LOG.error("Embedding engine runner {} for {} died ({}); starting a new one", slot, model.modelName(), e.toString(), e);
      if (open) {
        startRunner(slot);
      }
    }
  }

  /** The next call, waiting for work; null once the engine is closing. */
  private List<PendingTexts.Entry<Request>> nextCall() throws InterruptedException {
    lock.lock();
    try {
      while (open && pending.isEmpty()) {
        workQueued.await();
      }
      if (!open) {
        return null;
      }
      int tokenLimit = callSize == null ? settings.maxCallPaddedTokens() : callSize.limit();
      return pending.takeCall(settings.maxCallSequences(), tokenLimit, settings.maxCallPaddingShare(), settings.groupByLength());
    } finally {
      lock.unlock();
    }
  }

  private void execute(List<PendingTexts.Entry<Request>> call) {
    List<PreparedText> texts = new ArrayList<>(call.size());
    for (PendingTexts.Entry<Request> entry : call) {
      texts.add(entry.owner.texts.get(entry.index));
    }
    long start = clock.getAsLong();
    EmbeddingBatch batch;
    try {
      batch = model.embedPrepared(texts);
    } catch (Throwable e) {
      lastFailure = e.toString();
      failedCallsInARow.incrementAndGet();
      LOG.warn("Model call of {} on {} text(s) failed: {}", model.modelName(), texts.size(), e.toString());
      call.forEach(entry -> entry.owner.left(1));
      call.stream().map(entry -> entry.owner).distinct().forEach(r -> r.result.completeExceptionally(e));
      if (e instanceof Error error) {
        throw error;
      }
      return;
    }
    long modelDone = clock.getAsLong();
    failedCallsInARow.set(0);
    calls.incrementAndGet();
    records.addAndGet(texts.size());
    callSizes.incrementAndGet(Math.min(texts.size(), callSizes.length() - 1));
    long callTokens = tokens(batch);
    realTokens.addAndGet(callTokens);
    paddedTokens.addAndGet((long) batch.paddedLength() * texts.size());
    inferenceNanos.addAndGet(batch.inferenceNanos());
    for (int j = 0; j < call.size(); j++) {
      PendingTexts.Entry<Request> entry = call.get(j);
      entry.owner.left(1);
      entry.owner.deliver(entry.index, new Embedded(batch.vectors().get(j), batch.tokenCounts()[j], batch.paddedLength(),
          texts.size(), start - entry.owner.submittedNanos, batch.inferenceNanos()));
    }
    if (callSize != null) {
      // The model's time and what handing its results over took: that is paid once per call
      // whatever its size, so it counts against small calls.
      callSize.observe((long) batch.paddedLength() * texts.size(), callTokens,
          batch.inferenceNanos() + (clock.getAsLong() - modelDone));
      if (callsSinceSaved.incrementAndGet() % SAVE_EVERY_CALLS == 0) {
        saveMeasurements();
      }
    }
  }

  /** Takes a request's texts that are still queued out of the queue. */
  private void dropQueued(Request request) {
    int dropped = 0;
    lock.lock();
    try {
      for (PendingTexts.Entry<Request> entry : request.entries) {
        if (pending.remove(entry)) {
          dropped++;
        }
      }
    } finally {
      lock.unlock();
    }
    if (dropped > 0) {
      droppedTexts.addAndGet(dropped);
      request.left(dropped);
    }
  }

  /**
   * Stops taking calls, lets the calls in progress finish for up to the close timeout (over all
   * runners together), and fails what is still queued, and any call still running then, with a
   * clear error.
   */
  @Override
  public void close() {
    saveMeasurements();
    List<Request> queued;
    lock.lock();
    try {
      open = false;
      queued = pending.owners();
      workQueued.signalAll();
    } finally {
      lock.unlock();
    }
    IllegalStateException closed = new IllegalStateException("embedding engine for " + model.modelName()
        + " closed before this request ran");
    queued.forEach(r -> r.result.completeExceptionally(closed));
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    try {
      for (Thread runner : runners) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(runner, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int slot = 0; slot < runners.length; slot++) {
      List<PendingTexts.Entry<Request>> stuck = inProgress.get(slot);
      if (runners[slot].isAlive() && stuck != null) {
        LOG.warn("Embedding engine for {}: a model call of {} text(s) still ran after the close timeout of {} ms; its"
            + " requests fail and its thread is left to end on its own", model.modelName(), stuck.size(),
            settings.closeTimeout().toMillis());
        IllegalStateException hung = new IllegalStateException("embedding engine for " + model.modelName()
            + " closed while this request's model call still ran");
        stuck.stream().map(entry -> entry.owner).distinct().forEach(r -> r.result.completeExceptionally(hung));
        runners[slot].interrupt();
      }
    }
  }
}
