package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.Embedding;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.EnrichmentStats;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import io.textenrich.schemas.registry.TestSchemaRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ValueRendererTest {

  private final ValueRenderer renderer = new ValueRenderer(null);

  private static ConsumerRecord<byte[], byte[]> record(byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>("t", 2, 7L, 0L, TimestampType.CREATE_TIME, 1, value == null ? 0 : value.length,
        "k".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
  }

  private static EnrichedText enriched() {
    return EnrichedText.newBuilder().setId("e1").setText("今天天气很好")
        .setEventTime(Instant.parse("2026-01-31T12:00:00Z")).setProcessedTime(Instant.parse("2026-01-31T12:00:01Z"))
        .setInstanceId("i").setEmbedding(Embedding.newBuilder().setModel("m").setModelVersion("v")
            .setVector(List.of(0.5f, -0.25f)).setStats(new EnrichmentStats(2, 1L, 3L, 8, false)).build())
        .build();
  }

  @Test
  void avroEnrichedTextIsPrintedAsItsFieldsWithIsoTimes() throws Exception {
    assertEnrichedFields(RecordJson.MAPPER.readTree(renderer.render(record(AvroSerde.enrichedText().serialize("t", enriched()),
        new RecordHeaders()))));
  }

  @Test
  void registryFramedRecordsAreDecodedWithTheSchemaFetchedByIdAndShownByIdWithoutARegistry() throws Exception {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start(42, null)) {
      SchemaRegistryClient client = new SchemaRegistryClient(URI.create(registry.url()), null, Duration.ofSeconds(5));
      byte[] framed = RegistryAvroSerde.of(EnrichedText.class, client, SubjectNameStrategy.TOPIC, true).serialize("t", enriched());
      ValueRenderer withRegistry = new ValueRenderer(new SchemaRegistryClient(URI.create(registry.url()), null, Duration.ofSeconds(5)));

      assertEnrichedFields(RecordJson.MAPPER.readTree(withRegistry.render(record(framed, new RecordHeaders()))));

      JsonNode undecoded = RecordJson.MAPPER.readTree(renderer.render(record(framed, new RecordHeaders())));
      assertEquals(42, undecoded.get("schema_id").asInt());
      assertTrue(undecoded.get("note").asText().contains("--schema-registry"), undecoded.toString());

      JsonNode unknown = RecordJson.MAPPER.readTree(withRegistry.render(record(new byte[] {0, 0, 0, 0, 7, 2}, new RecordHeaders())));
      assertEquals(7, unknown.get("schema_id").asInt());
      assertTrue(unknown.get("note").asText().contains("40403"), unknown.toString());
    }
  }

  private static void assertEnrichedFields(JsonNode json) {
    assertEquals("e1", json.get("id").asText());
    assertEquals("今天天气很好", json.get("text").asText());
    assertEquals("2026-01-31T12:00:00Z", json.get("event_time").asText());
    assertEquals(-0.25, json.at("/embedding/vector/1").asDouble(), 1e-9);
    assertEquals(8, json.at("/embedding/stats/token_count").asInt());
  }

  @Test
  void otherValuesComeInAnEnvelopeWithHeadersAndBinaryAsBase64() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add("enrich.error.reason", "not-utf8".getBytes(StandardCharsets.UTF_8));

    JsonNode binary = RecordJson.MAPPER.readTree(renderer.render(record(new byte[] {(byte) 0xff, 0x01}, headers)));
    JsonNode text = RecordJson.MAPPER.readTree(renderer.render(record("plain".getBytes(StandardCharsets.UTF_8), new RecordHeaders())));

    assertEquals("/wE=", binary.get("value_base64").asText());
    assertEquals("not-utf8", binary.at("/headers/enrich.error.reason").asText());
    assertEquals(7, binary.get("offset").asLong());
    assertEquals("plain", text.get("value").asText());
    assertEquals("k", text.get("key").asText());
  }
}
