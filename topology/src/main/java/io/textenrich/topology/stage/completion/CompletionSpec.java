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
import io.textenrich.topology.stage.BufferedEvent;
import io.textenrich.topology.stage.EncodedEvent;
import io.textenrich.topology.stage.FailureIsolation;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.stage.StageSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion stage, and the gate of the enriched topic that keeps per-key order. An event the
 * rule selects goes to the shared generation engine, one prompt per offer; an event not selected
 * goes straight out, unless an earlier event of its key is still buffered: then it waits behind
 * that one, so each key's records reach the enriched topic in input order and only that key's
 * later events wait for a completion.
 *
 * <p>A completion is never given up for queueing: one the engine cannot take now (full) is offered
 * again later, and one that has not started waits as long as it takes. Once started, a generation
 * that runs past {@code enrich.completion.timeout.ms}, or fails, is an error for its event, which
 * goes to the dead-letter topic ({@code completion-failed}) with its original bytes. The seed from
 * the event id gives the same completion when a restored entry is submitted again.
 */
public final class CompletionSpec implements StageSpec<EncodedEvent, CompletionSpec.Entry, FailureIsolation.Outcome<Completion>> {

  public static final String BUFFER_STORE = "completion-buffer";
  public static final String COMPLETION_FAILED = "completion-failed";
  static final String STAGE = "complete";

  private static final Logger LOG = LoggerFactory.getLogger(CompletionSpec.class);
  private static final byte LEGACY_FORMAT_VERSION = 1;
  private static final AvroSerde<EnrichedText> RECORDS = AvroSerde.enrichedText();
  private static final AvroSerde<BufferedCompletion> ENTRIES = AvroSerde.of(BufferedCompletion.class);
  private static final Cut ONE_PROMPT_AT_ONCE = new Cut(1, Long.MAX_VALUE, 0);

  private final StageContext shared;
  private final CompletionBackend backend;
  private final String enrichedChild;
  private long lastStallReportMs;

  /**
   * An event in the buffer: selected for a completion, or held behind one of its key.
   *
   * @param labels the labels as the models gave them; null for an entry restored from the
   *     changelog, whose labels are read back from its record when needed
   * @param firstTokenNanos when its generation sampled its first token; 0 until then
   */
  public record Entry(EnrichedText record, BufferedEvent source, Map<String, Classification> labels, boolean selected,
      long enteredMs, AtomicLong firstTokenNanos) {}

  public CompletionSpec(StageContext shared, CompletionBackend backend, String enrichedChild) {
    this.shared = shared;
    this.backend = backend;
    this.enrichedChild = enrichedChild;
  }

  @Override
  public String storeName() {
    return BUFFER_STORE;
  }

  @Override
  public Ordering ordering() {
    return Ordering.PER_KEY;
  }

  @Override
  public Entry admit(Record<byte[], EncodedEvent> record, Output out) {
    EncodedEvent encoded = record.value();
    EnrichedText enriched = encoded.record();
    boolean selected = backend.selects(eventOf(encoded.source(), enriched), encoded.labels(), enriched.getFlags());
    return new Entry(enriched, encoded.source(), encoded.labels(), selected, out.nowMs(), new AtomicLong());
  }

  @Override
  public BufferedEvent source(Entry entry) {
    return entry.source();
  }

  @Override
  public boolean needsBackend(Entry entry) {
    return entry.selected();
  }

  /** The buffer entry: the Avro record {@link BufferedCompletion}, in single-object encoding. */
  @Override
  public byte[] toBytes(Entry entry) {
    return ENTRIES.serialize(null, new BufferedCompletion(entry.selected(), entry.source().toAvro(), entry.record()));
  }

  @Override
  public Entry fromBytes(byte[] bytes, long nowMs) {
    if (AvroSerde.isSingleObjectEncoded(bytes)) {
      BufferedCompletion entry = ENTRIES.deserialize(null, bytes);
      return new Entry(entry.getRecord(), BufferedEvent.fromAvro(entry.getSource()), null, entry.getSelected(), nowMs,
          new AtomicLong());
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
    return new Entry(RECORDS.deserialize(null, record), BufferedEvent.fromBytes(source), null, selected, nowMs, new AtomicLong());
  }

  @Override
  public Cut cut() {
    return ONE_PROMPT_AT_ONCE;
  }

  @Override
  public long cost(Entry entry) {
    return 1;
  }

  /** The generation engine bounds what it takes: it answers full. */
  @Override
  public int maxInFlight() {
    return Integer.MAX_VALUE;
  }

  @Override
  public int maxBuffered() {
    return shared.stages().completionMaxBuffered();
  }

  @Override
  public Admission<List<FailureIsolation.Outcome<Completion>>> submit(List<Entry> batch) {
    List<CompletionBackend.Prompt> prompts = new ArrayList<>(batch.size());
    for (Entry entry : batch) {
      Map<String, Classification> labels = entry.labels() != null ? entry.labels() : EnrichedRecords.labels(entry.record());
      prompts.add(new CompletionBackend.Prompt(eventOf(entry.source(), entry.record()), labels, entry.record().getFlags(),
          entry.firstTokenNanos()));
    }
    try {
      Admission<List<FailureIsolation.Outcome<Completion>>> admission = backend.submit(prompts);
      if (admission instanceof Admission.Full<List<FailureIsolation.Outcome<Completion>>>) {
        shared.metrics().recordCompletionResubmit();
      }
      return admission;
    } catch (RuntimeException e) {
      // A prompt that cannot be generated from: its event's own failure.
      List<FailureIsolation.Outcome<Completion>> failed = new ArrayList<>();
      batch.forEach(entry -> failed.add(new FailureIsolation.Outcome<>(null, e)));
      return Admission.accepted(CompletableFuture.completedFuture(failed));
    }
  }

  @Override
  public void emit(Finished<Entry, FailureIsolation.Outcome<Completion>> finished, Output out) {
    Entry entry = finished.entry();
    if (!entry.selected()) {
      out.forward(entry.source(), new StageOutput.Enriched(entry.record()), enrichedChild);
      return;
    }
    if (finished.failure() instanceof TimeoutException) {
      out.deadLetter(entry.source(), COMPLETION_FAILED, "generation by " + backend.modelName() + " ran past"
          + " enrich.completion.timeout.ms=" + backend.timeoutMs() + "; raise it or lower enrich.completion.max.new.tokens");
      return;
    }
    Throwable failure = finished.failure() != null ? finished.failure() : finished.result().failure();
    if (failure != null) {
      out.deadLetter(entry.source(), COMPLETION_FAILED, "generation by " + backend.modelName() + " failed: "
          + failure.getMessage());
      return;
    }
    Completion done = finished.result().result();
    long waitedMs = Math.max(0, finished.submittedMs() - entry.enteredMs());
    out.forward(entry.source(), new StageOutput.Enriched(EnrichedRecords.withCompletion(entry.record(),
        CompletionRecords.toAvro(done, waitedMs))), enrichedChild);
    double generationMs = Math.max(0, done.totalMs() - done.timeToFirstTokenMs());
    out.window(STAGE, backend.modelName()).addGeneration(done.completionTokens(),
        Math.min(backend.inFlight() + 1, backend.maxSequences()), waitedMs, waitedMs + done.timeToFirstTokenMs(), generationMs,
        out.nowMs() - entry.source().arrivalMs());
  }

  @Override
  public boolean expired(Entry entry, long nowNanos) {
    long first = entry.firstTokenNanos().get();
    return first != 0 && nowNanos - first > TimeUnit.MILLISECONDS.toNanos(backend.timeoutMs());
  }

  /** Warns, at most every 30 s, when completions have waited longer than a generation may run for the engine to start them. */
  @Override
  public void onTick(Collection<Entry> held, long nowMs, Output out) {
    long waitingForSlot = held.stream().filter(e -> e.selected() && e.firstTokenNanos().get() == 0).count();
    long oldest = held.stream().filter(e -> e.selected() && e.firstTokenNanos().get() == 0)
        .mapToLong(e -> nowMs - e.enteredMs()).max().orElse(0);
    if (waitingForSlot > 0 && nowMs - lastStallReportMs >= 30_000 && oldest > backend.timeoutMs()) {
      lastStallReportMs = nowMs;
      LOG.warn("Task {}: {} completion(s) wait for a free sequence of the generation engine, the oldest for {} ms. They stay"
          + " buffered and are never given up for waiting; add capacity (enrich.completion.max.sequences, a GPU) or select"
          + " fewer events if this persists.", out.taskId(), waitingForSlot, oldest);
    }
  }

  /** The decoded input; an entry of the earlier buffer format has none, but its record holds its fields. */
  private static TextEvent eventOf(BufferedEvent source, EnrichedText record) {
    return source.event() != null ? source.event() : EnrichedRecords.event(record);
  }
}
