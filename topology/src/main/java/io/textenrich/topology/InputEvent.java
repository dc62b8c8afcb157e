package io.textenrich.topology;

import io.textenrich.schemas.TextEvent;

/** A decoded event together with the bytes it came from, so a later failure can dead-letter the original. */
record InputEvent(TextEvent event, byte[] raw) {}
