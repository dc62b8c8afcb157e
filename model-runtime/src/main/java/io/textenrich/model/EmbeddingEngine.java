package io.textenrich.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model, shared by every caller in the JVM. Requests that arrive while the model is busy are
 * merged into the next model calls, within the call limits; texts of similar token length are
 * grouped into the same call, so little compute goes to padding. With {@code parallelism} > 1,
 * that many calls run at once (on a CPU, several single-threaded calls use the cores better than
 * one call spread over them). Admission is bounded: when the engine holds {@code queueCapacity}
 * texts, callers wait, which is how back-pressure reaches the stream threads.
 */
public final class EmbeddingEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingEngine.class);

  /**
   * @param maxCallRecords most texts in one model call
   * @param maxCallTokens most real tokens in one model call
   * @param queueCapacity most texts admitted and not yet done
   * @param groupByLength sort and split by token length before padding
   * @param maxPaddingShare with grouping, the most padding a call may carry
   * @param parallelism model calls that may run at the same time
   */
  public record Settings(int maxCallRecords, int maxCallTokens, int queueCapacity, boolean groupByLength, double maxPaddingShare,
      int parallelism) {

    public Settings {
      if (maxCallRecords < 1 || maxCallTokens < 1 || queueCapacity < 1 || parallelism < 1) {
        throw new IllegalArgumentException("engine limits and parallelism must be >= 1");
      }
      if (maxPaddingShare < 0 || maxPaddingShare >= 1) {
        throw new IllegalArgumentException("max padding share must be in [0, 1), got " + maxPaddingShare);
      }
    }

    public static Settings defaults() {
      return new Settings(64, 8192, 1024, true, 0.10, 1);
    }

    public Settings withMaxCallRecords(int value) {
      return new Settings(value, maxCallTokens, queueCapacity, groupByLength, maxPaddingShare, parallelism);
    }

    public Settings withGroupByLength(boolean value) {
      return new Settings(maxCallRecords, maxCallTokens, queueCapacity, value, maxPaddingShare, parallelism);
    }

    public Settings withParallelism(int value) {
      return new Settings(maxCallRecords, maxCallTokens, queueCapacity, groupByLength, maxPaddingShare, value);
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

  /** Cumulative figures since start. */
  public record Stats(long calls, long records, long realTokens, long paddedTokens, long inferenceNanos) {

    public double paddingShare() {
      return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }
  }

  /** What callers submitted: completes when every one of its texts has a result. */
  private static final class Request {
    final List<String> texts;
    final int[] tokens;
    final long submittedNanos;
    final CompletableFuture<List<Embedded>> result = new CompletableFuture<>();
    final Embedded[] results;
    final AtomicInteger remaining;

    Request(List<String> texts, int[] tokens) {
      this.texts = texts;
      this.tokens = tokens;
      this.submittedNanos = System.nanoTime();
      this.results = new Embedded[texts.size()];
      this.remaining = new AtomicInteger(texts.size());
    }

    int tokenSum() {
      int sum = 0;
      for (int t : tokens) {
        sum += t;
      }
      return sum;
    }

    void deliver(int index, Embedded embedded) {
      results[index] = embedded;
      if (remaining.decrementAndGet() == 0) {
        result.complete(List.of(results));
      }
    }
  }

  /** One planned model call: texts taken from one or more requests. */
  private record Call(List<Request> requests, int[] indices) {}

  private final TextEncoder model;
  private final Settings settings;
  /** Requests, and in front of them the planned calls that runners have still to run. */
  private final BlockingDeque<Object> work = new LinkedBlockingDeque<>();
  private final Semaphore admission;
  private final List<Thread> runners = new ArrayList<>();
  private volatile boolean running = true;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong realTokens = new AtomicLong();
  private final AtomicLong paddedTokens = new AtomicLong();
  private final AtomicLong inferenceNanos = new AtomicLong();

  public EmbeddingEngine(TextEncoder model, Settings settings) {
    this.model = model;
    this.settings = settings;
    this.admission = new Semaphore(settings.queueCapacity());
    for (int i = 0; i < settings.parallelism(); i++) {
      Thread runner = new Thread(this::run, "embedding-engine-" + model.modelName() + "-" + i);
      runner.setDaemon(true);
      runner.start();
      runners.add(runner);
    }
  }

  /**
   * Queues texts for embedding; the future completes with one result per text, in order.
   *
   * @param tokens token count per text (after truncation), used for call limits and grouping
   * @throws TimeoutException when the engine stays full for longer than {@code admissionTimeout}
   */
  public CompletableFuture<List<Embedded>> submit(List<String> texts, int[] tokens, Duration admissionTimeout)
      throws TimeoutException, InterruptedException {
    if (texts.size() != tokens.length) {
      throw new IllegalArgumentException(texts.size() + " texts but " + tokens.length + " token counts");
    }
    if (!running) {
      throw new IllegalStateException("embedding engine for " + model.modelName() + " is closed");
    }
    if (texts.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    int permits = Math.min(texts.size(), settings.queueCapacity());
    if (!admission.tryAcquire(permits, admissionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("embedding engine for " + model.modelName() + " stayed full (" + settings.queueCapacity()
          + " texts) for " + admissionTimeout.toMillis() + " ms");
    }
    Request request = new Request(List.copyOf(texts), tokens.clone());
    request.result.whenComplete((r, e) -> admission.release(permits));
    work.addLast(request);
    return request.result;
  }

  public Stats stats() {
    return new Stats(calls.get(), records.get(), realTokens.get(), paddedTokens.get(), inferenceNanos.get());
  }

  public Settings settings() {
    return settings;
  }

  /** A runner: planned calls first, else the waiting requests merged and planned into calls. */
  private void run() {
    while (running) {
      Object next;
      try {
        next = work.pollFirst(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        continue;
      }
      Call call = next instanceof Call planned ? planned : plan(merge((Request) next));
      execute(call);
    }
  }

  /** The taken request and every further waiting one that fits the call limits. */
  private List<Request> merge(Request first) {
    List<Request> merged = new ArrayList<>();
    merged.add(first);
    int texts = first.texts.size();
    int tokens = first.tokenSum();
    Object head;
    while ((head = work.pollFirst()) != null) {
      if (head instanceof Request next && texts + next.texts.size() <= settings.maxCallRecords()
          && tokens + next.tokenSum() <= settings.maxCallTokens()) {
        merged.add(next);
        texts += next.texts.size();
        tokens += next.tokenSum();
      } else {
        work.addFirst(head);
        break;
      }
    }
    return merged;
  }

  /** Cuts the merged texts into calls; queues all but the first in front, for any free runner. */
  private Call plan(List<Request> merged) {
    List<Request> owners = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    for (Request r : merged) {
      for (int i = 0; i < r.texts.size(); i++) {
        owners.add(r);
        indices.add(i);
        lengths.add(r.tokens[i]);
      }
    }
    List<Call> calls = new ArrayList<>();
    for (int[] group : CallPlan.split(lengths.stream().mapToInt(Integer::intValue).toArray(), settings)) {
      List<Request> callOwners = new ArrayList<>(group.length);
      int[] callIndices = new int[group.length];
      for (int j = 0; j < group.length; j++) {
        callOwners.add(owners.get(group[j]));
        callIndices[j] = indices.get(group[j]);
      }
      calls.add(new Call(callOwners, callIndices));
    }
    for (int i = calls.size() - 1; i >= 1; i--) {
      work.addFirst(calls.get(i));
    }
    return calls.get(0);
  }

  private void execute(Call call) {
    List<String> texts = new ArrayList<>(call.indices().length);
    for (int j = 0; j < call.indices().length; j++) {
      texts.add(call.requests().get(j).texts.get(call.indices()[j]));
    }
    long start = System.nanoTime();
    EmbeddingBatch batch;
    try {
      batch = model.embed(texts);
    } catch (RuntimeException e) {
      LOG.warn("Model call of {} on {} text(s) failed: {}", model.modelName(), texts.size(), e.getMessage());
      call.requests().stream().distinct().forEach(r -> r.result.completeExceptionally(e));
      return;
    }
    calls.incrementAndGet();
    records.addAndGet(texts.size());
    for (int t : batch.tokenCounts()) {
      realTokens.addAndGet(t);
    }
    paddedTokens.addAndGet((long) batch.paddedLength() * texts.size());
    inferenceNanos.addAndGet(batch.inferenceNanos());
    for (int j = 0; j < texts.size(); j++) {
      Request owner = call.requests().get(j);
      owner.deliver(call.indices()[j], new Embedded(batch.vectors().get(j), batch.tokenCounts()[j], batch.paddedLength(),
          texts.size(), start - owner.submittedNanos, batch.inferenceNanos()));
    }
  }

  /** Finishes the model calls in progress, then fails what is still queued with a clear error. */
  @Override
  public void close() {
    running = false;
    for (Thread runner : runners) {
      try {
        runner.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    IllegalStateException closed = new IllegalStateException("embedding engine for " + model.modelName()
        + " closed before this request ran");
    Object item;
    while ((item = work.pollFirst()) != null) {
      if (item instanceof Request r) {
        r.result.completeExceptionally(closed);
      } else if (item instanceof Call c) {
        c.requests().forEach(r -> r.result.completeExceptionally(closed));
      }
    }
  }
}
