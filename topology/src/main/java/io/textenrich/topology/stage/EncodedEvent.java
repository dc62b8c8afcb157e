package io.textenrich.topology.stage;

import io.textenrich.schemas.EnrichedText;

/**
 * An event the encoder stage is done with, on its way to the completion stage: its record so far
 * (vector, labels, flags; no completion) and the input it came from, for a dead letter.
 */
public record EncodedEvent(EnrichedText record, BufferedEvent source) {}
