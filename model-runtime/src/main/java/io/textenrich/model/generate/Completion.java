package io.textenrich.model.generate;

import java.util.List;

/**
 * A finished completion.
 *
 * @param text the generated text, without the prompt, an end-of-sequence token or the stop string
 * @param promptTokens prompt tokens the model read, after left truncation
 * @param droppedPromptTokens tokens cut from the prompt's start to fit the limits
 * @param completionTokens tokens generated, counting an end-of-sequence token and a stop string's
 * @param tokenIds the generated token ids
 * @param seed the seed sampling used, to reproduce this completion
 * @param timeToFirstTokenMs from submission to the first generated token, queueing included
 * @param totalMs from submission to the end
 * @param modelVersion {@code sha256:} and the start of the hash of the model's weights
 */
public record Completion(String text, FinishReason finishReason, int promptTokens, int droppedPromptTokens,
    int completionTokens, List<Integer> tokenIds, long seed, double timeToFirstTokenMs, double totalMs, String model,
    String modelVersion) {

  public Completion {
    tokenIds = List.copyOf(tokenIds);
  }
}
