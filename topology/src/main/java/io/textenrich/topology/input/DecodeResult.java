package io.textenrich.topology.input;

import io.textenrich.schemas.TextEvent;

/** What {@link InputDecoder} made of one input record. */
public sealed interface DecodeResult {

  record Valid(TextEvent event) implements DecodeResult {}

  /**
   * @param reason a stable machine-readable code, e.g. {@code not-utf8}
   * @param message what was wrong, for a person
   */
  record Invalid(String reason, String message) implements DecodeResult {}
}
