package io.textenrich.topology.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SchemaRegistryException;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.schemas.registry.TestSchemaRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class InputDecoderTest {

  private static final long RECORD_TIME = 1_700_000_000_000L;
  private final InputDecoder decoder = new InputDecoder(64, null);

  private DecodeResult decode(String value) {
    return decoder.decode(value.getBytes(StandardCharsets.UTF_8), "raw-0-7", RECORD_TIME);
  }

  private static TextEvent valid(DecodeResult result) {
    return assertInstanceOf(DecodeResult.Valid.class, result).event();
  }

  private static String invalidReason(DecodeResult result) {
    return assertInstanceOf(DecodeResult.Invalid.class, result).reason();
  }

  @Test
  void aByteOrderMarkInFrontOfJsonIsDroppedAndTheEventRead() {
    TextEvent event = valid(decode("\uFEFF{\"id\":\"b1\",\"text\":\"after a BOM\"}"));
    assertEquals("b1", event.getId());
    assertEquals("after a BOM", event.getText());
    assertEquals("plain", valid(decode("\uFEFFplain")).getText());
  }

  @Test
  void textOfUnicodeSpacesOnlyIsEmpty() {
    assertEquals(InputDecoder.NO_TEXT, invalidReason(decode("{\"text\":\" \\u00a0\\u2003\\u3000\\t\"}")));
    assertEquals(InputDecoder.NO_TEXT, invalidReason(decode("\u00a0\u2009")));
  }

  @Test
  void anIdThatIsAnObjectOrArrayIsMalformed() {
    assertEquals(InputDecoder.MALFORMED_JSON, invalidReason(decode("{\"id\":{\"x\":1},\"text\":\"t\"}")));
    assertEquals(InputDecoder.MALFORMED_JSON, invalidReason(decode("{\"id\":[1],\"text\":\"t\"}")));
  }

  @Test
  void aValueTooLargeToHoldATextWithinTheLimitIsRefusedUnread() {
    // 64-byte limit: 8 x 64 + 64 KiB is the most a value may have. Past it, not even invalid UTF-8 is looked at.
    byte[] overLimit = new byte[InputDecoder.VALUE_BYTES_PER_TEXT_BYTE * 64 + InputDecoder.VALUE_OVERHEAD_BYTES + 1];
    Arrays.fill(overLimit, (byte) 0xFF);
    DecodeResult result = decoder.decode(overLimit, "raw-0-7", RECORD_TIME);
    assertEquals(InputDecoder.TEXT_TOO_LARGE, invalidReason(result));
    assertTrue(((DecodeResult.Invalid) result).message().contains("not read"), ((DecodeResult.Invalid) result).message());
    byte[] atLimit = Arrays.copyOf(overLimit, overLimit.length - 1);
    assertEquals(InputDecoder.NOT_UTF8, invalidReason(decoder.decode(atLimit, "raw-0-7", RECORD_TIME)));
  }

  @Test
  void plainTextBecomesTheTextWithIdFromTopicPartitionOffset() {
    TextEvent event = valid(decode("今天天气很好"));
    assertEquals("今天天气很好", event.getText());
    assertEquals("raw-0-7", event.getId());
    assertEquals(Instant.ofEpochMilli(RECORD_TIME), event.getEventTime());
  }

  @Test
  void jsonEventKeepsAllItsFields() {
    TextEvent event = valid(decode("{\"id\":42,\"text\":\"hello\",\"source\":\"app\",\"language\":\"en\","
        + "\"event_time\":\"2026-01-31T12:00:00Z\",\"attributes\":{\"user\":\"u1\",\"score\":3}}"));
    assertEquals("42", event.getId());
    assertEquals("hello", event.getText());
    assertEquals("app", event.getSource());
    assertEquals("en", event.getLanguage());
    assertEquals(Instant.parse("2026-01-31T12:00:00Z"), event.getEventTime());
    assertEquals(Map.of("user", "u1", "score", "3"), event.getAttributes());
  }

  @Test
  void jsonEventTimeMayBeEpochMillis() {
    assertEquals(Instant.ofEpochMilli(5), valid(decode("{\"text\":\"x\",\"event_time\":5}")).getEventTime());
  }

  @Test
  void avroTextEventIsDecoded() {
    TextEvent original = TextEvent.newBuilder().setId("a1").setText("avro text").setEventTime(Instant.ofEpochMilli(9)).build();
    TextEvent event = valid(decoder.decode(AvroSerde.textEvent().serialize("t", original), "raw-0-1", RECORD_TIME));
    assertEquals(original, event);
  }

  @Test
  void badInputGetsAReasonCode() {
    assertEquals(InputDecoder.NOT_UTF8, invalidReason(decoder.decode(new byte[] {(byte) 0xff, (byte) 0xfe, 0x41}, "id", 0)));
    assertEquals(InputDecoder.NULL_VALUE, invalidReason(decoder.decode(null, "id", 0)));
    assertEquals(InputDecoder.MALFORMED_JSON, invalidReason(decode("{\"text\": \"unterminated")));
    assertEquals(InputDecoder.MALFORMED_JSON, invalidReason(decode("{\"text\":\"x\",\"event_time\":\"yesterday\"}")));
    assertEquals(InputDecoder.NO_TEXT, invalidReason(decode("{\"id\":\"1\",\"body\":\"x\"}")));
    assertEquals(InputDecoder.NO_TEXT, invalidReason(decode("   \n ")));
    assertEquals(InputDecoder.NO_TEXT, invalidReason(decode("{\"text\":\"\"}")));
  }

  @Test
  void textOverTheByteLimitIsRejectedNamingTheSetting() {
    DecodeResult result = decode("字".repeat(22)); // 66 bytes in UTF-8, limit 64
    assertEquals(InputDecoder.TEXT_TOO_LARGE, invalidReason(result));
    assertTrue(((DecodeResult.Invalid) result).message().contains("enrich.input.max.text.bytes=64"));
    valid(decode("字".repeat(21)));
  }

  @Test
  void avroOfAnotherRecordTypeIsRejectedAsBadAvro() {
    EnrichedText other = EnrichedText.newBuilder().setId("x").setText("t").setEventTime(Instant.EPOCH)
        .setProcessedTime(Instant.EPOCH).setInstanceId("i").build();
    byte[] bytes = AvroSerde.enrichedText().serialize("t", other);
    assertEquals(InputDecoder.BAD_AVRO, invalidReason(decoder.decode(bytes, "id", 0)));
  }

  @Test
  void aRegistryFramedValueWithoutAConfiguredRegistryIsRejectedNamingTheSetting() {
    DecodeResult result = decoder.decode(new byte[] {0, 0, 0, 0, 1, 2, 'x'}, "id", 0);
    assertEquals(InputDecoder.NO_SCHEMA_REGISTRY, invalidReason(result));
    assertTrue(((DecodeResult.Invalid) result).message().contains("enrich.schema.registry.url"));
  }

  @Test
  void registryFramedValuesAreDecodedOrGetAReasonButAnUnanswerableRegistryIsNoFaultOfTheRecord() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
      SchemaRegistryClient client = new SchemaRegistryClient(URI.create(registry.url()), null, Duration.ofSeconds(5));
      RegistryAvroSerde<TextEvent> serde = RegistryAvroSerde.of(TextEvent.class, client, SubjectNameStrategy.TOPIC, true);
      InputDecoder withRegistry = new InputDecoder(64, RegistryAvroSerde.of(TextEvent.class,
          new SchemaRegistryClient(URI.create(registry.url()), null, Duration.ofSeconds(5)), SubjectNameStrategy.TOPIC, true));
      byte[] framed = serde.serialize("raw", TextEvent.newBuilder().setId("r1").setText("framed").build());

      assertEquals("r1", valid(withRegistry.decode(framed, "raw-0-1", RECORD_TIME)).getId());
      assertEquals(Instant.ofEpochMilli(RECORD_TIME), valid(withRegistry.decode(framed, "raw-0-1", RECORD_TIME)).getEventTime());
      assertEquals(InputDecoder.BAD_AVRO, invalidReason(withRegistry.decode(Arrays.copyOf(framed, framed.length - 2), "id", 0)));
      assertEquals(InputDecoder.BAD_AVRO, invalidReason(withRegistry.decode(new byte[] {0, 0, 1}, "id", 0)));
      assertEquals(InputDecoder.UNKNOWN_SCHEMA_ID, invalidReason(withRegistry.decode(new byte[] {0, 0, 0, 0x7f, 0, 2, 'x'}, "id", 0)));
      assertEquals(InputDecoder.TEXT_TOO_LARGE, invalidReason(withRegistry.decode(serde.serialize("raw",
          TextEvent.newBuilder().setId("r2").setText("x".repeat(65)).build()), "id", 0)));
      assertEquals("plain", valid(withRegistry.decode("plain".getBytes(StandardCharsets.UTF_8), "id", 0)).getText());

      Schema other = SchemaBuilder.record("TextEvent").namespace("io.textenrich.schemas").fields()
          .requiredString("id").requiredString("text").requiredString("channel").endRecord();
      int unseen = client.register("other-value", other);
      GenericRecord event = new GenericData.Record(other);
      event.put("id", "r3");
      event.put("text", "not yet fetched");
      event.put("channel", "c");
      registry.failNext(Integer.MAX_VALUE);
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
          () -> withRegistry.decode(TestSchemaRegistry.framed(unseen, other, event), "id", 0));
      assertTrue(e.retriable());
      assertEquals("r1", valid(withRegistry.decode(framed, "raw-0-1", RECORD_TIME)).getId(), "a cached schema needs no registry");
    }
  }
}
