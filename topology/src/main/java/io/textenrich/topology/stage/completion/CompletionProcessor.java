package io.textenrich.topology.stage.completion;

import io.textenrich.model.Admission;
import io.textenrich.model.Classification;
import io.textenrich.model.generate.Completion;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.buffer.BufferedCompletion;
import io.textenrich.topology.output.EnrichedRecords;
import io.textenrich.topology.output.StageOutput;
import io.textenrich.topology.stage.FailureIsolation;
import io.textenrich.topology.stage.BufferedEvent;
import io.textenrich.topology.stage.EncodedEvent;
import io.textenrich.topology.stage.StageBackpressure;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.throughput.ThroughputStores;
import io.textenrich.topology.throughput.ThroughputWindow;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion stage of one task, and the gate of the enriched topic that keeps per-key order.
 * An event the rule selects enters the changelogged buffer and goes to the shared generation
 * engine; the stream thread returns at once. An event not selected goes straight out, unless an
 * earlier event of the same key is still in the buffer: then it waits behind that one (in the
 * buffer too), so each key's records reach the enriched topic in input order, and only that key's
 * later events wait for a completion.
 *
 * <p>A completion is never given up for queueing: one the engine cannot take now (full) is
 * submitted again later, and one that has not started waits as long as it takes. Once started,
 * a generation that runs past {@code enrich.completion.timeout.ms}, or fails, is an error for its
 * event, which goes to the dead-letter topic ({@code completion-failed}) with its original bytes.
 * After a crash or rebalance the restored buffer is submitted again; the seed from the event id
 * gives the same completions.
 */
public final class CompletionProcessor extends ContextualProcessor<byte[], EncodedEvent, byte[], StageOutput> {

  public static final String BUFFER_STORE = "completion-buffer";
  public static final String COMPLETION_FAILED = "completion-failed";
  static final String STAGE = "complete";

  private static final Logger LOG = LoggerFactory.getLogger(CompletionProcessor.class);
  private static final byte LEGACY_FORMAT_VERSION = 1;
  private static final byte[] NULL_KEY = new byte[0];
  private static final AvroSerde<EnrichedText> RECORDS = AvroSerde.enrichedText();
  private static final AvroSerde<BufferedCompletion> ENTRIES = AvroSerde.of(BufferedCompletion.class);

  private final StageContext shared;
  private final CompletionBackend stage;
  private final String enrichedChild;
  private final String deadLetterChild;
  private KeyValueStore<Long, byte[]> buffer;
  private long nextSequence;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<ByteBuffer, ArrayDeque<Long>> byKey = new HashMap<>();
  /** Sequences whose completion finished, filled on the engine's thread. */
  private final ConcurrentLinkedQueue<Long> finished = new ConcurrentLinkedQueue<>();
  private volatile CompletableFuture<Void> progress = new CompletableFuture<>();
  private long lastStallReportMs;

  /** An event in the buffer: selected for a completion, or held behind one of its key. */
  private static final class Pending {
    final long sequence;
    final EnrichedText record;
    final BufferedEvent source;
    final Map<String, Classification> labels;
    final boolean selected;
    final long enteredMs;
    final AtomicLong firstTokenNanos = new AtomicLong();
    /** One outcome, this event's: its completion, or the failure it had alone. */
    CompletableFuture<List<FailureIsolation.Outcome<Completion>>> future;
    long submittedMs;
    boolean timedOut;

    /**
     * @param labels the labels as the models gave them; null for an entry restored from the
     *     changelog, whose labels are read back from its record when needed
     */
    Pending(long sequence, EnrichedText record, BufferedEvent source, Map<String, Classification> labels, boolean selected,
        long enteredMs) {
      this.sequence = sequence;
      this.record = record;
      this.source = source;
      this.labels = labels;
      this.selected = selected;
      this.enteredMs = enteredMs;
    }

    boolean ready() {
      return !selected || (future != null && future.isDone()) || timedOut;
    }
  }

  public CompletionProcessor(StageContext shared, CompletionBackend stage, String enrichedChild, String deadLetterChild) {
    this.shared = shared;
    this.stage = stage;
    this.enrichedChild = enrichedChild;
    this.deadLetterChild = deadLetterChild;
  }

  @Override
  public void init(ProcessorContext<byte[], StageOutput> context) {
    super.init(context);
    buffer = context.getStateStore(BUFFER_STORE);
    long now = context.currentSystemTimeMs();
    int selected = 0;
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> entry = it.next();
        Pending p = fromBytes(entry.key, entry.value, now);
        hold(p);
        selected += p.selected ? 1 : 0;
        nextSequence = entry.key + 1;
      }
    }
    if (!pending.isEmpty()) {
      LOG.info("Task {}: completion stage resumes with {} buffered event(s), {} of them to complete; submitting them again",
          context.taskId(), pending.size(), selected);
    }
    new TreeMap<>(pending).values().forEach(p -> submit(p, now));
    context.schedule(Duration.ofMillis(shared.batch().punctuationIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  @Override
  public void process(Record<byte[], EncodedEvent> record) {
    long now = context().currentSystemTimeMs();
    EncodedEvent encoded = record.value();
    EnrichedText enriched = encoded.record();
    boolean selected = stage.selects(eventOf(encoded.source(), enriched), encoded.labels(), enriched.getFlags());
    ArrayDeque<Long> queue = byKey.get(keyOf(record.key()));
    if (!selected && queue == null) {
      context().forward(new Record<byte[], StageOutput>(record.key(), new StageOutput.Enriched(enriched), record.timestamp(),
          record.headers()), enrichedChild);
    } else {
      Pending p = new Pending(nextSequence++, enriched, encoded.source(), encoded.labels(), selected, now);
      buffer.put(p.sequence, toBytes(p));
      hold(p);
      submit(p, now);
    }
    collect(now);
    if (pending.size() >= shared.stages().completionMaxBuffered()) {
      CompletableFuture<Void> next = progress;
      if (!StageBackpressure.await(next, shared.stages().fullWaitMs())) {
        LOG.debug("Task {}: completion buffer holds {} events (bound {}); nothing finished within the wait budget, taking more input",
            context().taskId(), pending.size(), shared.stages().completionMaxBuffered());
      }
      collect(context().currentSystemTimeMs());
    }
  }

  private void hold(Pending p) {
    pending.put(p.sequence, p);
    byKey.computeIfAbsent(keyOf(p.source.key()), k -> new ArrayDeque<>()).addLast(p.sequence);
  }

  private void submit(Pending p, long now) {
    if (!p.selected) {
      return;
    }
    TextEvent event = eventOf(p.source, p.record);
    Map<String, Classification> labels = p.labels != null ? p.labels : EnrichedRecords.labels(p.record);
    if (p.submittedMs == 0) {
      p.submittedMs = now;
    }
    CompletableFuture<List<FailureIsolation.Outcome<Completion>>> future;
    try {
      Admission<List<FailureIsolation.Outcome<Completion>>> admission =
          stage.submit(List.of(new CompletionBackend.Prompt(event, labels, p.record.getFlags(), p.firstTokenNanos)));
      if (admission instanceof Admission.Full<List<FailureIsolation.Outcome<Completion>>>) {
        shared.metrics().recordCompletionResubmit();
        return; // the engine is full: the event stays buffered and is submitted again at a later tick
      }
      future = ((Admission.Accepted<List<FailureIsolation.Outcome<Completion>>>) admission).result();
    } catch (RuntimeException e) {
      // This event's prompt cannot be generated from: its own failure.
      future = CompletableFuture.completedFuture(List.of(new FailureIsolation.Outcome<>(null, e)));
    }
    p.future = future;
    future.whenComplete((c, e) -> {
      finished.add(p.sequence);
      progress.complete(null);
    });
  }

  private void onTick(long now) {
    StageBackpressure.newRound();
    long nowNanos = System.nanoTime();
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(stage.timeoutMs());
    int waitingForSlot = 0;
    for (Pending p : pending.values()) {
      if (!p.selected) {
        continue;
      }
      if (p.future == null) {
        submit(p, now);
        waitingForSlot++;
      } else if (!p.future.isDone()) {
        long first = p.firstTokenNanos.get();
        if (first != 0 && nowNanos - first > timeoutNanos && !p.timedOut) {
          p.timedOut = true;
          p.future.cancel(true);
          finished.add(p.sequence);
        } else if (first == 0) {
          waitingForSlot++;
        }
      }
    }
    if (waitingForSlot > 0 && now - lastStallReportMs >= 30_000 && oldestSubmission(now) > stage.timeoutMs()) {
      lastStallReportMs = now;
      LOG.warn("Task {}: {} completion(s) wait for a free sequence of the generation engine, the oldest for {} ms. They stay"
          + " buffered and are never given up for waiting; add capacity (enrich.completion.max.sequences, a GPU) or select"
          + " fewer events if this persists.", context().taskId(), waitingForSlot, oldestSubmission(now));
    }
    collect(now);
  }

  private long oldestSubmission(long now) {
    return pending.values().stream().filter(p -> p.selected && p.firstTokenNanos.get() == 0)
        .mapToLong(p -> now - p.enteredMs).max().orElse(0);
  }

  /** Emits, key by key, every event whose turn has come. */
  private void collect(long now) {
    if (finished.isEmpty()) {
      return;
    }
    progress = new CompletableFuture<>();
    ThroughputWindow window = new ThroughputWindow();
    Long sequence;
    while ((sequence = finished.poll()) != null) {
      Pending p = pending.get(sequence);
      if (p != null) {
        drain(keyOf(p.source.key()), now, window);
      }
    }
    if (window.records > 0) {
      ThroughputStores.record(context(), ThroughputStores.key(STAGE, stage.modelName()), window, now);
      shared.metrics().recordEnriched(STAGE, window);
    }
  }

  private void drain(ByteBuffer key, long now, ThroughputWindow window) {
    ArrayDeque<Long> queue = byKey.get(key);
    while (queue != null && !queue.isEmpty() && pending.get(queue.peekFirst()).ready()) {
      Pending p = pending.remove(queue.pollFirst());
      emit(p, now, window);
      buffer.delete(p.sequence);
    }
    if (queue != null && queue.isEmpty()) {
      byKey.remove(key);
    }
  }

  private void emit(Pending p, long now, ThroughputWindow window) {
    if (!p.selected) {
      forward(p, p.record);
      return;
    }
    if (p.timedOut) {
      shared.deadLetter(context(), p.source, COMPLETION_FAILED, "generation by " + stage.modelName() + " ran past"
          + " enrich.completion.timeout.ms=" + stage.timeoutMs() + "; raise it or lower enrich.completion.max.new.tokens",
          deadLetterChild);
      return;
    }
    FailureIsolation.Outcome<Completion> outcome;
    try {
      outcome = p.future.join().get(0);
    } catch (CancellationException | CompletionException e) {
      outcome = new FailureIsolation.Outcome<>(null, FailureIsolation.unwrap(e));
    }
    if (outcome.failed()) {
      shared.deadLetter(context(), p.source, COMPLETION_FAILED, "generation by " + stage.modelName() + " failed: "
          + outcome.failure().getMessage(), deadLetterChild);
      return;
    }
    Completion done = outcome.result();
    long waitedMs = p.submittedMs - p.enteredMs;
    forward(p, EnrichedRecords.withCompletion(p.record, CompletionRecords.toAvro(done, waitedMs)));
    double generationMs = Math.max(0, done.totalMs() - done.timeToFirstTokenMs());
    window.addGeneration(done.completionTokens(), Math.min(stage.inFlight() + 1, stage.maxSequences()), waitedMs,
        waitedMs + done.timeToFirstTokenMs(), generationMs, now - p.source.arrivalMs());
  }

  private void forward(Pending p, EnrichedText record) {
    context().forward(new Record<byte[], StageOutput>(p.source.key(), new StageOutput.Enriched(record), p.source.timestamp(),
        p.source.headers()), enrichedChild);
  }

  /**
   * The task is closing (rebalance, shutdown): its buffer stays in the changelog for whoever takes
   * the task over, so the generations it started are of no use and give their sequences back.
   */
  @Override
  public void close() {
    pending.values().stream().filter(p -> p.future != null).forEach(p -> p.future.cancel(true));
  }

  /** The decoded input; an entry of the earlier buffer format has none, but its record holds its fields. */
  private static TextEvent eventOf(BufferedEvent source, EnrichedText record) {
    return source.event() != null ? source.event() : EnrichedRecords.event(record);
  }

  private static ByteBuffer keyOf(byte[] key) {
    return ByteBuffer.wrap(key == null ? NULL_KEY : key);
  }

  /** The buffer entry: the Avro record {@link BufferedCompletion}, in single-object encoding. */
  private static byte[] toBytes(Pending p) {
    return ENTRIES.serialize(null, new BufferedCompletion(p.selected, p.source.toAvro(), p.record));
  }

  private static Pending fromBytes(long sequence, byte[] bytes, long now) {
    if (AvroSerde.isSingleObjectEncoded(bytes)) {
      BufferedCompletion entry = ENTRIES.deserialize(null, bytes);
      return new Pending(sequence, entry.getRecord(), BufferedEvent.fromAvro(entry.getSource()), null, entry.getSelected(), now);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != LEGACY_FORMAT_VERSION) {
      throw new IllegalStateException("Buffered completion in an unknown format (first byte " + version + "); it was"
          + " written by a newer build: run that build, or drain its buffers before going back");
    }
    // The layout before BufferedCompletion: version 1, selected, the source's length and bytes, the record.
    boolean selected = in.get() == 1;
    byte[] source = new byte[in.getInt()];
    in.get(source);
    byte[] record = new byte[in.remaining()];
    in.get(record);
    return new Pending(sequence, RECORDS.deserialize(null, record), BufferedEvent.fromBytes(source), null, selected, now);
  }
}
