package io.textenrich.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SchemaRegistryException;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.schemas.registry.TestSchemaRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryAvroSerdeTest {

  /** Ids above 2^24, so every byte of the big-endian id is checked. */
  private static final int FIRST_ID = 0x01020304;

  private final TestSchemaRegistry registry = TestSchemaRegistry.start(FIRST_ID, null);

  @AfterEach
  void stop() {
    registry.close();
  }

  private SchemaRegistryClient client() {
    return new SchemaRegistryClient(URI.create(registry.url()), null, Duration.ofSeconds(5));
  }

  private <T extends org.apache.avro.specific.SpecificRecord> RegistryAvroSerde<T> serde(Class<T> type, boolean autoRegister) {
    return RegistryAvroSerde.of(type, client(), SubjectNameStrategy.TOPIC, autoRegister);
  }

  private static EnrichedText sample() {
    return EnrichedText.newBuilder()
        .setId("e-1")
        .setText("今天天气很好")
        .setAttributes(Map.of("channel", "chat"))
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setProcessedTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setInstanceId("host-1")
        .setEmbedding(Embedding.newBuilder().setModel("m").setModelVersion("v").setVector(List.of(0.6f, 0.8f))
            .setStats(new EnrichmentStats(4, 3L, 12L, 9, false)).build())
        .setFlags(List.of("toxic"))
        .build();
  }

  @Test
  void bytesAreMagicByteThenBigEndianIdThenTheAvroBinaryDatum() {
    EnrichedText record = sample();
    byte[] framed = serde(EnrichedText.class, true).serialize("enriched", record);

    assertArrayEquals(new byte[] {0, 0x01, 0x02, 0x03, 0x04}, Arrays.copyOf(framed, 5));
    assertEquals(FIRST_ID, RegistryWireFormat.schemaId(framed));
    byte[] singleObject = AvroSerde.enrichedText().serialize("enriched", record);
    assertArrayEquals(Arrays.copyOfRange(singleObject, 10, singleObject.length), Arrays.copyOfRange(framed, 5, framed.length),
        "the same binary datum follows either header");
  }

  @Test
  void recordsRoundTripAndCostOneRegistryRequestPerTopicAndPerId() {
    RegistryAvroSerde<EnrichedText> writer = serde(EnrichedText.class, true);
    RegistryAvroSerde<EnrichedText> reader = serde(EnrichedText.class, true);
    for (int i = 0; i < 10; i++) {
      EnrichedText record = sample();
      record.setId("e-" + i);
      assertEquals(record, reader.deserialize("enriched", writer.serialize("enriched", record)));
    }
    assertEquals(List.of("POST /subjects/enriched-value/versions", "GET /schemas/ids/" + FIRST_ID),
        registry.requests().stream().map(r -> r.method() + " " + r.path()).toList());
  }

  @Test
  void theRegisteredSchemaIsTheRecordSchemaWithoutJavaOnlyProperties() {
    RegistryAvroSerde<EnrichedText> serde = serde(EnrichedText.class, true);
    int id = serde.schemaId("enriched");
    Schema registered = client().schemaById(id);

    assertEquals(serde.registeredSchema(), registered);
    assertFalse(registered.toString().contains("avro.java.string"), registered.toString());
    assertEquals(EnrichedText.getClassSchema().getFullName(), registered.getFullName());
    assertEquals(id, serde(EnrichedText.class, true).schemaId("moderation"), "one id for the same schema under two subjects");
  }

  @Test
  void recordsOfAnOlderWriterSchemaAreResolvedWithDefaults() {
    Schema old = SchemaBuilder.record("TextEvent").namespace("io.textenrich.schemas").fields()
        .requiredString("id").requiredString("text").requiredString("origin").endRecord();
    int id = client().register("raw-value", old);
    GenericRecord event = new GenericData.Record(old);
    event.put("id", "t-1");
    event.put("text", "written by an older producer");
    event.put("origin", "a field this reader does not know");

    TextEvent read = serde(TextEvent.class, true).deserialize("raw", TestSchemaRegistry.framed(id, old, event));

    assertEquals("t-1", read.getId());
    assertEquals("written by an older producer", read.getText());
    assertNull(read.getSource());
    assertEquals(Map.of(), read.getAttributes());
  }

  @Test
  void aWriterSchemaThatDoesNotResolveIsRejectedNamingBothRecords() {
    Schema other = SchemaBuilder.record("TextEvent").namespace("io.textenrich.schemas").fields()
        .requiredInt("id").endRecord();
    int id = client().register("raw-value", other);
    GenericRecord record = new GenericData.Record(other);
    record.put("id", 7);

    SerializationException e = assertThrows(SerializationException.class,
        () -> serde(TextEvent.class, true).deserialize("raw", TestSchemaRegistry.framed(id, other, record)));
    assertTrue(e.getMessage().contains("cannot be read as TextEvent"), e.getMessage());
  }

  @Test
  void anUnknownIdFailsWithTheRegistrysNotFoundAsCause() {
    byte[] value = {0, 0, 0, 0x30, 0x39, 2, 'x'};
    SerializationException e = assertThrows(SerializationException.class, () -> serde(TextEvent.class, true).deserialize("raw", value));
    SchemaRegistryException cause = assertInstanceOf(SchemaRegistryException.class, e.getCause());
    assertTrue(cause.schemaNotFound());
    assertTrue(e.getMessage().contains("12345"), e.getMessage());
  }

  @Test
  void valuesThatAreNotFramedOrLeaveBytesOverAreRejected() {
    RegistryAvroSerde<TextEvent> serde = serde(TextEvent.class, true);
    assertThrows(SerializationException.class, () -> serde.deserialize("raw", new byte[] {0, 0, 1}));
    assertThrows(SerializationException.class, () -> serde.deserialize("raw", AvroSerde.textEvent().serialize("raw",
        TextEvent.newBuilder().setId("1").setText("x").build())));
    byte[] framed = serde.serialize("raw", TextEvent.newBuilder().setId("1").setText("x").build());
    byte[] longer = Arrays.copyOf(framed, framed.length + 1);
    SerializationException e = assertThrows(SerializationException.class, () -> serde.deserialize("raw", longer));
    assertTrue(e.getMessage().contains("left over"), e.getMessage());
    assertNull(serde.deserialize("raw", null));
    assertNull(serde.serialize("raw", null));
  }

  @Test
  void withoutAutoRegistrationTheIdIsLookedUpAndAMissingSchemaIsAnError() {
    SchemaRegistryException missing = assertThrows(SchemaRegistryException.class,
        () -> serde(EnrichedText.class, false).schemaId("enriched"));
    assertTrue(missing.subjectNotFound(), missing.getMessage());

    int id = serde(EnrichedText.class, true).schemaId("enriched");
    int before = registry.requests().size();
    assertEquals(id, serde(EnrichedText.class, false).schemaId("enriched"));
    assertEquals("POST /subjects/enriched-value", registry.requests().get(before).method() + " " + registry.requests().get(before).path());
  }

  @Test
  void subjectNamesFollowTheConfiguredStrategy() {
    Schema schema = EnrichedText.getClassSchema();
    assertEquals("enriched-value", SubjectNameStrategy.TOPIC.subject("enriched", schema));
    assertEquals("io.textenrich.schemas.EnrichedText", SubjectNameStrategy.RECORD.subject("enriched", schema));
    assertEquals("enriched-io.textenrich.schemas.EnrichedText", SubjectNameStrategy.TOPIC_RECORD.subject("enriched", schema));
    assertEquals(SubjectNameStrategy.TOPIC_RECORD, SubjectNameStrategy.parse("Topic-Record"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectNameStrategy.parse("topicname"));
    assertTrue(e.getMessage().contains("topic, record, topic-record"), e.getMessage());
  }

}
