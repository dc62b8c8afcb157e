package io.textenrich.topology;

import io.textenrich.model.SentenceEmbedder;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The data flow, topic to topic:
 *
 * <pre>
 * input topic ──> decode ──(invalid)──────────────> dead-letter topic (original bytes + reason headers)
 *                    │                                      ^
 *                    v                                      │ (model failure)
 *                  embed ──> EnrichedText (Avro) ──> output topic
 * </pre>
 *
 * Keys pass through untouched, so per-key partitioning and order carry over to the outputs.
 */
public final class EnrichmentTopology {

  static final String SOURCE = "raw-text";
  static final String DECODE = "decode";
  static final String EMBED = "embed";
  static final String ENRICHED_SINK = "enriched";
  static final String DEAD_LETTER_SINK = "dead-letter";

  private EnrichmentTopology() {}

  public static Topology build(ServiceConfig config, SentenceEmbedder embedder) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
    topology.addProcessor(DECODE,
        () -> new DecodeProcessor(new InputDecoder(config.maxTextBytes()), EMBED, DEAD_LETTER_SINK), SOURCE);
    topology.addProcessor(EMBED,
        () -> new EmbedProcessor(embedder, config.instanceId(), ENRICHED_SINK, DEAD_LETTER_SINK), DECODE);
    topology.addSink(ENRICHED_SINK, config.outputTopic(), new ByteArraySerializer(), AvroSerde.<EnrichedText>enrichedText(), EMBED);
    topology.addSink(DEAD_LETTER_SINK, config.deadLetterTopic(), new ByteArraySerializer(), new ByteArraySerializer(), DECODE, EMBED);
    return topology;
  }
}
