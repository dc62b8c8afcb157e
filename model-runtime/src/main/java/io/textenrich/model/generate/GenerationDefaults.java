package io.textenrich.model.generate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A model's own sampling defaults from generation_config.json, with Hugging Face's defaults where
 * the file is silent. {@code do_sample: false} (the Hugging Face default) means greedy.
 */
record GenerationDefaults(boolean doSample, double temperature, int topK, double topP, double repetitionPenalty,
    int maxNewTokens) {

  /** When neither the request nor the model says how long a completion may be. */
  static final int FALLBACK_MAX_NEW_TOKENS = 32;

  static GenerationDefaults parse(JsonNode generation) {
    return new GenerationDefaults(
        generation.path("do_sample").asBoolean(false),
        generation.path("temperature").asDouble(1.0),
        generation.path("top_k").asInt(50),
        generation.path("top_p").asDouble(1.0),
        generation.path("repetition_penalty").asDouble(1.0),
        generation.path("max_new_tokens").asInt(FALLBACK_MAX_NEW_TOKENS));
  }
}
