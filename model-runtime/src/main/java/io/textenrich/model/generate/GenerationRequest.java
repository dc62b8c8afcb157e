package io.textenrich.model.generate;

import java.util.List;

/**
 * One prompt to complete. A null setting means the model's own default from generation_config.json
 * (Hugging Face's defaults where the file is silent). Build with {@link #of(String)} and the
 * {@code with...} methods.
 *
 * @param temperature 0 for greedy decoding; above 0 samples
 * @param topK sample among the k most likely tokens; 0 for no limit
 * @param topP sample among the most likely tokens whose probabilities add up to p; 1 for no limit
 * @param repetitionPenalty above 1 makes tokens already in the prompt or completion less likely
 * @param seed the random seed of sampling; the same seed and settings give the same completion
 *     whatever else runs in the batch; null draws one, which {@link Completion#seed()} reports
 * @param stop strings that end the completion; the completion ends before the first one it contains
 * @param maxPromptTokens longer prompts lose tokens from their start (left truncation), keeping the
 *     end the completion continues from; null keeps as much as leaves room for maxNewTokens
 * @param minNewTokens end-of-sequence tokens are not sampled before this many tokens
 */
public record GenerationRequest(String prompt, Integer maxNewTokens, Double temperature, Integer topK, Double topP,
    Double repetitionPenalty, Long seed, List<String> stop, Integer maxPromptTokens, int minNewTokens) {

  public GenerationRequest {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt is required (it may be empty when the model has a BOS token)");
    }
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (stop.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("stop strings must not be empty");
    }
    check(maxNewTokens == null || maxNewTokens >= 1, "max new tokens must be >= 1, got " + maxNewTokens);
    check(temperature == null || (temperature >= 0 && Double.isFinite(temperature)),
        "temperature must be >= 0 (0 = greedy), got " + temperature);
    check(topK == null || topK >= 0, "top-k must be >= 0 (0 = no limit), got " + topK);
    check(topP == null || (topP > 0 && topP <= 1), "top-p must be in (0, 1], got " + topP);
    check(repetitionPenalty == null || (repetitionPenalty > 0 && Double.isFinite(repetitionPenalty)),
        "repetition penalty must be > 0 (1 = none), got " + repetitionPenalty);
    check(maxPromptTokens == null || maxPromptTokens >= 1, "max prompt tokens must be >= 1, got " + maxPromptTokens);
    check(minNewTokens >= 0, "min new tokens must be >= 0, got " + minNewTokens);
    check(maxNewTokens == null || minNewTokens <= maxNewTokens,
        "min new tokens (" + minNewTokens + ") must not exceed max new tokens (" + maxNewTokens + ")");
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A request with every setting taken from the model. */
  public static GenerationRequest of(String prompt) {
    return new GenerationRequest(prompt, null, null, null, null, null, null, List.of(), null, 0);
  }

  public GenerationRequest withMaxNewTokens(int value) {
    return new GenerationRequest(prompt, value, temperature, topK, topP, repetitionPenalty, seed, stop, maxPromptTokens,
        minNewTokens);
  }

  /** Greedy decoding: temperature 0, no repetition penalty unless one is set after this. */
  public GenerationRequest greedy() {
    return new GenerationRequest(prompt, maxNewTokens, 0.0, topK, topP, 1.0, seed, stop, maxPromptTokens, minNewTokens);
  }

  public GenerationRequest withTemperature(double value) {
    return new GenerationRequest(prompt, maxNewTokens, value, topK, topP, repetitionPenalty, seed, stop, maxPromptTokens,
        minNewTokens);
  }

  public GenerationRequest withTopK(int value) {
    return new GenerationRequest(prompt, maxNewTokens, temperature, value, topP, repetitionPenalty, seed, stop,
        maxPromptTokens, minNewTokens);
  }

  public GenerationRequest withTopP(double value) {
    return new GenerationRequest(prompt, maxNewTokens, temperature, topK, value, repetitionPenalty, seed, stop,
        maxPromptTokens, minNewTokens);
  }

  public GenerationRequest withRepetitionPenalty(double value) {
    return new GenerationRequest(prompt, maxNewTokens, temperature, topK, topP, value, seed, stop, maxPromptTokens,
        minNewTokens);
  }

  public GenerationRequest withSeed(long value) {
    return new GenerationRequest(prompt, maxNewTokens, temperature, topK, topP, repetitionPenalty, value, stop,
        maxPromptTokens, minNewTokens);
  }

  public GenerationRequest withStop(List<String> value) {
    return new GenerationRequest(prompt, maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, value,
        maxPromptTokens, minNewTokens);
  }

  public GenerationRequest withMaxPromptTokens(int value) {
    return new GenerationRequest(prompt, maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stop, value,
        minNewTokens);
  }

  public GenerationRequest withMinNewTokens(int value) {
    return new GenerationRequest(prompt, maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stop,
        maxPromptTokens, value);
  }
}
