package io.textenrich.topology.config;

import java.util.List;

/**
 * How much work each stage of a task may hold, and how long a stream thread may wait for a full
 * stage.
 *
 * @param encoderMaxInFlight batches one task may have in the encoder's engines at once
 * @param encoderMaxBuffered events one task's encoder buffer holds before the stage waits
 * @param completionMaxBuffered events one task's completion buffer holds before the stage waits
 * @param fullWaitMs the longest a stream thread waits for full stages in one round of its loop (see {@code StageBackpressure})
 */
public record StageSettings(int encoderMaxInFlight, int encoderMaxBuffered, int completionMaxBuffered, long fullWaitMs) {

  static StageSettings from(ServiceConfig config, long maxPollIntervalMs, List<String> errors) {
    long fullWait = config.getLong("enrich.stage.full.wait.ms");
    if (fullWait * 10 >= maxPollIntervalMs) {
      errors.add("enrich.stage.full.wait.ms=" + fullWait + " must be below a tenth of max.poll.interval.ms="
          + maxPollIntervalMs + ", so that waiting for a full stage never brings a poll near the interval");
    }
    return new StageSettings(config.getInt("enrich.encoder.max.in.flight"), config.getInt("enrich.encoder.max.buffered"),
        config.getInt("enrich.completion.max.buffered"), fullWait);
  }
}
