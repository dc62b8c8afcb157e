package io.textenrich.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static EnrichedText sampleEnriched() {
    return EnrichedText.newBuilder()
        .setId("e-1")
        .setText("今天天气很好")
        .setLanguage("zh")
        .setAttributes(Map.of("channel", "chat"))
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setProcessedTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setInstanceId("host-1")
        .setEmbedding(Embedding.newBuilder()
            .setModel("all-minilm-l6-v2-q")
            .setModelVersion("abc")
            .setVector(List.of(0.6f, 0.8f))
            .setStats(new EnrichmentStats(4, 3L, 12L, 9, false))
            .build())
        .build();
  }

  @Test
  void enrichedTextRoundTripsThroughSingleObjectEncoding() {
    AvroSerde<EnrichedText> serde = AvroSerde.enrichedText();
    EnrichedText original = sampleEnriched();

    byte[] bytes = serde.serialize("t", original);

    assertTrue(AvroSerde.isSingleObjectEncoded(bytes));
    assertEquals(serde.fingerprint(), HexFormat.of().formatHex(bytes, 2, 10));
    assertEquals(original, serde.deserialize("t", bytes));
  }

  @Test
  void bytesAreThoseOfAvrosOwnSingleObjectEncoderAndAReusedBufferLeavesNothingBehind() throws Exception {
    AvroSerde<EnrichedText> serde = AvroSerde.enrichedText();
    EnrichedText large = EnrichedText.newBuilder(sampleEnriched()).setText("x".repeat(10_000)).build();
    EnrichedText small = sampleEnriched();
    org.apache.avro.message.BinaryMessageEncoder<EnrichedText> avro = EnrichedText.getEncoder();

    assertArrayEquals(avro.encode(large).array(), serde.serialize("t", large));
    assertArrayEquals(avro.encode(small).array(), serde.serialize("t", small));
  }

  @Test
  void textEventOptionalFieldsDefaultToNullAndEmpty() {
    TextEvent event = TextEvent.newBuilder().setId("1").setText("hi").build();
    TextEvent back = AvroSerde.textEvent().deserialize("t", AvroSerde.textEvent().serialize("t", event));

    assertNull(back.getSource());
    assertNull(back.getEventTime());
    assertEquals(Map.of(), back.getAttributes());
  }

  @Test
  void plainTextIsRejectedWithTheExpectedMarkerNamed() {
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    assertFalse(AvroSerde.isSingleObjectEncoded(text));
    SerializationException e = assertThrows(SerializationException.class,
        () -> AvroSerde.enrichedText().deserialize("raw", text));
    assertTrue(e.getMessage().contains("expected marker C301"), e.getMessage());
  }

  @Test
  void recordOfAnotherSchemaIsRejectedWithBothFingerprints() {
    byte[] textEventBytes = AvroSerde.textEvent().serialize("t", TextEvent.newBuilder().setId("1").setText("x").build());
    SerializationException e = assertThrows(SerializationException.class,
        () -> AvroSerde.enrichedText().deserialize("t", textEventBytes));
    assertTrue(e.getMessage().contains(AvroSerde.textEvent().fingerprint()), e.getMessage());
    assertTrue(e.getMessage().contains(AvroSerde.enrichedText().fingerprint()), e.getMessage());
  }

  @Test
  void nullStaysNullForTombstones() {
    assertNull(AvroSerde.enrichedText().serialize("t", null));
    assertNull(AvroSerde.enrichedText().deserialize("t", null));
    assertArrayEquals(null, AvroSerde.textEvent().serialize("t", null));
  }
}
