package io.textenrich.topology.stage.completion;

import io.textenrich.model.generate.Completion;

/** The {@code completion} field of an enriched record, from a finished completion. */
final class CompletionRecords {

  private CompletionRecords() {}

  /** @param waitedBeforeSubmitMs how long the event sat in the stage's buffer before the engine got it */
  static io.textenrich.schemas.Completion toAvro(Completion done, long waitedBeforeSubmitMs) {
    long generationMs = Math.round(done.totalMs() - done.timeToFirstTokenMs());
    return io.textenrich.schemas.Completion.newBuilder()
        .setModel(done.model())
        .setModelVersion(done.modelVersion())
        .setText(done.text())
        .setFinishReason(done.finishReason().wireName())
        .setPromptTokens(done.promptTokens())
        .setCompletionTokens(done.completionTokens())
        .setGenerationMs(Math.max(0, generationMs))
        .setQueueWaitMs(waitedBeforeSubmitMs + Math.round(done.timeToFirstTokenMs()))
        .build();
  }
}
