package io.textenrich.topology;

import io.textenrich.model.Classification;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.generate.Completion;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.Embedding;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.EnrichmentStats;
import io.textenrich.schemas.TextEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
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
 * Buffers valid events of one partition in a changelogged store and embeds them in micro-batches
 * through the shared engine. A batch flushes when it reaches the record or token limit, or when
 * its oldest event has waited the maximum delay. Outputs keep input order.
 *
 * <p>Why a store and not a list: Kafka Streams commits input offsets on its own schedule, so an
 * event held only in memory at a commit would be lost by a crash. The store is restored after a
 * crash or a rebalance; under exactly-once its changes commit atomically with the input offsets and
 * the outputs, so nothing is lost and nothing is emitted twice.
 */
final class BatchingEmbedProcessor extends ContextualProcessor<byte[], InputEvent, byte[], Object> {

  static final String BUFFER_STORE = "embed-buffer";
  static final String STAGE = "embed";
  static final String ENRICHMENT_FAILED = "enrichment-failed";

  private static final Logger LOG = LoggerFactory.getLogger(BatchingEmbedProcessor.class);

  /** What the processor needs that is shared by all its instances in the JVM. */
  record Shared(SentenceEmbedder embedder, EmbeddingEngine engine, ClassificationStage classification, CompletionStage completion,
      BatchLimits limits, BatchSettings settings, InputDecoder decoder, Serializer<EnrichedText> output, String instanceId,
      ServiceMetrics metrics) {}

  private final Shared shared;
  private final String enrichedChild;
  private final String moderationChild;
  private final String deadLetterChild;
  private KeyValueStore<Long, byte[]> buffer;
  private long nextSequence;
  private int bufferedRecords;
  private long bufferedTokens;
  private long oldestArrivalMs = Long.MAX_VALUE;

  /** @param moderationChild where flagged events also go; null when moderation routing is off */
  BatchingEmbedProcessor(Shared shared, String enrichedChild, String moderationChild, String deadLetterChild) {
    this.shared = shared;
    this.enrichedChild = enrichedChild;
    this.moderationChild = moderationChild;
    this.deadLetterChild = deadLetterChild;
  }

  @Override
  public void init(ProcessorContext<byte[], Object> context) {
    super.init(context);
    buffer = context.getStateStore(BUFFER_STORE);
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> entry = it.next();
        BufferedEvent event = BufferedEvent.fromBytes(entry.value);
        bufferedRecords++;
        bufferedTokens += event.tokens();
        oldestArrivalMs = Math.min(oldestArrivalMs, event.arrivalMs());
        nextSequence = entry.key + 1;
      }
    }
    if (bufferedRecords > 0) {
      LOG.info("Task {}: resuming with {} buffered event(s) restored from the changelog", context.taskId(), bufferedRecords);
    }
    context.schedule(Duration.ofMillis(shared.settings().punctuationIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
  }

  @Override
  public void process(Record<byte[], InputEvent> record) {
    long now = context().currentSystemTimeMs();
    TextEvent event = record.value().event();
    int tokens = shared.embedder().countTokens(event.getText());
    var meta = context().recordMetadata();
    BufferedEvent buffered = new BufferedEvent(now, record.timestamp(), tokens,
        meta.map(m -> m.topic()).orElse(""), meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L),
        record.key(), record.value().raw(), record.headers());
    buffer.put(nextSequence++, buffered.toBytes());
    bufferedRecords++;
    bufferedTokens += tokens;
    oldestArrivalMs = Math.min(oldestArrivalMs, now);
    if (bufferedRecords >= shared.limits().maxRecords() || bufferedTokens >= shared.limits().maxTokens()) {
      flush(now);
    }
  }

  private void onTick(long now) {
    if (bufferedRecords > 0 && now - oldestArrivalMs >= shared.limits().maxDelayMs()) {
      flush(now);
    }
  }

  private void flush(long flushStartMs) {
    List<KeyValue<Long, BufferedEvent>> stored = new ArrayList<>(bufferedRecords);
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> entry = it.next();
        stored.add(KeyValue.pair(entry.key, BufferedEvent.fromBytes(entry.value)));
      }
    }
    List<KeyValue<Long, BufferedEvent>> batch = new ArrayList<>(stored.size());
    List<TextEvent> events = new ArrayList<>(stored.size());
    for (KeyValue<Long, BufferedEvent> entry : stored) {
      DecodeResult result = shared.decoder().decode(entry.value.value(), entry.value.describe(), entry.value.timestamp());
      if (result instanceof DecodeResult.Valid valid) {
        batch.add(entry);
        events.add(valid.event());
      } else if (result instanceof DecodeResult.Invalid invalid) {
        // It decoded when it arrived; a registry-framed event needs its writer schema again after a
        // restart, and the registry may have deleted that schema since.
        deadLetter(entry, invalid.reason(), invalid.message());
        bufferedRecords--;
        bufferedTokens -= entry.value.tokens();
      }
    }
    if (batch.isEmpty()) {
      bufferEmptied();
      return;
    }
    List<EmbeddingEngine.Embedded> results;
    try {
      results = embed(events, batch, Duration.ofMillis(shared.settings().flushTimeoutMs()));
    } catch (TimeoutException e) {
      LOG.warn("Task {}: {} buffered event(s) stay buffered: {}. They are retried at the next flush; raise"
          + " enrich.batch.flush.timeout.ms or add capacity if this repeats.", context().taskId(), batch.size(), e.getMessage());
      return;
    }
    List<Map<String, Classification>> labels = classify(events, results);
    List<List<String>> flags = labels.stream().map(l -> shared.classification().flags(l)).toList();
    List<CompletionOutcome> completions;
    try {
      completions = complete(events, labels, flags, results);
    } catch (TimeoutException e) {
      LOG.warn("Task {}: {} buffered event(s) stay buffered: {}. They are enriched again at the next flush.",
          context().taskId(), batch.size(), e.getMessage());
      return;
    }
    long now = context().currentSystemTimeMs();
    ThroughputWindow delta = new ThroughputWindow();
    for (int i = 0; i < batch.size(); i++) {
      BufferedEvent buffered = batch.get(i).value;
      EmbeddingEngine.Embedded result = results.get(i);
      if (result == null) {
        continue; // dead-lettered in embed()
      }
      long queueMs = (flushStartMs - buffered.arrivalMs()) + TimeUnit.NANOSECONDS.toMillis(result.queueNanos());
      long inferenceMs = TimeUnit.NANOSECONDS.toMillis(result.inferenceNanos());
      EnrichedText enriched = enriched(events.get(i), result, labels.get(i), flags.get(i), queueMs, inferenceMs, now);
      enriched.setCompletion(completions.get(i) == null ? null : completions.get(i).toAvro(flushStartMs - buffered.arrivalMs()));
      Record<byte[], Object> out = new Record<>(buffered.key(), enriched, buffered.timestamp(), buffered.headers());
      context().forward(out, enrichedChild);
      if (!flags.get(i).isEmpty() && moderationChild != null) {
        context().forward(out, moderationChild);
        shared.metrics().recordFlagged(flags.get(i));
      }
      long latency = now - buffered.arrivalMs();
      delta.add(result.tokens(), result.paddedTokens(), result.callSize(), queueMs, result.inferenceNanos() / 1e6, latency);
      shared.limits().observeLatency(latency);
    }
    for (KeyValue<Long, BufferedEvent> entry : batch) {
      buffer.delete(entry.key);
    }
    if (delta.records > 0) {
      ThroughputStores.record(context(), ThroughputStores.key(STAGE, shared.embedder().modelName()), delta, now);
      shared.metrics().recordEnriched(STAGE, delta);
    }
    bufferEmptied();
  }

  private void bufferEmptied() {
    bufferedRecords = 0;
    bufferedTokens = 0;
    oldestArrivalMs = Long.MAX_VALUE;
  }

  /**
   * Embeds the batch; when the model fails on it, retries each event alone so that one bad event
   * cannot take its neighbours down, and dead-letters the ones that still fail (null result).
   */
  private List<EmbeddingEngine.Embedded> embed(List<TextEvent> events, List<KeyValue<Long, BufferedEvent>> batch, Duration timeout)
      throws TimeoutException {
    List<String> texts = events.stream().map(TextEvent::getText).toList();
    int[] tokens = batch.stream().mapToInt(e -> e.value.tokens()).toArray();
    try {
      return run(texts, tokens, timeout);
    } catch (ExecutionException e) {
      LOG.warn("Task {}: model failed on a batch of {} ({}); retrying its events one by one", context().taskId(),
          texts.size(), e.getCause().getMessage());
    }
    List<EmbeddingEngine.Embedded> results = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      try {
        results.add(run(List.of(texts.get(i)), new int[] {tokens[i]}, timeout).get(0));
      } catch (ExecutionException e) {
        deadLetter(batch.get(i), ENRICHMENT_FAILED, "model " + shared.embedder().modelName() + " failed: "
            + e.getCause().getMessage());
        results.add(null);
      }
    }
    return results;
  }

  /** Submits to the shared engine and waits, all within {@code timeout} so the poll interval holds. */
  private List<EmbeddingEngine.Embedded> run(List<String> texts, int[] tokens, Duration timeout)
      throws ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Future<List<EmbeddingEngine.Embedded>> future = null;
    try {
      future = shared.engine().submit(texts, tokens, timeout);
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted while waiting for the model");
    } catch (TimeoutException e) {
      if (future != null) {
        future.cancel(false);
      }
      throw new TimeoutException("the model did not answer within " + timeout.toMillis() + " ms (" + e.getMessage() + ")");
    }
  }

  /** Labels for the events that got a vector; empty maps for the dead-lettered ones. */
  private List<Map<String, Classification>> classify(List<TextEvent> events, List<EmbeddingEngine.Embedded> results) {
    List<Map<String, Classification>> labels = new ArrayList<>(Collections.nCopies(events.size(), Map.of()));
    if (!shared.classification().active()) {
      return labels;
    }
    List<Integer> rows = new ArrayList<>();
    List<TextEvent> embedded = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (results.get(i) != null) {
        rows.add(i);
        embedded.add(events.get(i));
        vectors.add(results.get(i).vector());
      }
    }
    List<Map<String, Classification>> computed = shared.classification().classify(embedded, vectors,
        shared.embedder().modelName(), shared.embedder().modelVersion());
    for (int j = 0; j < rows.size(); j++) {
      labels.set(rows.get(j), computed.get(j));
    }
    return labels;
  }

  /**
   * Completions of the selected events (null for the others), all decoding together in the shared
   * engine. A completion not done within the stage's time budget is given up, so that a slow model
   * never holds the stream thread past the poll interval: its event still goes out, enriched
   * otherwise, with finish reason {@code timeout}, so consumers can tell it from an event the rule
   * did not select.
   *
   * @throws TimeoutException when the thread is interrupted (the service stops): the events then
   *     stay buffered rather than go out without their completions
   */
  private List<CompletionOutcome> complete(List<TextEvent> events, List<Map<String, Classification>> labels,
      List<List<String>> flags, List<EmbeddingEngine.Embedded> results) throws TimeoutException {
    List<CompletionOutcome> completions = new ArrayList<>(Collections.nCopies(events.size(), null));
    if (!shared.completion().enabled()) {
      return completions;
    }
    List<CompletableFuture<Completion>> futures = shared.completion().start(events, labels, flags,
        results.stream().map(r -> r != null).toList());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shared.completion().timeoutMs());
    for (int i = 0; i < futures.size(); i++) {
      CompletableFuture<Completion> future = futures.get(i);
      if (future == null) {
        continue;
      }
      try {
        completions.set(i, CompletionOutcome.done(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)));
      } catch (TimeoutException e) {
        future.cancel(true);
        completions.set(i, shared.completion().unfinished(CompletionOutcome.TIMEOUT));
        LOG.warn("Task {}: completion of event {} not done within enrich.completion.timeout.ms={}; sent with finish reason"
            + " timeout. Raise the timeout, lower enrich.completion.max.new.tokens or add capacity if this repeats.",
            context().taskId(), events.get(i).getId(), shared.completion().timeoutMs());
      } catch (ExecutionException e) {
        completions.set(i, shared.completion().unfinished(CompletionOutcome.ERROR));
        LOG.warn("Task {}: completion of event {} failed, sent with finish reason error: {}", context().taskId(),
            events.get(i).getId(), e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.stream().filter(f -> f != null).forEach(f -> f.cancel(true));
        throw new TimeoutException("interrupted while waiting for completions");
      }
    }
    return completions;
  }

  /** Sends the event to the dead-letter topic and takes it out of the buffer in the same transaction. */
  private void deadLetter(KeyValue<Long, BufferedEvent> entry, String reason, String message) {
    BufferedEvent buffered = entry.value;
    buffer.delete(entry.key);
    LOG.warn("Dead-lettering event {}: {}", buffered.describe(), message);
    context().forward(new Record<byte[], Object>(buffered.key(), buffered.value(), buffered.timestamp(),
        DeadLetters.headers(buffered.headers(), reason, message, buffered.sourceTopic(), buffered.sourcePartition(),
            buffered.sourceOffset(), Instant.now())), deadLetterChild);
    shared.metrics().recordDeadLetter(reason);
  }

  private EnrichedText enriched(TextEvent event, EmbeddingEngine.Embedded result, Map<String, Classification> labels,
      List<String> flags, long queueMs, long inferenceMs, long nowMs) {
    List<Float> vector = new ArrayList<>(result.vector().length);
    for (float v : result.vector()) {
      vector.add(v);
    }
    return EnrichedText.newBuilder()
        .setId(event.getId())
        .setText(event.getText())
        .setSource(event.getSource())
        .setLanguage(event.getLanguage())
        .setAttributes(event.getAttributes())
        .setEventTime(event.getEventTime())
        .setProcessedTime(Instant.ofEpochMilli(nowMs))
        .setInstanceId(shared.instanceId())
        .setEmbedding(Embedding.newBuilder()
            .setModel(shared.embedder().modelName())
            .setModelVersion(shared.embedder().modelVersion())
            .setVector(vector)
            .setStats(new EnrichmentStats(result.callSize(), queueMs, inferenceMs, result.tokens()))
            .build())
        .setClassifications(labels.isEmpty() ? null : toAvro(labels))
        .setFlags(flags)
        .build();
  }

  private static Map<String, io.textenrich.schemas.Classification> toAvro(Map<String, Classification> labels) {
    Map<String, io.textenrich.schemas.Classification> out = new LinkedHashMap<>();
    labels.forEach((name, c) -> out.put(name, io.textenrich.schemas.Classification.newBuilder()
        .setModel(c.model())
        .setModelVersion(c.version())
        .setLabel(c.label())
        .setLabels(c.labels())
        .setScores(new LinkedHashMap<>(c.scores()))
        .build()));
    return out;
  }
}
