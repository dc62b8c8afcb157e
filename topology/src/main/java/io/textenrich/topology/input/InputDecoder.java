package io.textenrich.topology.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns the bytes of an input record into a {@link TextEvent}. Accepted: Avro single-object encoded
 * {@code TextEvent}; with a schema registry configured, a {@code TextEvent} in the registry's wire
 * format; a JSON object with at least {@code text}; any other valid UTF-8 as the text itself.
 * Anything else is {@link DecodeResult.Invalid} with a reason.
 *
 * <p>The one exception: when the registry cannot be asked for a writer schema (no answer, a server
 * error, refused credentials), that is no fault of the record, so it is not dead-lettered: the
 * {@link SchemaRegistryException} is thrown, the stream thread fails and is replaced, and the
 * record is read again from the last commit.
 */
public final class InputDecoder {

  static final String NULL_VALUE = "null-value";
  static final String NOT_UTF8 = "not-utf8";
  static final String MALFORMED_JSON = "malformed-json";
  static final String BAD_AVRO = "bad-avro";
  static final String NO_TEXT = "no-text";
  static final String TEXT_TOO_LARGE = "text-too-large";
  public static final String UNKNOWN_SCHEMA_ID = "unknown-schema-id";
  static final String NO_SCHEMA_REGISTRY = "no-schema-registry";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * A value may be this many times the text limit (JSON escapes such as {@code \u00e9} take 6 bytes for one
   * character, and events carry other fields), plus 64 KiB; a larger one cannot hold a text within the limit, so it
   * is refused unread: no decoder, parser or tokenizer spends time on it.
   */
  static final int VALUE_BYTES_PER_TEXT_BYTE = 8;
  static final int VALUE_OVERHEAD_BYTES = 64 * 1024;

  private final AvroSerde<TextEvent> avro = AvroSerde.textEvent();
  private final RegistryAvroSerde<TextEvent> registry;
  private final int maxTextBytes;

  /** @param registry reads registry-framed events; null when no registry is configured */
  public InputDecoder(int maxTextBytes, RegistryAvroSerde<TextEvent> registry) {
    this.maxTextBytes = maxTextBytes;
    this.registry = registry;
  }

  /**
   * @param fallbackId the id for events that carry none (topic-partition-offset)
   * @param recordTimestamp the event time for events that carry none
   */
  public DecodeResult decode(byte[] value, String fallbackId, long recordTimestamp) {
    if (value == null) {
      return new DecodeResult.Invalid(NULL_VALUE, "record has no value (tombstone); nothing to enrich");
    }
    if (value.length > maxValueBytes()) {
      return new DecodeResult.Invalid(TEXT_TOO_LARGE, "value has " + value.length + " bytes, more than an event with a text"
          + " within enrich.input.max.text.bytes=" + maxTextBytes + " can take (" + maxValueBytes() + "); not read");
    }
    DecodeResult decoded;
    if (AvroSerde.isSingleObjectEncoded(value)) {
      decoded = fromAvro(value);
    } else if (RegistryWireFormat.hasMagicByte(value)) {
      decoded = fromRegistryAvro(value);
    } else {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(value))
            .toString();
      } catch (CharacterCodingException e) {
        return new DecodeResult.Invalid(NOT_UTF8, "value is neither UTF-8 text, JSON nor an Avro TextEvent ("
            + value.length + " bytes, " + e.getMessage() + ")");
      }
      // A byte order mark is no part of the text; editors and some producers put one in front.
      if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
        text = text.substring(1);
      }
      decoded = text.stripLeading().startsWith("{") ? fromJson(text, fallbackId) : plain(text, fallbackId);
    }
    return decoded instanceof DecodeResult.Valid valid ? check(valid.event(), recordTimestamp) : decoded;
  }

  private DecodeResult fromAvro(byte[] value) {
    try {
      return new DecodeResult.Valid(avro.deserialize(null, value));
    } catch (SerializationException e) {
      return new DecodeResult.Invalid(BAD_AVRO, e.getMessage());
    }
  }

  private DecodeResult fromRegistryAvro(byte[] value) {
    if (registry == null) {
      return new DecodeResult.Invalid(NO_SCHEMA_REGISTRY, "value starts with the schema registry magic byte 0 but no"
          + " registry is configured; set enrich.schema.registry.url to read it");
    }
    try {
      return new DecodeResult.Valid(registry.deserialize(null, value));
    } catch (SerializationException e) {
      if (e.getCause() instanceof SchemaRegistryException answer) {
        if (answer.schemaNotFound()) {
          return new DecodeResult.Invalid(UNKNOWN_SCHEMA_ID, e.getMessage());
        }
        throw answer;
      }
      return new DecodeResult.Invalid(BAD_AVRO, e.getMessage());
    }
  }

  private static DecodeResult plain(String text, String fallbackId) {
    return new DecodeResult.Valid(TextEvent.newBuilder().setId(fallbackId).setText(text).build());
  }

  private static DecodeResult fromJson(String json, String fallbackId) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return new DecodeResult.Invalid(MALFORMED_JSON, "value starts with '{' but is not valid JSON: "
          + e.getOriginalMessage());
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      return new DecodeResult.Invalid(NO_TEXT, "JSON event has no string field \"text\"");
    }
    JsonNode id = node.get("id");
    if (id != null && !id.isNull() && !id.isValueNode()) {
      return new DecodeResult.Invalid(MALFORMED_JSON, "id must be a string or a number, got a JSON " + id.getNodeType()
          .name().toLowerCase(java.util.Locale.ROOT));
    }
    TextEvent.Builder event = TextEvent.newBuilder()
        .setId(id != null && !id.isNull() ? id.asText() : fallbackId)
        .setText(text.asText())
        .setSource(optionalText(node, "source"))
        .setLanguage(optionalText(node, "language"));
    try {
      event.setEventTime(eventTime(node.get("event_time")));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return new DecodeResult.Invalid(MALFORMED_JSON, "event_time must be epoch milliseconds or an ISO-8601 instant"
          + " such as 2026-01-31T12:00:00Z, got " + node.get("event_time"));
    }
    JsonNode attributes = node.get("attributes");
    if (attributes != null && !attributes.isNull()) {
      if (!attributes.isObject()) {
        return new DecodeResult.Invalid(MALFORMED_JSON, "attributes must be a JSON object of strings, got " + attributes);
      }
      Map<String, String> map = new LinkedHashMap<>();
      attributes.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
      event.setAttributes(map);
    }
    return new DecodeResult.Valid(event.build());
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Instant eventTime(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return Instant.ofEpochMilli(value.asLong());
    }
    if (value.isTextual()) {
      return Instant.parse(value.asText());
    }
    throw new IllegalArgumentException("unsupported event_time");
  }

  private int maxValueBytes() {
    return (int) Math.min(Integer.MAX_VALUE, (long) VALUE_BYTES_PER_TEXT_BYTE * maxTextBytes + VALUE_OVERHEAD_BYTES);
  }

  /** Nothing but white space, Unicode's included (no-break and other spaces, which String.isBlank keeps). */
  private static boolean isBlank(String text) {
    return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }

  private DecodeResult check(TextEvent event, long recordTimestamp) {
    if (isBlank(event.getText())) {
      return new DecodeResult.Invalid(NO_TEXT, "event " + event.getId() + " has empty text");
    }
    int bytes = event.getText().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      return new DecodeResult.Invalid(TEXT_TOO_LARGE, "event " + event.getId() + " has " + bytes
          + " bytes of text, over the limit enrich.input.max.text.bytes=" + maxTextBytes);
    }
    if (event.getEventTime() == null) {
      event.setEventTime(Instant.ofEpochMilli(recordTimestamp));
    }
    return new DecodeResult.Valid(event);
  }
}
