package io.textenrich.topology;

import io.textenrich.model.generate.Completion;

/**
 * What became of an event's completion: generated, or given up. A given-up completion still goes
 * into the record, with an empty text and a finish reason saying why, so consumers can tell it
 * from an event that was never selected.
 *
 * @param done the generated completion; null when given up
 * @param model the decoder's name
 * @param modelVersion the decoder's version
 * @param unfinishedReason {@link #TIMEOUT} or {@link #ERROR} when given up; null when done
 */
record CompletionOutcome(Completion done, String model, String modelVersion, String unfinishedReason) {

  /** Not done within {@code enrich.completion.timeout.ms}. */
  static final String TIMEOUT = "timeout";
  /** Generation failed; the log says why. */
  static final String ERROR = "error";

  static CompletionOutcome done(Completion completion) {
    return new CompletionOutcome(completion, completion.model(), completion.modelVersion(), null);
  }

  static CompletionOutcome unfinished(String model, String modelVersion, String reason) {
    return new CompletionOutcome(null, model, modelVersion, reason);
  }

  /** @param waitedInBufferMs how long the event sat in the buffer before its flush began */
  io.textenrich.schemas.Completion toAvro(long waitedInBufferMs) {
    io.textenrich.schemas.Completion.Builder record = io.textenrich.schemas.Completion.newBuilder()
        .setModel(model)
        .setModelVersion(modelVersion);
    if (done == null) {
      return record.setText("").setFinishReason(unfinishedReason).setPromptTokens(0).setCompletionTokens(0)
          .setGenerationMs(0).setQueueWaitMs(waitedInBufferMs).build();
    }
    long generationMs = Math.round(done.totalMs() - done.timeToFirstTokenMs());
    return record.setText(done.text())
        .setFinishReason(done.finishReason().wireName())
        .setPromptTokens(done.promptTokens())
        .setCompletionTokens(done.completionTokens())
        .setGenerationMs(Math.max(0, generationMs))
        .setQueueWaitMs(waitedInBufferMs + Math.round(done.timeToFirstTokenMs()))
        .build();
  }
}
