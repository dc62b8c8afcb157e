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
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.stage.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The encoder stage: every valid event goes to the {@link EncoderBackend} (vector, labels, flags)
 * in batches cut by the task's {@code enrich.batch.*} limits, and leaves in the task's input order.
 * Flagged events also go to the moderation topic; every event goes on to the completion stage or
 * straight to the enriched topic. Each event's text is tokenized once, when it arrives, and its
 * token ids go with it to the model call.
 */
public final class EncoderSpec implements StageSpec<InputEvent, EncoderSpec.Entry, EncoderBackend.Encoded> {

  public static final String BUFFER_STORE = "encoder-buffer";
  static final String EMBED = "embed";
  static final String CLASSIFY = "classify";

  private final StageContext shared;
  private final EncoderBackend backend;
  private final String nextChild;
  private final boolean nextIsCompletion;
  private final String moderationChild;

  /**
   * A buffered event: its decoded input and its token ids (null for one restored from the
   * changelog, tokenized again when submitted). An entry of the earlier buffer format is decoded
   * when read back; one that no longer decodes carries its reason and is dead-lettered in its turn.
   */
  public record Entry(BufferedEvent source, TextEvent event, PreparedText prepared, DecodeResult.Invalid invalid) {}

  /**
   * @param nextChild where every encoded event goes: the completion stage, or the enriched topic
   * @param nextIsCompletion whether {@code nextChild} is the completion stage (it gets an {@link EncodedEvent})
   * @param moderationChild where flagged events also go; null when moderation routing is off
   */
  public EncoderSpec(StageContext shared, EncoderBackend backend, String nextChild, boolean nextIsCompletion,
      String moderationChild) {
    this.shared = shared;
    this.backend = backend;
    this.nextChild = nextChild;
    this.nextIsCompletion = nextIsCompletion;
    this.moderationChild = moderationChild;
  }

  @Override
  public String storeName() {
    return BUFFER_STORE;
  }

  @Override
  public Ordering ordering() {
    return Ordering.PER_PARTITION;
  }

  @Override
  public Entry admit(Record<byte[], InputEvent> record, Output out) {
    TextEvent event = record.value().event();
    PreparedText prepared = backend.prepare(event.getText());
    return new Entry(out.arrived(record, record.value().raw(), prepared.tokens(), event), event, prepared, null);
  }

  @Override
  public BufferedEvent source(Entry entry) {
    return entry.source();
  }

  @Override
  public boolean needsBackend(Entry entry) {
    return entry.invalid() == null;
  }

  @Override
  public byte[] toBytes(Entry entry) {
    return entry.source().toBytes();
  }

  @Override
  public Entry fromBytes(byte[] bytes, long nowMs) {
    BufferedEvent source = BufferedEvent.fromBytes(bytes);
    if (source.event() != null) {
      return new Entry(source, source.event(), null, null);
    }
    // An entry of the earlier buffer format, decoded when it arrived; a registry-framed event needs
    // its writer schema again, and the registry may have deleted that schema since.
    DecodeResult result = shared.decoder().decode(source.value(), source.describe(), source.timestamp());
    return result instanceof DecodeResult.Valid valid
        ? new Entry(source, valid.event(), null, null)
        : new Entry(source, null, null, (DecodeResult.Invalid) result);
  }

  @Override
  public Cut cut() {
    return new Cut(shared.limits().maxRecords(), shared.limits().maxTokens(), shared.limits().maxDelayMs());
  }

  @Override
  public long cost(Entry entry) {
    return entry.source().tokens();
  }

  @Override
  public int maxInFlight() {
    return shared.stages().encoderMaxInFlight();
  }

  @Override
  public int maxBuffered() {
    return shared.stages().encoderMaxBuffered();
  }

  @Override
  public Admission<List<EncoderBackend.Encoded>> submit(List<Entry> batch) {
    List<EncoderBackend.Input> inputs = new ArrayList<>(batch.size());
    for (Entry entry : batch) {
      PreparedText prepared = entry.prepared() != null ? entry.prepared() : backend.prepare(entry.event().getText());
      inputs.add(new EncoderBackend.Input(entry.event(), prepared));
    }
    return backend.offer(inputs);
  }

  @Override
  public void emit(Finished<Entry, EncoderBackend.Encoded> finished, Output out) {
    Entry entry = finished.entry();
    BufferedEvent source = entry.source();
    if (entry.invalid() != null) {
      out.deadLetter(source, entry.invalid().reason(), entry.invalid().message());
      return;
    }
    EncoderBackend.Encoded encoded = finished.result();
    if (encoded == null) {
      out.deadLetter(source, EncoderBackend.EMBEDDING_FAILED, "the encoder's call failed: " + finished.failure().getMessage());
      return;
    }
    if (encoded.failed()) {
      out.deadLetter(source, encoded.failureReason(), encoded.failureMessage());
      return;
    }
    long now = out.nowMs();
    TextEvent event = entry.event();
    EmbeddingEngine.Embedded e = encoded.embedded();
    long queueMs = (finished.submittedMs() - source.arrivalMs()) + TimeUnit.NANOSECONDS.toMillis(e.queueNanos());
    long inferenceMs = TimeUnit.NANOSECONDS.toMillis(e.inferenceNanos());
    boolean truncated = backend.truncated(event.getText(), e.tokens());
    // The language the service found for the event and chose its heads by, when the event named none.
    String language = event.getLanguage() != null ? event.getLanguage() : LanguageGuess.of(event);
    EnrichedText record = EnrichedRecords.of(event, language, e.vector(), backend.modelName(), backend.modelVersion(),
        new EnrichmentStats(e.callSize(), queueMs, inferenceMs, e.tokens(), truncated), encoded.labels(), encoded.flags(),
        shared.instanceId(), now);
    if (!encoded.flags().isEmpty() && moderationChild != null) {
      out.forward(source, new StageOutput.Enriched(record), moderationChild);
      shared.metrics().recordFlagged(encoded.flags());
    }
    out.forward(source, nextIsCompletion ? new EncodedEvent(record, source, encoded.labels()) : new StageOutput.Enriched(record),
        nextChild);
    long latency = now - source.arrivalMs();
    out.window(EMBED, backend.modelName()).add(e.tokens(), e.paddedTokens(), e.callSize(), queueMs, e.inferenceNanos() / 1e6,
        latency);
    if (encoded.labelCallSize() > 0) {
      out.window(CLASSIFY, backend.labelModels()).add(e.tokens(), e.tokens(), encoded.labelCallSize(),
          encoded.labelQueueNanos() / 1e6, encoded.labelNanos() / 1e6, latency);
    }
    shared.limits().observeLatency(latency);
  }
}
