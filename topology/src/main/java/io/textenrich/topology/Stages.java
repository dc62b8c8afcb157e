package io.textenrich.topology;

import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.stage.completion.CompletionBackend;
import io.textenrich.topology.stage.encoder.EncoderBackend;
import org.apache.kafka.common.serialization.Serializer;

/** What the topology's processors share in the JVM: the stages' engines and the common plumbing. */
record Stages(StageContext context, EncoderBackend encoder, CompletionBackend completion, Serializer<EnrichedText> output) {}
