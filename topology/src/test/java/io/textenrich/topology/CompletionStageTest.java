package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** Completions on the records the rule selects, from a tiny GPT-2 export made by the fixture generator. */
class CompletionStageTest {

  private static final Path TINY_GPT2 = Path.of("../model-runtime/src/test/resources/fixtures/tiny-gpt2");

  private List<EnrichedText> run(Map<String, String> settings, Map<String, String> events) {
    Map<String, String> all = new TreeMap<>(Map.of(
        "enrich.batch.max.records", Integer.toString(events.size()),
        "enrich.batch.max.delay.ms", "60000",
        "enrich.completion.model", TINY_GPT2.toString(),
        "enrich.completion.max.new.tokens", "6"));
    all.putAll(settings);
    ServiceConfig config = ServiceConfig.fromMap(all);
    BatchingEmbedProcessor.Shared shared = TestStages.shared(config, TestStages.embedder());
    try (TopologyTestDriver driver = new TopologyTestDriver(EnrichmentTopology.build(config, shared), config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
      events.forEach((id, text) -> input.pipeInput(id.getBytes(StandardCharsets.UTF_8),
          ("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)));
      return driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText()).readValuesToList();
    } finally {
      shared.completion().close();
    }
  }

  private static Map<String, String> events() {
    Map<String, String> events = new java.util.LinkedHashMap<>();
    events.put("kind", "Thanks, the delivery came early and everything works.");
    events.put("rude", "You are a pathetic idiot and everybody here hates you, shut up.");
    return events;
  }

  @Test
  void theRuleSelectsWhichEventsGetACompletion() {
    List<EnrichedText> out = run(Map.of("enrich.completion.mode", "rule", "enrich.completion.rule", "label:moderation=toxic"), events());
    assertNull(out.get(0).getCompletion());
    var completion = out.get(1).getCompletion();
    assertNotNull(completion);
    assertEquals("tiny-gpt2", completion.getModel());
    assertTrue(completion.getModelVersion().startsWith("sha256:"));
    assertTrue(List.of("stop", "eos", "length").contains(completion.getFinishReason()));
    assertTrue(completion.getCompletionTokens() >= 1 && completion.getCompletionTokens() <= 6);
    assertTrue(completion.getPromptTokens() > 5);
  }

  @Test
  void sameEventSameCompletionAlsoWhenSampledAndBatchedDifferently() {
    Map<String, String> sampled = Map.of("enrich.completion.mode", "all", "enrich.completion.temperature", "1.0");
    List<EnrichedText> together = run(sampled, events());
    List<EnrichedText> alone = run(sampled, Map.of("rude", events().get("rude")));
    assertEquals(together.get(1).getCompletion().getText(), alone.get(0).getCompletion().getText(),
        "the seed comes from the event id, and batch neighbours do not change a sequence");
    assertNotNull(together.get(0).getCompletion());
  }

  @Test
  void withCompletionsOffRecordsHaveNone() {
    run(Map.of(), events()).forEach(r -> assertNull(r.getCompletion()));
  }

  @Test
  void aCompletionNotDoneInTimeIsMarkedTimeoutAndItsEventStillGoesOut() {
    Map<String, String> many = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      many.put("e" + i, "Event number " + i + " waits its turn for the only sequence slot.");
    }
    // One sequence at a time and a 1 ms budget: twenty completions of ten tokens cannot all finish.
    List<EnrichedText> out = run(Map.of("enrich.completion.mode", "all", "enrich.completion.max.sequences", "1",
        "enrich.completion.timeout.ms", "1", "enrich.completion.max.new.tokens", "10", "enrich.completion.min.new.tokens", "10"),
        many);

    assertEquals(20, out.size(), "every event goes out");
    List<io.textenrich.schemas.Completion> timedOut = out.stream().map(EnrichedText::getCompletion)
        .filter(c -> c.getFinishReason().equals("timeout")).toList();
    assertTrue(!timedOut.isEmpty(), "some completions must time out");
    for (io.textenrich.schemas.Completion completion : timedOut) {
      assertEquals("", completion.getText());
      assertEquals(0, completion.getCompletionTokens());
      assertEquals("tiny-gpt2", completion.getModel());
    }
    out.forEach(r -> assertNotNull(r.getCompletion(), "a selected event always carries its completion's outcome"));
  }
}
