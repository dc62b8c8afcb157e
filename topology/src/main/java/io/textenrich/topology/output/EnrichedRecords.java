package io.textenrich.topology.output;

import io.textenrich.model.Classification;
import io.textenrich.schemas.Embedding;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.EnrichmentStats;
import io.textenrich.schemas.TextEvent;
import org.apache.avro.Schema;
import org.apache.avro.generic.PrimitivesArrays;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps what the stages made of an event to the {@code EnrichedText} record, and back for the completion stage. */
public final class EnrichedRecords {

  private static final Schema VECTOR_SCHEMA = Embedding.getClassSchema().getField("vector").schema();

  private EnrichedRecords() {}

  /**
   * The record of an event with its vector and labels, without a completion.
   *
   * @param language the event's language: its own, or the one the service found for it
   * @param stats the embedding call's figures, as the record reports them
   */
  public static EnrichedText of(TextEvent event, String language, float[] vector, String model, String modelVersion, EnrichmentStats stats,
      Map<String, Classification> labels, List<String> flags, String instanceId, long nowMs) {
    return EnrichedText.newBuilder()
        .setId(event.getId())
        .setText(event.getText())
        .setSource(event.getSource())
        .setLanguage(language)
        .setAttributes(event.getAttributes())
        .setEventTime(event.getEventTime())
        .setProcessedTime(Instant.ofEpochMilli(nowMs))
        .setInstanceId(instanceId)
        .setEmbedding(Embedding.newBuilder().setModel(model).setModelVersion(modelVersion).setVector(floats(vector)).setStats(stats).build())
        .setClassifications(labels.isEmpty() ? null : toAvro(labels))
        .setFlags(flags)
        .build();
  }

  /**
   * The vector as Avro's primitive float array: the floats stay unboxed in the record (Avro 1.12
   * reads arrays of float this way too), instead of one {@code Float} object per dimension.
   */
  private static PrimitivesArrays.FloatArray floats(float[] vector) {
    PrimitivesArrays.FloatArray values = new PrimitivesArrays.FloatArray(vector.length, VECTOR_SCHEMA);
    for (float v : vector) {
      values.add(values.size(), v);
    }
    return values;
  }

  /**
   * The record of an event that got a completion: a new record with the fields of the one the
   * encoder stage made and the completion, which leaves that one as it was made.
   */
  public static EnrichedText withCompletion(EnrichedText record, io.textenrich.schemas.Completion completion) {
    return EnrichedText.newBuilder(record).setCompletion(completion).build();
  }

  /** The input event a record was made from, for a prompt. */
  public static TextEvent event(EnrichedText record) {
    return TextEvent.newBuilder()
        .setId(record.getId())
        .setText(record.getText())
        .setSource(record.getSource())
        .setLanguage(record.getLanguage())
        .setAttributes(record.getAttributes())
        .setEventTime(record.getEventTime())
        .build();
  }

  /** The labels a record carries, as the models gave them. */
  public static Map<String, Classification> labels(EnrichedText record) {
    Map<String, Classification> labels = new LinkedHashMap<>();
    if (record.getClassifications() != null) {
      record.getClassifications().forEach((name, c) -> labels.put(name.toString(),
          new Classification(c.getModel().toString(), c.getModelVersion().toString(), toFloats(c.getScores()),
              c.getLabels().stream().map(CharSequence::toString).toList())));
    }
    return labels;
  }

  private static Map<String, Float> toFloats(Map<? extends CharSequence, Float> scores) {
    Map<String, Float> out = new LinkedHashMap<>();
    scores.forEach((k, v) -> out.put(k.toString(), v));
    return out;
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
