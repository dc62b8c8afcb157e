package io.textenrich.topology;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The data flow, topic to topic:
 *
 * <pre>
 * input topic ──> decode ──(invalid)──────────────────────────> dead-letter topic
 *                    │                                              ^  (original bytes + reason headers)
 *                    v                                              │  (model failure)
 *        batch & embed  [embed-buffer store, changelogged] ─────────┘
 *                    │   [throughput-1s, throughput-1m stores]
 *                    │   labels: heads on the same vectors, optional classifiers
 *                    │   completion: the events the rule selects, shared generation engine
 *                    v
 *              EnrichedText (Avro, single-object or schema registry framed) ──> output topic
 *                    └──(moderation flags)──> moderation topic (same record, same transaction)
 * </pre>
 *
 * Keys pass through untouched, so per-key partitioning carries over to the outputs, and each
 * partition's outputs keep its input order.
 */
public final class EnrichmentTopology {

  static final String SOURCE = "raw-text";
  static final String DECODE = "decode";
  static final String EMBED = "batch-and-embed";
  static final String ENRICHED_SINK = "enriched";
  static final String MODERATION_SINK = "moderation";
  static final String DEAD_LETTER_SINK = "dead-letter";

  private EnrichmentTopology() {}

  static Topology build(ServiceConfig config, BatchingEmbedProcessor.Shared shared) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
    topology.addProcessor(DECODE, () -> new DecodeProcessor(shared.decoder(), shared.metrics(), EMBED, DEAD_LETTER_SINK), SOURCE);
    String moderation = config.classification().moderationEnabled() ? MODERATION_SINK : null;
    topology.addProcessor(EMBED, () -> new BatchingEmbedProcessor(shared, ENRICHED_SINK, moderation, DEAD_LETTER_SINK), DECODE);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        config.stateStore().keyValue(BatchingEmbedProcessor.BUFFER_STORE), Serdes.Long(), Serdes.ByteArray()), EMBED);
    ThroughputStores.builders(config.stateStore()).forEach(store -> topology.addStateStore(store, EMBED));
    topology.addSink(ENRICHED_SINK, config.outputTopic(), new ByteArraySerializer(), shared.output(), EMBED);
    if (moderation != null) {
      topology.addSink(MODERATION_SINK, config.classification().moderationTopic(), new ByteArraySerializer(), shared.output(), EMBED);
    }
    topology.addSink(DEAD_LETTER_SINK, config.deadLetterTopic(), new ByteArraySerializer(), new ByteArraySerializer(), DECODE, EMBED);
    return topology;
  }
}
