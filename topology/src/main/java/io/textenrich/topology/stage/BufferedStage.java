package io.textenrich.topology.stage;

import io.textenrich.model.Admission;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.output.StageOutput;
import io.textenrich.topology.throughput.ThroughputStores;
import io.textenrich.topology.throughput.ThroughputWindow;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's stage between a model backend and the topics, of which the encoder stage and the
 * completion stage are two {@link StageSpec configurations}. An input record becomes an entry of
 * the task's changelogged buffer; entries that need the backend go to it in batches (cut by size,
 * cost and the oldest entry's wait) and the stream thread returns at once. Finished entries leave
 * in input order (the task's, or each key's), each forwarding its outputs and leaving the buffer in
 * the same task, so under exactly-once the outputs and the deletion commit together. After a crash
 * or a rebalance the restored buffer is submitted again.
 *
 * <p>Back-pressure: the backend answers a batch accepted or full; a full one stays waiting and is
 * offered again at the next punctuation. A buffer at its bound makes the stream thread wait (within
 * {@link StageBackpressure}'s budget) for a batch to finish, so the backlog stays in Kafka.
 */
public final class BufferedStage<I, E, R> extends ContextualProcessor<byte[], I, byte[], StageOutput> {

  private static final Logger LOG = LoggerFactory.getLogger(BufferedStage.class);
  private static final ByteBuffer WHOLE_TASK = ByteBuffer.wrap(new byte[] {0});
  private static final byte[] NULL_KEY = new byte[0];

  private final StageContext shared;
  private final StageSpec<I, E, R> spec;
  private final String deadLetterChild;
  private final Output output = new Output();
  private KeyValueStore<Long, byte[]> buffer;
  private long nextSequence;
  private int held;
  /** Held entries by ordering key, oldest first: each queue leaves in this order. */
  private final Map<ByteBuffer, ArrayDeque<Held<E, R>>> queues = new HashMap<>();
  /** Entries that wait for the backend, oldest first. */
  private final ArrayDeque<Held<E, R>> waiting = new ArrayDeque<>();
  private long waitingCost;
  private int running;
  private boolean drainAllOnTick;
  /** Batches whose result came, filled on the backend's threads. */
  private final ConcurrentLinkedQueue<Batch<E, R>> finished = new ConcurrentLinkedQueue<>();
  private volatile CompletableFuture<Void> progress = new CompletableFuture<>();
  private final Map<WindowKey, ThroughputWindow> windows = new LinkedHashMap<>();

  private record WindowKey(String stage, String model) {}

  private static final class Held<E, R> {
    final long sequence;
    final E entry;
    final ByteBuffer orderKey;
    Batch<E, R> batch;
    int index;
    boolean expired;

    Held(long sequence, E entry, ByteBuffer orderKey) {
      this.sequence = sequence;
      this.entry = entry;
      this.orderKey = orderKey;
    }
  }

  private static final class Batch<E, R> {
    final List<Held<E, R>> entries;
    final long submittedMs;
    final CompletableFuture<List<R>> result;
    boolean counted;

    Batch(List<Held<E, R>> entries, long submittedMs, CompletableFuture<List<R>> result) {
      this.entries = entries;
      this.submittedMs = submittedMs;
      this.result = result;
    }
  }

  public BufferedStage(StageContext shared, StageSpec<I, E, R> spec, String deadLetterChild) {
    this.shared = shared;
    this.spec = spec;
    this.deadLetterChild = deadLetterChild;
  }

  @Override
  public void init(ProcessorContext<byte[], StageOutput> context) {
    super.init(context);
    buffer = context.getStateStore(spec.storeName());
    long now = context.currentSystemTimeMs();
    TreeMap<Long, E> restored = new TreeMap<>();
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> entry = it.next();
        restored.put(entry.key, spec.fromBytes(entry.value, now));
      }
    }
    restored.forEach((sequence, entry) -> hold(new Held<>(sequence, entry, orderKey(spec.source(entry).key()))));
    if (!restored.isEmpty()) {
      nextSequence = restored.lastKey() + 1;
      LOG.info("Task {}: stage {} resumes with {} buffered event(s) restored from the changelog, {} of them for the backend;"
          + " submitting them again", context.taskId(), spec.storeName(), held, waiting.size());
      // Entries at the head of a queue that need no backend leave at the first punctuation: a
      // processor may not forward from init().
      drainAllOnTick = true;
    }
    context.schedule(Duration.ofMillis(shared.batch().punctuationIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  @Override
  public void process(Record<byte[], I> record) {
    long now = context().currentSystemTimeMs();
    E entry = spec.admit(record, output);
    ByteBuffer key = orderKey(record.key());
    if (!spec.needsBackend(entry) && !queues.containsKey(key)) {
      spec.emit(new StageSpec.Finished<>(entry, null, null, now), output);
    } else {
      long sequence = nextSequence++;
      buffer.put(sequence, spec.toBytes(entry));
      hold(new Held<>(sequence, entry, key));
    }
    collect(now);
    submit(now, false);
    collect(now);
    if (held >= spec.maxBuffered()) {
      makeRoom();
    }
    flushWindows(now);
  }

  private void hold(Held<E, R> h) {
    queues.computeIfAbsent(h.orderKey, k -> new ArrayDeque<>()).addLast(h);
    held++;
    if (spec.needsBackend(h.entry)) {
      waiting.addLast(h);
      waitingCost += spec.cost(h.entry);
    }
  }

  private void onTick(long now) {
    StageBackpressure.newRound();
    long nowNanos = System.nanoTime();
    List<E> entries = new ArrayList<>(held);
    for (ArrayDeque<Held<E, R>> queue : queues.values()) {
      for (Held<E, R> h : queue) {
        entries.add(h.entry);
        if (h.batch != null && !h.expired && !h.batch.result.isDone() && spec.expired(h.entry, nowNanos)) {
          h.expired = true;
          h.batch.result.cancel(true);
        }
      }
    }
    spec.onTick(entries, now, output);
    if (drainAllOnTick) {
      drainAllOnTick = false;
      new ArrayList<>(queues.keySet()).forEach(key -> drain(key, now));
    }
    collect(now);
    submit(now, false);
    collect(now); // what finished at once, as a backend that answers on the caller's thread does
    flushWindows(now);
  }

  /** Waits (within the thread's budget for the round) for a batch to finish, so a full buffer takes input only as it frees room. */
  private void makeRoom() {
    if (running == 0) {
      submit(context().currentSystemTimeMs(), true);
    }
    if (!StageBackpressure.await(progress, shared.stages().fullWaitMs())) {
      LOG.debug("Task {}: stage {} holds {} events (bound {}); nothing finished within the wait budget, taking more input",
          context().taskId(), spec.storeName(), held, spec.maxBuffered());
    }
    long now = context().currentSystemTimeMs();
    collect(now);
    submit(now, false);
  }

  /**
   * Submits waiting entries while a batch is due (full, or its oldest entry has waited the delay)
   * and the task has fewer than its limit in flight.
   */
  private void submit(long now, boolean force) {
    StageSpec.Cut cut = spec.cut();
    while (!waiting.isEmpty() && running < spec.maxInFlight()) {
      boolean full = waiting.size() >= cut.maxRecords() || waitingCost >= cut.maxCost();
      boolean due = now - spec.source(waiting.peekFirst().entry).arrivalMs() >= cut.maxDelayMs();
      if (!full && !due && !force) {
        return;
      }
      List<Held<E, R>> members = new ArrayList<>();
      List<E> entries = new ArrayList<>();
      long cost = 0;
      for (Held<E, R> h : waiting) {
        long c = spec.cost(h.entry);
        if (members.size() >= cut.maxRecords() || (!members.isEmpty() && cost + c > cut.maxCost())) {
          break;
        }
        members.add(h);
        entries.add(h.entry);
        cost += c;
      }
      Admission<List<R>> admission = spec.submit(entries);
      if (admission instanceof Admission.Full<List<R>>) {
        return; // these stay waiting and are offered again at the next tick
      }
      Batch<E, R> batch = new Batch<>(members, now, ((Admission.Accepted<List<R>>) admission).result());
      for (int i = 0; i < members.size(); i++) {
        Held<E, R> h = waiting.pollFirst();
        waitingCost -= spec.cost(h.entry);
        h.batch = batch;
        h.index = i;
      }
      running++;
      batch.result.whenComplete((r, e) -> {
        finished.add(batch);
        progress.complete(null);
      });
      force = false;
    }
  }

  /** Forwards every entry whose turn has come, in the queues whose batches finished. */
  private void collect(long now) {
    if (finished.isEmpty()) {
      return;
    }
    progress = new CompletableFuture<>();
    Batch<E, R> batch;
    while ((batch = finished.poll()) != null) {
      if (batch.counted) {
        continue;
      }
      batch.counted = true;
      running--;
      if (spec.ordering() == StageSpec.Ordering.PER_PARTITION) {
        drain(WHOLE_TASK, now);
      } else {
        for (Held<E, R> h : batch.entries) {
          drain(h.orderKey, now);
        }
      }
    }
  }

  private void drain(ByteBuffer key, long now) {
    ArrayDeque<Held<E, R>> queue = queues.get(key);
    while (queue != null && !queue.isEmpty() && ready(queue.peekFirst())) {
      Held<E, R> h = queue.pollFirst();
      spec.emit(finishedOf(h), output);
      buffer.delete(h.sequence);
      held--;
    }
    if (queue != null && queue.isEmpty()) {
      queues.remove(key);
    }
  }

  private boolean ready(Held<E, R> h) {
    return !spec.needsBackend(h.entry) || (h.batch != null && h.batch.result.isDone());
  }

  private StageSpec.Finished<E, R> finishedOf(Held<E, R> h) {
    if (h.batch == null) {
      return new StageSpec.Finished<>(h.entry, null, null, 0);
    }
    if (h.expired) {
      return new StageSpec.Finished<>(h.entry, null, new TimeoutException("ran past its deadline"), h.batch.submittedMs);
    }
    try {
      return new StageSpec.Finished<>(h.entry, h.batch.result.join().get(h.index), null, h.batch.submittedMs);
    } catch (CancellationException | CompletionException e) {
      return new StageSpec.Finished<>(h.entry, null, FailureIsolation.unwrap(e), h.batch.submittedMs);
    }
  }

  private void flushWindows(long now) {
    if (windows.isEmpty()) {
      return;
    }
    windows.forEach((key, window) -> {
      if (window.records > 0) {
        ThroughputStores.record(context(), ThroughputStores.key(key.stage(), key.model()), window, now);
        shared.metrics().recordEnriched(key.stage(), window);
      }
    });
    windows.clear();
  }

  /**
   * The task is closing (rebalance, shutdown): its buffer stays in the changelog for whoever takes
   * the task over, so the work it started is of no use and gives its room back.
   */
  @Override
  public void close() {
    queues.values().forEach(queue -> queue.forEach(h -> {
      if (h.batch != null) {
        h.batch.result.cancel(true);
      }
    }));
  }

  private ByteBuffer orderKey(byte[] key) {
    return spec.ordering() == StageSpec.Ordering.PER_PARTITION ? WHOLE_TASK : ByteBuffer.wrap(key == null ? NULL_KEY : key);
  }

  private final class Output implements StageSpec.Output {

    @Override
    public BufferedEvent arrived(Record<byte[], ?> record, byte[] raw, int tokens, TextEvent event) {
      var meta = context().recordMetadata();
      return new BufferedEvent(context().currentSystemTimeMs(), record.timestamp(), tokens,
          meta.map(m -> m.topic()).orElse(""), meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L),
          record.key(), raw, record.headers(), event);
    }

    @Override
    public long nowMs() {
      return context().currentSystemTimeMs();
    }

    @Override
    public void forward(BufferedEvent source, StageOutput value, String child) {
      context().forward(new Record<>(source.key(), value, source.timestamp(), source.headers()), child);
    }

    @Override
    public void deadLetter(BufferedEvent source, String reason, String message) {
      shared.deadLetter(context(), source, reason, message, deadLetterChild);
    }

    @Override
    public ThroughputWindow window(String stage, String model) {
      return windows.computeIfAbsent(new WindowKey(stage, model), k -> new ThroughputWindow());
    }

    @Override
    public TaskId taskId() {
      return context().taskId();
    }
  }
}
