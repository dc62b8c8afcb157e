package io.textenrich.topology.input;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception that escapes a processor (KIP-1033) dead-letters the input record it was processing, with its
 * original key, bytes and headers and the reason {@value #REASON}, in the same transaction as the task's other
 * output, and the service goes on with the next record. Without it the stream thread would fail and the service
 * stop. An exception with no input record behind it (in a punctuation) still fails the thread: what a punctuation
 * works on stays in a stage's buffer, so stopping loses nothing, while skipping could.
 */
public final class ProcessingFailures implements ProcessingExceptionHandler {

  /** The key under which Kafka Streams passes the dead-letter topic to this handler. */
  public static final String TOPIC_CONFIG = "enrich.dead.letter.topic";
  static final String REASON = "processing-failed";
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingFailures.class);

  private String topic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object value = configs.get(TOPIC_CONFIG);
    if (value == null) {
      throw new IllegalArgumentException(TOPIC_CONFIG + " must name the dead-letter topic for " + getClass().getName());
    }
    topic = value.toString();
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    byte[] original = context.sourceRawValue();
    if (context.topic() == null || original == null) {
      LOG.error("Processor {} of task {} failed outside of any input record; stopping the thread so that nothing is"
          + " skipped", context.processorNodeId(), context.taskId(), exception);
      return Response.fail();
    }
    LOG.error("Processor {} failed on record {}-{}-{}: {}; dead-lettered as {}, the service goes on",
        context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception.toString(), REASON,
        exception);
    Headers headers = DeadLetters.headers(context.headers(), REASON, exception.toString(), context.topic(),
        context.partition(), context.offset(), Instant.now());
    byte[] value = DeadLetters.value(original, headers);
    return Response.resume(List.of(new ProducerRecord<>(topic, null, context.sourceRawKey(), value, headers)));
  }
}
