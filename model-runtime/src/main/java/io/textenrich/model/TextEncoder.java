package io.textenrich.model;

import java.util.List;

/** Anything that turns a batch of texts into embeddings in one model call. */
public interface TextEncoder {

  EmbeddingBatch embed(List<String> texts);

  String modelName();
}
