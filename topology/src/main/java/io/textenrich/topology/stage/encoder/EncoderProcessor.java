package io.textenrich.topology.stage.encoder;

import io.textenrich.model.Admission;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.PreparedText;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.EnrichmentStats;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.input.DecodeResult;
import io.textenrich.topology.input.InputEvent;
import io.textenrich.topology.output.EnrichedRecords;
import io.textenrich.topology.output.StageOutput;
import io.textenrich.topology.stage.BufferedEvent;
import io.textenrich.topology.stage.EncodedEvent;
import io.textenrich.topology.stage.StageBackpressure;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.throughput.ThroughputStores;
import io.textenrich.topology.throughput.ThroughputWindow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * The encoder stage of one task. Valid events enter its changelogged buffer; when enough wait (or
 * the oldest has waited long enough) they go to the shared {@link EncoderBackend} as one batch, and
 * the stream thread returns at once. Finished batches are collected in submission order from
 * {@code process()} and a short wall-clock punctuation: flagged events go to the moderation topic
 * at once, every event goes on (to the completion stage, or straight to the enriched topic), and
 * each leaves the buffer in the same task, so under exactly-once the outputs and the deletion
 * commit together. After a crash or a rebalance the restored buffer is submitted again.
 */
public final class EncoderProcessor extends ContextualProcessor<byte[], InputEvent, byte[], StageOutput> {

  public static final String BUFFER_STORE = "encoder-buffer";
  static final String EMBED = "embed";
  static final String CLASSIFY = "classify";

  private static final Logger LOG = LoggerFactory.getLogger(EncoderProcessor.class);

  private final StageContext shared;
  private final EncoderBackend stage;
  private final String nextChild;
  private final boolean nextIsCompletion;
  private final String moderationChild;
  private final String deadLetterChild;
  private KeyValueStore<Long, byte[]> buffer;
  private long nextSequence;
  private int buffered;
  /** Buffered events not yet submitted, oldest first. */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private long waitingTokens;
  /** Submitted batches, in submission order: results leave in this order, so a partition's order holds. */
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();

  /**
   * A buffered event not yet submitted, with its decoded event (in {@code event}) and its token
   * ids. One restored from the changelog is tokenized again when it is submitted (token ids are not
   * kept in the buffer); one carried over from the earlier buffer format is also decoded again.
   */
  private record Waiting(long sequence, BufferedEvent event, PreparedText prepared) {}

  private record Batch(List<Waiting> events, List<TextEvent> decoded, long submittedMs,
      CompletableFuture<List<EncoderBackend.Encoded>> result) {}

  /**
   * @param nextChild where every encoded event goes: the completion stage, or the enriched topic
   * @param nextIsCompletion whether {@code nextChild} is the completion stage (it gets an {@link EncodedEvent})
   * @param moderationChild where flagged events also go; null when moderation routing is off
   */
  public EncoderProcessor(StageContext shared, EncoderBackend stage, String nextChild, boolean nextIsCompletion,
      String moderationChild, String deadLetterChild) {
    this.shared = shared;
    this.stage = stage;
    this.nextChild = nextChild;
    this.nextIsCompletion = nextIsCompletion;
    this.moderationChild = moderationChild;
    this.deadLetterChild = deadLetterChild;
  }

  @Override
  public void init(ProcessorContext<byte[], StageOutput> context) {
    super.init(context);
    buffer = context.getStateStore(BUFFER_STORE);
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> entry = it.next();
        enqueue(new Waiting(entry.key, BufferedEvent.fromBytes(entry.value), null));
        nextSequence = entry.key + 1;
      }
    }
    if (buffered > 0) {
      LOG.info("Task {}: encoder stage resumes with {} buffered event(s) restored from the changelog; submitting them again",
          context.taskId(), buffered);
    }
    context.schedule(Duration.ofMillis(shared.batch().punctuationIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  @Override
  public void process(Record<byte[], InputEvent> record) {
    long now = context().currentSystemTimeMs();
    TextEvent event = record.value().event();
    PreparedText prepared = stage.prepare(event.getText());
    var meta = context().recordMetadata();
    BufferedEvent entry = new BufferedEvent(now, record.timestamp(), prepared.tokens(),
        meta.map(m -> m.topic()).orElse(""), meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L),
        record.key(), record.value().raw(), record.headers(), event);
    long sequence = nextSequence++;
    buffer.put(sequence, entry.toBytes());
    enqueue(new Waiting(sequence, entry, prepared));
    collect();
    submit(now, false);
    if (buffered >= shared.stages().encoderMaxBuffered()) {
      makeRoom();
    }
  }

  private void enqueue(Waiting event) {
    waiting.addLast(event);
    waitingTokens += event.event().tokens();
    buffered++;
  }

  private void onTick(long now) {
    StageBackpressure.newRound();
    collect();
    submit(now, false);
  }

  /** Waits (within the thread's budget for the round) for the oldest batch, so a full buffer takes input only as it frees room. */
  private void makeRoom() {
    Batch oldest = inFlight.peekFirst();
    if (oldest == null) {
      submit(context().currentSystemTimeMs(), true);
      oldest = inFlight.peekFirst();
    }
    if (oldest != null && !StageBackpressure.await(oldest.result(), shared.stages().fullWaitMs())) {
      LOG.debug("Task {}: encoder buffer holds {} events (bound {}); nothing finished within the wait budget, taking more input",
          context().taskId(), buffered, shared.stages().encoderMaxBuffered());
    }
    collect();
    submit(context().currentSystemTimeMs(), false);
  }

  /**
   * Submits waiting events while a batch is due (full, or its oldest event has waited the delay)
   * and the task has fewer than its limit in flight.
   */
  private void submit(long now, boolean force) {
    while (!waiting.isEmpty() && inFlight.size() < shared.stages().encoderMaxInFlight()) {
      boolean full = waiting.size() >= shared.limits().maxRecords() || waitingTokens >= shared.limits().maxTokens();
      boolean due = now - waiting.peekFirst().event().arrivalMs() >= shared.limits().maxDelayMs();
      if (!full && !due && !force) {
        return;
      }
      List<Waiting> events = new ArrayList<>();
      List<TextEvent> decoded = new ArrayList<>();
      int tokens = 0;
      for (Waiting w : waiting) {
        if (events.size() >= shared.limits().maxRecords() || (!events.isEmpty() && tokens + w.event().tokens() > shared.limits().maxTokens())) {
          break;
        }
        events.add(w);
        tokens += w.event().tokens();
      }
      List<Waiting> valid = new ArrayList<>(events.size());
      List<EncoderBackend.Input> inputs = new ArrayList<>(events.size());
      List<Waiting> invalid = new ArrayList<>();
      List<DecodeResult.Invalid> reasons = new ArrayList<>();
      for (Waiting w : events) {
        DecodeResult result = w.event().event() != null ? new DecodeResult.Valid(w.event().event())
            : shared.decoder().decode(w.event().value(), w.event().describe(), w.event().timestamp());
        if (result instanceof DecodeResult.Valid v) {
          valid.add(w);
          decoded.add(v.event());
          inputs.add(new EncoderBackend.Input(v.event(),
              w.prepared() != null ? w.prepared() : stage.prepare(v.event().getText())));
        } else if (result instanceof DecodeResult.Invalid reason) {
          // An entry of the earlier buffer format decoded when it arrived; a registry-framed event
          // needs its writer schema again, and the registry may have deleted that schema since.
          invalid.add(w);
          reasons.add(reason);
        }
      }
      Admission<List<EncoderBackend.Encoded>> started = stage.offer(inputs);
      if (started instanceof Admission.Full<List<EncoderBackend.Encoded>>) {
        // The engine is full with other tasks' batches; these stay waiting and go at the next tick.
        return;
      }
      for (int i = 0; i < events.size(); i++) {
        Waiting w = waiting.pollFirst();
        waitingTokens -= w.event().tokens();
      }
      for (int i = 0; i < invalid.size(); i++) {
        deadLetter(invalid.get(i), reasons.get(i).reason(), reasons.get(i).message());
      }
      inFlight.addLast(new Batch(valid, decoded, now, ((Admission.Accepted<List<EncoderBackend.Encoded>>) started).result()));
      force = false;
    }
  }

  /** Forwards the results of the finished batches at the head of the queue. */
  private void collect() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().result().isDone()) {
      Batch batch = inFlight.pollFirst();
      List<EncoderBackend.Encoded> results = batch.result().join();
      long now = context().currentSystemTimeMs();
      ThroughputWindow embed = new ThroughputWindow();
      ThroughputWindow classify = new ThroughputWindow();
      for (int i = 0; i < results.size(); i++) {
        Waiting w = batch.events().get(i);
        EncoderBackend.Encoded encoded = results.get(i);
        if (encoded.failed()) {
          deadLetter(w, encoded.failureReason(), encoded.failureMessage());
          continue;
        }
        forward(w, batch, batch.decoded().get(i), encoded, now, embed, classify);
      }
      if (embed.records > 0) {
        ThroughputStores.record(context(), ThroughputStores.key(EMBED, stage.modelName()), embed, now);
        shared.metrics().recordEnriched(EMBED, embed);
      }
      if (classify.records > 0) {
        ThroughputStores.record(context(), ThroughputStores.key(CLASSIFY, stage.labelModels()), classify, now);
        shared.metrics().recordEnriched(CLASSIFY, classify);
      }
    }
  }

  private void forward(Waiting w, Batch batch, TextEvent event, EncoderBackend.Encoded encoded, long now,
      ThroughputWindow embed, ThroughputWindow classify) {
    BufferedEvent source = w.event();
    EmbeddingEngine.Embedded e = encoded.embedded();
    long queueMs = (batch.submittedMs() - source.arrivalMs()) + TimeUnit.NANOSECONDS.toMillis(e.queueNanos());
    long inferenceMs = TimeUnit.NANOSECONDS.toMillis(e.inferenceNanos());
    boolean truncated = stage.truncated(event.getText().toString(), e.tokens());
    // The language the service found for the event and chose its heads by, when the event named none.
    String language = event.getLanguage() != null ? event.getLanguage() : LanguageGuess.of(event);
    EnrichedText record = EnrichedRecords.of(event, language, e.vector(), stage.modelName(), stage.modelVersion(),
        new EnrichmentStats(e.callSize(), queueMs, inferenceMs, e.tokens(), truncated), encoded.labels(), encoded.flags(),
        shared.instanceId(), now);
    if (!encoded.flags().isEmpty() && moderationChild != null) {
      context().forward(new Record<byte[], StageOutput>(source.key(), new StageOutput.Enriched(record), source.timestamp(),
          source.headers()), moderationChild);
      shared.metrics().recordFlagged(encoded.flags());
    }
    StageOutput value = nextIsCompletion ? new EncodedEvent(record, source, encoded.labels()) : new StageOutput.Enriched(record);
    context().forward(new Record<>(source.key(), value, source.timestamp(), source.headers()), nextChild);
    buffer.delete(w.sequence());
    buffered--;
    long latency = now - source.arrivalMs();
    embed.add(e.tokens(), e.paddedTokens(), e.callSize(), queueMs, e.inferenceNanos() / 1e6, latency);
    if (encoded.labelCallSize() > 0) {
      classify.add(e.tokens(), e.tokens(), encoded.labelCallSize(), encoded.labelQueueNanos() / 1e6,
          encoded.labelNanos() / 1e6, latency);
    }
    shared.limits().observeLatency(latency);
  }

  /** Sends the event to the dead-letter topic and takes it out of the buffer in the same transaction. */
  private void deadLetter(Waiting w, String reason, String message) {
    shared.deadLetter(context(), w.event(), reason, message, deadLetterChild);
    buffer.delete(w.sequence());
    buffered--;
  }
}
