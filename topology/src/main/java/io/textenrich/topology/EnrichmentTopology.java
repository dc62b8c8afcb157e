package io.textenrich.topology;

import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.DecodeProcessor;
import io.textenrich.topology.output.StageOutput;
import io.textenrich.topology.stage.BufferChangelog;
import io.textenrich.topology.stage.BufferedStage;
import io.textenrich.topology.stage.completion.CompletionSpec;
import io.textenrich.topology.stage.encoder.EncoderSpec;
import io.textenrich.topology.throughput.ThroughputStores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;

/**
 * The data flow, topic to topic, stage by stage:
 *
 * <pre>
 * input topic ──> decode ──(invalid)──────────────────────────────────────> dead-letter topic
 *                    │                                                        ^ (original bytes + reason headers;
 *                    v                                                        │  only the events a model fails on)
 *        encoder stage [encoder-buffer; batches in flight in the shared embedding engine] ──┤
 *        (vectors, heads, classifiers, per-language heads)                                  │
 *                    │ ──(flagged, at once)──> moderation topic                             │
 *                    v                                                                      │
 *        completion stage [completion-buffer; sequences in flight in the shared generation engine] ─┘
 *        (selected events get a completion; the others pass at once unless an earlier event
 *         of their key is still held)
 *                    v
 *              enriched topic (EnrichedText: vector, labels, flags, completion)
 * </pre>
 *
 * With completions off, the encoder stage writes the enriched topic itself. Keys pass through
 * untouched, so each key stays on its partition, and each output topic keeps each key's input order.
 */
final class EnrichmentTopology {

  static final String SOURCE = "raw-text";
  static final String DECODE = "decode";
  static final String ENCODE = "encoder-stage";
  static final String COMPLETE = "completion-stage";
  static final String ENRICHED_SINK = "enriched";
  static final String MODERATION_SINK = "moderation";
  static final String DEAD_LETTER_SINK = "dead-letter";

  private EnrichmentTopology() {}

  static Topology build(ServiceConfig config, Stages stages) {
    Topology topology = new Topology();
    Serializer<StageOutput> records = StageOutput.records(stages.output());
    topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
    topology.addProcessor(DECODE, () -> new DecodeProcessor(stages.context().decoder(), stages.context().metrics(), ENCODE,
        DEAD_LETTER_SINK), SOURCE);

    boolean completions = stages.completion().enabled();
    String moderation = config.classification().moderationEnabled() ? MODERATION_SINK : null;
    String afterEncoder = completions ? COMPLETE : ENRICHED_SINK;
    topology.addProcessor(ENCODE, () -> new BufferedStage<>(stages.context(), new EncoderSpec(stages.context(), stages.encoder(),
        afterEncoder, completions, moderation), DEAD_LETTER_SINK), DECODE);
    topology.addStateStore(BufferChangelog.store(EncoderSpec.BUFFER_STORE, config.stateStore()), ENCODE);
    List<String> throughputWriters = new ArrayList<>(List.of(ENCODE));
    if (moderation != null) {
      topology.addSink(MODERATION_SINK, config.classification().moderationTopic(), new ByteArraySerializer(), records, ENCODE);
    }

    if (completions) {
      topology.addProcessor(COMPLETE, () -> new BufferedStage<>(stages.context(), new CompletionSpec(stages.context(),
          stages.completion(), ENRICHED_SINK), DEAD_LETTER_SINK), ENCODE);
      topology.addStateStore(BufferChangelog.store(CompletionSpec.BUFFER_STORE, config.stateStore()), COMPLETE);
      throughputWriters.add(COMPLETE);
    }
    ThroughputStores.builders(config.stateStore())
        .forEach(store -> topology.addStateStore(store, throughputWriters.toArray(String[]::new)));

    topology.addSink(ENRICHED_SINK, config.outputTopic(), new ByteArraySerializer(), records, completions ? COMPLETE : ENCODE);
    List<String> failing = new ArrayList<>(List.of(DECODE, ENCODE));
    if (completions) {
      failing.add(COMPLETE);
    }
    topology.addSink(DEAD_LETTER_SINK, config.deadLetterTopic(), new ByteArraySerializer(), StageOutput.deadLetters(),
        failing.toArray(String[]::new));
    return topology;
  }
}
