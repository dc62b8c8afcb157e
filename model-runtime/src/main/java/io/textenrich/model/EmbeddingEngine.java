package io.textenrich.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model, shared by every caller in the JVM. Requests that arrive while the model is busy are
 * merged into the next model call, within the call limits; inside a call, texts of similar token
 * length are grouped so that little compute goes to padding. Admission is bounded: when the
 * engine holds {@code queueCapacity} texts, callers wait, which is how back-pressure reaches the
 * stream threads.
 */
public final class EmbeddingEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingEngine.class);

  /**
   * @param maxCallRecords most texts in one model call
   * @param maxCallTokens most real tokens in one model call
   * @param queueCapacity most texts admitted and not yet done
   * @param groupByLength sort and split by token length before padding
   * @param maxPaddingShare with grouping, the most padding a call may carry
   */
  public record Settings(int maxCallRecords, int maxCallTokens, int queueCapacity, boolean groupByLength, double maxPaddingShare) {

    public Settings {
      if (maxCallRecords < 1 || maxCallTokens < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("engine limits must be >= 1");
      }
      if (maxPaddingShare < 0 || maxPaddingShare >= 1) {
        throw new IllegalArgumentException("max padding share must be in [0, 1), got " + maxPaddingShare);
      }
    }

    public static Settings defaults() {
      return new Settings(64, 8192, 1024, true, 0.10);
    }

    public Settings withMaxCallRecords(int value) {
      return new Settings(value, maxCallTokens, queueCapacity, groupByLength, maxPaddingShare);
    }

    public Settings withGroupByLength(boolean value) {
      return new Settings(maxCallRecords, maxCallTokens, queueCapacity, value, maxPaddingShare);
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

  private record Request(List<String> texts, int[] tokens, long submittedNanos, CompletableFuture<List<Embedded>> result) {

    int tokenSum() {
      int sum = 0;
      for (int t : tokens) {
        sum += t;
      }
      return sum;
    }
  }

  private final TextEncoder model;
  private final Settings settings;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Semaphore admission;
  private final Thread worker;
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
    this.worker = new Thread(this::work, "embedding-engine-" + model.modelName());
    worker.setDaemon(true);
    worker.start();
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
    int permits = permits(texts.size());
    if (!admission.tryAcquire(permits, admissionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("embedding engine for " + model.modelName() + " stayed full (" + settings.queueCapacity()
          + " texts) for " + admissionTimeout.toMillis() + " ms");
    }
    Request request = new Request(List.copyOf(texts), tokens.clone(), System.nanoTime(), new CompletableFuture<>());
    request.result().whenComplete((r, e) -> admission.release(permits));
    queue.add(request);
    return request.result();
  }

  private int permits(int texts) {
    return Math.min(Math.max(texts, 1), settings.queueCapacity());
  }

  public Stats stats() {
    return new Stats(calls.get(), records.get(), realTokens.get(), paddedTokens.get(), inferenceNanos.get());
  }

  public Settings settings() {
    return settings;
  }

  private void work() {
    while (running) {
      List<Request> merged;
      try {
        merged = takeMerged();
      } catch (InterruptedException e) {
        break;
      }
      if (merged.isEmpty()) {
        continue;
      }
      try {
        run(merged);
      } catch (RuntimeException e) {
        LOG.warn("Model call of {} failed for {} request(s): {}", model.modelName(), merged.size(), e.getMessage());
        merged.forEach(r -> r.result().completeExceptionally(e));
      }
    }
    failPending(new IllegalStateException("embedding engine for " + model.modelName() + " closed before this request ran"));
  }

  /** The first waiting request and every further one that fits the call limits. */
  private List<Request> takeMerged() throws InterruptedException {
    List<Request> merged = new ArrayList<>();
    Request first = queue.poll(100, TimeUnit.MILLISECONDS);
    if (first == null) {
      return merged;
    }
    merged.add(first);
    int texts = first.texts().size();
    int tokens = first.tokenSum();
    Request next;
    while ((next = queue.peek()) != null
        && texts + next.texts().size() <= settings.maxCallRecords()
        && tokens + next.tokenSum() <= settings.maxCallTokens()) {
      merged.add(queue.poll());
      texts += next.texts().size();
      tokens += next.tokenSum();
    }
    return merged;
  }

  private void run(List<Request> merged) {
    List<String> texts = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    for (Request r : merged) {
      texts.addAll(r.texts());
      for (int t : r.tokens()) {
        lengths.add(t);
      }
    }
    int[] tokenCounts = lengths.stream().mapToInt(Integer::intValue).toArray();
    Embedded[] results = new Embedded[texts.size()];
    long[] submitted = new long[texts.size()];
    int offset = 0;
    for (Request r : merged) {
      for (int i = 0; i < r.texts().size(); i++) {
        submitted[offset + i] = r.submittedNanos();
      }
      offset += r.texts().size();
    }
    for (int[] call : CallPlan.split(tokenCounts, settings)) {
      List<String> callTexts = new ArrayList<>(call.length);
      for (int index : call) {
        callTexts.add(texts.get(index));
      }
      long start = System.nanoTime();
      EmbeddingBatch batch = model.embed(callTexts);
      for (int j = 0; j < call.length; j++) {
        results[call[j]] = new Embedded(batch.vectors().get(j), batch.tokenCounts()[j], batch.paddedLength(), call.length,
            start - submitted[call[j]], batch.inferenceNanos());
      }
      calls.incrementAndGet();
      records.addAndGet(call.length);
      realTokens.addAndGet(sum(batch.tokenCounts()));
      paddedTokens.addAndGet((long) batch.paddedLength() * call.length);
      inferenceNanos.addAndGet(batch.inferenceNanos());
    }
    offset = 0;
    for (Request r : merged) {
      List<Embedded> mine = new ArrayList<>(r.texts().size());
      for (int i = 0; i < r.texts().size(); i++) {
        mine.add(results[offset + i]);
      }
      offset += r.texts().size();
      r.result().complete(mine);
    }
  }

  private static long sum(int[] values) {
    long total = 0;
    for (int v : values) {
      total += v;
    }
    return total;
  }

  private void failPending(RuntimeException cause) {
    Request r;
    while ((r = queue.poll()) != null) {
      r.result().completeExceptionally(cause);
    }
  }

  /** Finishes the model call in progress, then fails what is still queued with a clear error. */
  @Override
  public void close() {
    running = false;
    try {
      worker.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failPending(new IllegalStateException("embedding engine for " + model.modelName() + " closed before this request ran"));
  }
}
