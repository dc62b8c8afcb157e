package io.textenrich.topology.input;

import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.output.StageOutput;

/** A decoded event together with the bytes it came from, so a later failure can dead-letter the original. */
public record InputEvent(TextEvent event, byte[] raw) implements StageOutput {}
