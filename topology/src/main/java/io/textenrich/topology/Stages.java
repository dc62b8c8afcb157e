package io.textenrich.topology;

import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.stage.completion.CompletionStage;
import io.textenrich.topology.stage.encoder.EncoderStage;
import org.apache.kafka.common.serialization.Serializer;

/** What the topology's processors share in the JVM: the stages' engines and the common plumbing. */
record Stages(StageContext context, EncoderStage encoder, CompletionStage completion, Serializer<EnrichedText> output) {}
