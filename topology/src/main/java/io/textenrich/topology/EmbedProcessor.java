package io.textenrich.topology;

import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.Embedding;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.EnrichmentStats;
import io.textenrich.schemas.TextEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds each event with the shared sentence encoder and emits its {@link EnrichedText}. A model
 * failure dead-letters the event's original bytes instead of stopping the stream thread.
 */
final class EmbedProcessor extends ContextualProcessor<byte[], InputEvent, byte[], Object> {

  static final String ENRICHMENT_FAILED = "enrichment-failed";

  private static final Logger LOG = LoggerFactory.getLogger(EmbedProcessor.class);

  private final SentenceEmbedder embedder;
  private final String instanceId;
  private final String enrichedChild;
  private final String deadLetterChild;

  EmbedProcessor(SentenceEmbedder embedder, String instanceId, String enrichedChild, String deadLetterChild) {
    this.embedder = embedder;
    this.instanceId = instanceId;
    this.enrichedChild = enrichedChild;
    this.deadLetterChild = deadLetterChild;
  }

  @Override
  public void process(Record<byte[], InputEvent> record) {
    TextEvent event = record.value().event();
    EmbeddingBatch batch;
    try {
      batch = embedder.embed(List.of(event.getText()));
    } catch (RuntimeException e) {
      LOG.warn("Dead-lettering event {}: embedding failed: {}", event.getId(), e.getMessage());
      context().forward(new Record<byte[], Object>(record.key(), record.value().raw(), record.timestamp(),
          DeadLetters.headers(record.headers(), ENRICHMENT_FAILED, String.valueOf(e.getMessage()),
              context().recordMetadata(), Instant.now())), deadLetterChild);
      return;
    }
    EnrichedText enriched = EnrichedText.newBuilder()
        .setId(event.getId())
        .setText(event.getText())
        .setSource(event.getSource())
        .setLanguage(event.getLanguage())
        .setAttributes(event.getAttributes())
        .setEventTime(event.getEventTime())
        .setProcessedTime(Instant.now())
        .setInstanceId(instanceId)
        .setEmbedding(Embedding.newBuilder()
            .setModel(embedder.modelName())
            .setModelVersion(embedder.modelVersion())
            .setVector(toList(batch.vectors().get(0)))
            .setStats(new EnrichmentStats(batch.size(), 0L, batch.inferenceMillis(), batch.tokenCounts()[0]))
            .build())
        .build();
    context().forward(new Record<byte[], Object>(record.key(), enriched, record.timestamp(), record.headers()), enrichedChild);
  }

  private static List<Float> toList(float[] vector) {
    List<Float> list = new ArrayList<>(vector.length);
    for (float v : vector) {
      list.add(v);
    }
    return list;
  }
}
