package io.textenrich.model;

import java.util.List;

/** Anything that turns a batch of texts into embeddings in one model call. */
public interface TextEncoder {

  EmbeddingBatch embed(List<String> texts);

  /**
   * Embeds texts prepared before; an encoder that tokenized them already uses their token ids
   * instead of tokenizing again. By default the texts are embedded as texts.
   */
  default EmbeddingBatch embedPrepared(List<PreparedText> texts) {
    return embed(texts.stream().map(PreparedText::text).toList());
  }

  String modelName();
}
