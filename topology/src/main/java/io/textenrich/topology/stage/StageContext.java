package io.textenrich.topology.stage;

import io.textenrich.topology.config.BatchSettings;
import io.textenrich.topology.config.StageSettings;
import io.textenrich.topology.metrics.ServiceMetrics;
import io.textenrich.topology.input.DeadLetters;
import io.textenrich.topology.input.InputDecoder;
import io.textenrich.topology.output.StageOutput;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every stage of every task shares in the JVM, apart from its models. */
public record StageContext(BatchSettings batch, BatchLimits limits, StageSettings stages, InputDecoder decoder,
    ServiceMetrics metrics, String instanceId) {

  private static final Logger LOG = LoggerFactory.getLogger(StageContext.class);

  /** Sends an event's original record to the dead-letter topic with the stage's reason. */
  public void deadLetter(ProcessorContext<byte[], StageOutput> context, BufferedEvent event, String reason, String message,
      String deadLetterChild) {
    LOG.warn("Task {}: dead-lettering event {} ({}): {}", context.taskId(), event.describe(), reason, message);
    context.forward(new Record<byte[], StageOutput>(event.key(), new StageOutput.DeadLetter(event.value()), event.timestamp(),
        DeadLetters.headers(event.headers(), reason, message, event.sourceTopic(), event.sourcePartition(),
            event.sourceOffset(), Instant.now())), deadLetterChild);
    metrics.recordDeadLetter(reason);
  }
}
