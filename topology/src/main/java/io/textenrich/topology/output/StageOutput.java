package io.textenrich.topology.output;

import io.textenrich.schemas.EnrichedText;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the topology's processors forward: one type on every edge, so no processor forwards
 * {@code Object}. A processor downstream takes its own kind (the decoded input, the encoded event);
 * a sink takes the kind written to its topic, by {@link #records} or {@link #deadLetters}.
 */
public interface StageOutput {

  /** A finished record, for the enriched or the moderation topic. */
  record Enriched(EnrichedText record) implements StageOutput {}

  /** An input record's original bytes, for the dead-letter topic (the reason is in its headers). */
  record DeadLetter(byte[] value) implements StageOutput {}

  /** The enriched and moderation sinks' serializer: the record in the configured wire format. */
  static Serializer<StageOutput> records(Serializer<EnrichedText> format) {
    return new Serializer<>() {
      @Override
      public void configure(Map<String, ?> configs, boolean isKey) {
        format.configure(configs, isKey);
      }

      @Override
      public byte[] serialize(String topic, StageOutput output) {
        return format.serialize(topic, ((Enriched) output).record());
      }

      @Override
      public void close() {
        format.close();
      }
    };
  }

  /** The dead-letter sink's serializer: the original bytes as they came. */
  static Serializer<StageOutput> deadLetters() {
    return (topic, output) -> ((DeadLetter) output).value();
  }
}
