package io.textenrich.topology.stage;

import io.textenrich.model.Classification;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.output.StageOutput;
import java.util.Map;

/**
 * An event the encoder stage is done with, on its way to the completion stage: its record so far
 * (vector, labels, flags; no completion), the input it came from (its decoded event, for a
 * prompt; its original bytes, for a dead letter), and its labels as the models gave them, so the
 * completion stage need not read them back from the record.
 */
public record EncodedEvent(EnrichedText record, BufferedEvent source, Map<String, Classification> labels)
    implements StageOutput {}
