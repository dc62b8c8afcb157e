package io.textenrich.topology.input;

import io.textenrich.topology.metrics.ServiceMetrics;
import io.textenrich.topology.output.StageOutput;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates raw input; valid events go on, invalid records go to the dead-letter sink.
 * A schema registry that cannot be asked fails the task instead (see {@link InputDecoder}).
 */
public final class DecodeProcessor extends ContextualProcessor<byte[], byte[], byte[], StageOutput> {

  private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

  private final InputDecoder decoder;
  private final ServiceMetrics metrics;
  private final String validChild;
  private final String deadLetterChild;

  public DecodeProcessor(InputDecoder decoder, ServiceMetrics metrics, String validChild, String deadLetterChild) {
    this.decoder = decoder;
    this.metrics = metrics;
    this.validChild = validChild;
    this.deadLetterChild = deadLetterChild;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String fallbackId = context().recordMetadata()
        .map(DecodeProcessor::describe)
        .orElse("unknown-" + record.timestamp());
    DecodeResult result = decoder.decode(record.value(), fallbackId, record.timestamp());
    if (result instanceof DecodeResult.Valid valid) {
      context().forward(record.<StageOutput>withValue(new InputEvent(valid.event(), record.value())), validChild);
    } else if (result instanceof DecodeResult.Invalid invalid) {
      // The message may quote the value (a parser's "unrecognized token ..."): it goes into the dead letter's
      // headers, and into the log only at DEBUG, so that no message text reaches the log at INFO or WARN.
      LOG.warn("Dead-lettering record {} ({} bytes): {}", fallbackId, record.value() == null ? 0 : record.value().length,
          invalid.reason());
      LOG.debug("Dead-lettering record {}: {}", fallbackId, invalid.message());
      metrics.recordDeadLetter(invalid.reason());
      Headers headers = DeadLetters.headers(record.headers(), invalid.reason(), invalid.message(), context().recordMetadata(),
          Instant.now());
      context().forward(record.<StageOutput>withValue(new StageOutput.DeadLetter(DeadLetters.value(record.value(), headers)))
          .withHeaders(headers), deadLetterChild);
    }
  }

  /** Names a record by where it sits: topic-partition-offset, also the id of events that carry none. */
  static String describe(RecordMetadata meta) {
    return meta.topic() + "-" + meta.partition() + "-" + meta.offset();
  }
}
