package io.textenrich.topology.input;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Headers that explain why a record went to the dead-letter topic and where it came from. The
 * record keeps its original key, value and headers, so it can be replayed once the cause is fixed.
 */
public final class DeadLetters {

  public static final String REASON = "enrich.error.reason";
  public static final String MESSAGE = "enrich.error.message";
  public static final String SOURCE_TOPIC = "enrich.source.topic";
  static final String SOURCE_PARTITION = "enrich.source.partition";
  public static final String SOURCE_OFFSET = "enrich.source.offset";
  static final String FAILED_AT = "enrich.error.time";
  static final String ORIGINAL_BYTES = "enrich.error.original.bytes";

  /**
   * The most of a value a dead letter carries: half of Kafka's default {@code max.request.size}, so that a dead letter
   * can always be sent. The whole value stays in the input topic at the source offset the headers name.
   */
  static final int MAX_VALUE_BYTES = 512 * 1024;

  private DeadLetters() {}

  static Headers headers(Headers original, String reason, String message, Optional<RecordMetadata> source, Instant now) {
    return source
        .map(meta -> headers(original, reason, message, meta.topic(), meta.partition(), meta.offset(), now))
        .orElseGet(() -> withReason(original, reason, message, now));
  }

  public static Headers headers(Headers original, String reason, String message, String topic, int partition, long offset, Instant now) {
    Headers headers = withReason(original, reason, message, now);
    add(headers, SOURCE_TOPIC, topic);
    add(headers, SOURCE_PARTITION, Integer.toString(partition));
    add(headers, SOURCE_OFFSET, Long.toString(offset));
    return headers;
  }

  /**
   * The value a dead letter carries: the original, or its first {@link #MAX_VALUE_BYTES} when it is larger, in which
   * case {@code headers} get {@link #ORIGINAL_BYTES}.
   */
  static byte[] value(byte[] original, Headers headers) {
    if (original == null || original.length <= MAX_VALUE_BYTES) {
      return original;
    }
    add(headers, ORIGINAL_BYTES, Integer.toString(original.length));
    return java.util.Arrays.copyOf(original, MAX_VALUE_BYTES);
  }

  private static Headers withReason(Headers original, String reason, String message, Instant now) {
    Headers headers = new RecordHeaders(original.toArray());
    add(headers, REASON, reason);
    add(headers, MESSAGE, message);
    add(headers, FAILED_AT, now.toString());
    return headers;
  }

  private static void add(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
