package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.config.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A record says when its text was cut to the token limit, and which language the service found and chose heads by. */
class RecordTruncationAndLanguageTest {

  private static final int MAX_TOKENS = 16;
  private static SentenceEmbedder embedder;

  @BeforeAll
  static void openEncoderWithASmallTokenLimit() {
    embedder = SentenceEmbedder.open(new EmbedderSettings(EmbedderSettings.DEFAULT_MODEL, null, MAX_TOKENS,
        SessionSettings.defaults().withDevice(ExecutionDevice.CPU)));
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static Map<String, EnrichedText> enrich(Map<String, String> events) {
    ServiceConfig config = ServiceConfig.fromMap(Map.of("enrich.embedding.max.tokens", Integer.toString(MAX_TOKENS)));
    try (TopologyTestDriver driver = new TopologyTestDriver(EnrichmentTopology.build(config, TestStages.shared(config, embedder)),
        config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(),
          new ByteArraySerializer());
      events.forEach((id, json) -> input.pipeInput(id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
      TestStages.settle(driver);
      Map<String, EnrichedText> out = new LinkedHashMap<>();
      driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText()).readValuesToList()
          .forEach(r -> out.put(r.getId().toString(), r));
      return out;
    }
  }

  @Test
  void aTextCutToTheTokenLimitIsMarkedTruncatedAndOneThatFitsExactlyIsNot() {
    String exact = exactlyAtTheLimit();
    Map<String, EnrichedText> out = enrich(Map.of(
        "short", "{\"id\":\"short\",\"text\":\"Hello there\"}",
        "exact", "{\"id\":\"exact\",\"text\":\"" + exact + "\"}",
        "long", "{\"id\":\"long\",\"text\":\"" + exact + " and then a good many more words after it\"}"));

    assertFalse(out.get("short").getEmbedding().getStats().getTruncated());
    assertFalse(out.get("exact").getEmbedding().getStats().getTruncated(), "all " + MAX_TOKENS + " tokens seen");
    assertEquals(MAX_TOKENS, out.get("exact").getEmbedding().getStats().getTokenCount());
    assertTrue(out.get("long").getEmbedding().getStats().getTruncated());
    assertEquals(MAX_TOKENS, out.get("long").getEmbedding().getStats().getTokenCount());
  }

  @Test
  void theLanguageIsTheEventsOwnOrTheOneTheServiceFoundAndChoseHeadsBy() {
    Map<String, EnrichedText> out = enrich(Map.of(
        "zh", "{\"id\":\"zh\",\"text\":\"今天天气很好\"}",
        "declared", "{\"id\":\"declared\",\"text\":\"Bonjour\",\"language\":\"fr-CA\"}",
        "en", "{\"id\":\"en\",\"text\":\"Good morning\"}"));

    assertEquals("zh", out.get("zh").getLanguage().toString(), "found by script, and routed to the Chinese heads");
    assertEquals("fr-CA", out.get("declared").getLanguage().toString(), "the event's own, as it gave it");
    assertNull(out.get("en").getLanguage(), "nothing found, nothing claimed");
    assertTrue(!out.get("zh").getClassifications().get("moderation").getModelVersion()
        .equals(out.get("en").getClassifications().get("moderation").getModelVersion()), "the Chinese heads labelled it");
  }

  /** A text of exactly the limit's tokens, special tokens included: words added one by one while the next still fits. */
  private static String exactlyAtTheLimit() {
    StringBuilder text = new StringBuilder("one");
    while (!embedder.truncates(text + " word")) {
      text.append(" word");
    }
    assertEquals(MAX_TOKENS, embedder.countTokens(text.toString()), text.toString());
    assertFalse(embedder.truncates(text.toString()), text.toString());
    return text.toString();
  }
}
