package io.textenrich.topology.input;

import io.textenrich.topology.http.ServiceMetrics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates raw input; valid events go on, invalid records go to the dead-letter sink.
 * A schema registry that cannot be asked fails the task instead (see {@link InputDecoder}).
 */
public final class DecodeProcessor extends ContextualProcessor<byte[], byte[], byte[], Object> {

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
      context().forward(record.withValue(new InputEvent(valid.event(), record.value())), validChild);
    } else if (result instanceof DecodeResult.Invalid invalid) {
      LOG.warn("Dead-lettering record {}: {} ({})", fallbackId, invalid.reason(), invalid.message());
      metrics.recordDeadLetter(invalid.reason());
      context().forward(record.withHeaders(DeadLetters.headers(record.headers(), invalid.reason(), invalid.message(),
          context().recordMetadata(), Instant.now())), deadLetterChild);
    }
  }

  /** Names a record by where it sits: topic-partition-offset, also the id of events that carry none. */
  static String describe(RecordMetadata meta) {
    return meta.topic() + "-" + meta.partition() + "-" + meta.offset();
  }
}
