package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.Admission;
import io.textenrich.model.Classification;
import io.textenrich.model.generate.Completion;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.input.DeadLetters;
import io.textenrich.topology.stage.FailureIsolation;
import io.textenrich.topology.stage.completion.CompletionBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion stage's contract: completions on the events the rule selects, from a tiny GPT-2
 * export made by the fixture generator; one outcome per event; per-key order on the enriched topic.
 */
class CompletionStageTest {

  private static final Path TINY_GPT2 = Path.of("../model-runtime/src/test/resources/fixtures/tiny-gpt2");

  /**
   * The enriched records by event id: events of different keys may leave in either order, as their
   * completions end.
   */
  private Map<String, EnrichedText> run(Map<String, String> settings, Map<String, String> events) {
    Outputs out = runAll(settings, events);
    assertTrue(out.deadLetters().isEmpty(), "no dead letters");
    Map<String, EnrichedText> byId = new LinkedHashMap<>();
    out.enriched().forEach(r -> byId.put(r.getId(), r));
    assertEquals(events.size(), out.enriched().size(), "one record per event");
    assertEquals(events.keySet(), byId.keySet(), "each event's record");
    return byId;
  }

  private static Map<String, String> events() {
    Map<String, String> events = new LinkedHashMap<>();
    events.put("kind", "Thanks, the delivery came early and everything works.");
    events.put("rude", "You are a pathetic idiot and everybody here hates you, shut up.");
    return events;
  }

  @Test
  void theRuleSelectsWhichEventsGetACompletion() {
    Map<String, EnrichedText> out = run(Map.of("enrich.completion.mode", "rule", "enrich.completion.rule", "label:moderation=toxic"), events());
    assertNull(out.get("kind").getCompletion());
    var completion = out.get("rude").getCompletion();
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
    Map<String, EnrichedText> together = run(sampled, events());
    Map<String, EnrichedText> alone = run(sampled, Map.of("rude", events().get("rude")));
    assertEquals(together.get("rude").getCompletion().getText(), alone.get("rude").getCompletion().getText(),
        "the seed comes from the event id, and batch neighbours do not change a sequence");
    assertNotNull(together.get("kind").getCompletion());
  }

  @Test
  void withCompletionsOffRecordsHaveNone() {
    run(Map.of(), events()).values().forEach(r -> assertNull(r.getCompletion()));
  }

  @Test
  void aGenerationPastTheTimeoutIsDeadLetteredAndEveryEventHasExactlyOneOutcome() {
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      many.put("e" + i, "Event number " + i + " waits its turn for the only sequence slot.");
    }
    // A 1 ms limit for one generation of at least ten tokens: a generation that runs past it is an
    // error for its event (dead letter), never a silent drop, and never one for waiting its turn.
    Outputs out = runAll(Map.of("enrich.completion.mode", "all", "enrich.completion.max.sequences", "1",
        "enrich.completion.timeout.ms", "1", "enrich.completion.max.new.tokens", "10", "enrich.completion.min.new.tokens", "10"),
        many);

    assertEquals(20, out.enriched().size() + out.deadLetters().size(), "each event is enriched or dead-lettered");
    out.enriched().forEach(r -> assertNotNull(r.getCompletion(), "an enriched selected event carries its completion"));
    out.deadLetters().forEach(d -> {
      assertEquals("completion-failed", new String(d.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
      String id = new String(d.key(), StandardCharsets.UTF_8);
      assertEquals("{\"id\":\"" + id + "\",\"text\":\"" + many.get(id) + "\"}", new String(d.value(), StandardCharsets.UTF_8));
    });
  }

  /**
   * A copy of the tiny GPT-2 whose config claims 16 times its 64 positions: ONNX Runtime fails on
   * a prompt past the real 64, in the step it shares with the short prompts. Only that event is
   * dead-lettered; the others, run again alone, get their completions.
   */
  @Test
  void aDecoderFaultOnOnePromptDeadLettersOnlyThatEvent(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("tiny-gpt2-too-many-positions");
    Files.createDirectories(model);
    try (var files = Files.list(TINY_GPT2)) {
      for (Path file : files.toList()) {
        Files.copy(file, model.resolve(file.getFileName().toString()));
      }
    }
    Path config = model.resolve("config.json");
    Files.writeString(config, Files.readString(config).replace("\"n_positions\": 64", "\"n_positions\": 1024")
        .replace("\"n_ctx\": 64", "\"n_ctx\": 1024"));
    Map<String, String> events = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      events.put("short" + i, "Short event " + i + ".");
    }
    events.put("long", "A prompt far longer than the model's sixty-four positions, ".repeat(12));

    Outputs out = runAll(Map.of("enrich.completion.mode", "all", "enrich.completion.model", model.toString(),
        "enrich.completion.max.sequences", "8"), events);

    assertEquals(List.of("long"), out.deadLetters().stream().map(d -> new String(d.key(), StandardCharsets.UTF_8)).toList());
    assertEquals("completion-failed",
        new String(out.deadLetters().get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
    assertEquals(List.of("short0", "short1", "short2", "short3"), out.enriched().stream().map(EnrichedText::getId).sorted().toList());
    out.enriched().forEach(r -> assertNotNull(r.getCompletion(), r.getId() + " keeps its completion"));
  }

  @Test
  void perKeyOrderHoldsOnTheEnrichedTopicAndOnlyTheSelectedEventsKeyWaits() {
    // key, id, selected?
    String[][] input = {{"A", "a1", "yes"}, {"B", "b1", "no"}, {"A", "a2", "no"}, {"A", "a3", "yes"}, {"B", "b2", "no"},
        {"A", "a4", "no"}, {"C", "c1", "yes"}, {"C", "c2", "no"}};
    Map<String, String> all = new TreeMap<>(Map.of("enrich.batch.max.records", Integer.toString(input.length),
        "enrich.batch.max.delay.ms", "60000", "enrich.completion.model", TINY_GPT2.toString(),
        "enrich.completion.max.new.tokens", "6", "enrich.completion.mode", "rule", "enrich.completion.rule", "attr:complete=yes"));
    ServiceConfig config = ServiceConfig.fromMap(all);
    Stages shared = TestStages.shared(config, TestStages.embedder());
    // a1's completion reaches the stage only once every event has left the encoder stage: key B's events are out by
    // then unless they wait behind key A, however fast a1's generation runs beside the stream thread on this machine.
    CompletableFuture<Void> encoderDrained = new CompletableFuture<>();
    Stages a1HeldBack = new Stages(shared.context(), shared.encoder(), heldBack("a1", encoderDrained, shared.completion()),
        shared.output());
    List<TestRecord<byte[], EnrichedText>> out = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(EnrichmentTopology.build(config, a1HeldBack),
        config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> in = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<byte[], EnrichedText> enriched =
          driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText());
      for (String[] e : input) {
        in.pipeInput(e[0].getBytes(StandardCharsets.UTF_8), ("{\"id\":\"" + e[1] + "\",\"text\":\"Text of " + e[1]
            + "\",\"attributes\":{\"complete\":\"" + e[2] + "\"}}").getBytes(StandardCharsets.UTF_8));
      }
      TestStages.settleEncoder(driver);
      out.addAll(enriched.readRecordsToList());
      List<String> beforeA1 = out.stream().map(r -> r.value().getId()).toList();
      assertTrue(beforeA1.containsAll(List.of("b1", "b2")) && !beforeA1.contains("a1"),
          "key B has no selected event, so it does not wait for key A's completion: " + beforeA1);
      encoderDrained.complete(null);
      TestStages.settle(driver);
      out.addAll(enriched.readRecordsToList());
    } finally {
      shared.completion().close();
    }
    List<String> ids = out.stream().map(r -> r.value().getId()).toList();
    assertEquals(input.length, ids.size(), "one record per event: " + ids);
    for (String key : List.of("A", "B", "C")) {
      List<String> ofKey = out.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(key))
          .map(r -> r.value().getId()).toList();
      List<String> expected = java.util.Arrays.stream(input).filter(e -> e[0].equals(key)).map(e -> e[1]).toList();
      assertEquals(expected, ofKey, "key " + key + " keeps its input order");
    }
    out.forEach(r -> assertEquals(r.value().getAttributes().get("complete").equals("yes"), r.value().getCompletion() != null,
        r.value().getId() + ": a completion exactly when selected"));
  }

  /** The backend, except that the completion of event {@code id} is handed over only once {@code gate} completes. */
  private static CompletionBackend heldBack(String id, CompletableFuture<Void> gate, CompletionBackend backend) {
    return new CompletionBackend() {
      @Override
      public boolean enabled() {
        return backend.enabled();
      }

      @Override
      public boolean selects(TextEvent event, Map<String, Classification> labels, List<String> flags) {
        return backend.selects(event, labels, flags);
      }

      @Override
      public Admission<List<FailureIsolation.Outcome<Completion>>> submit(List<Prompt> prompts) {
        Admission<List<FailureIsolation.Outcome<Completion>>> admission = backend.submit(prompts);
        if (admission instanceof Admission.Accepted<List<FailureIsolation.Outcome<Completion>>> accepted
            && prompts.stream().anyMatch(p -> p.event().getId().equals(id))) {
          return Admission.accepted(gate.thenCompose(open -> accepted.result()));
        }
        return admission;
      }

      @Override
      public String modelName() {
        return backend.modelName();
      }

      @Override
      public long timeoutMs() {
        return backend.timeoutMs();
      }

      @Override
      public int inFlight() {
        return backend.inFlight();
      }

      @Override
      public int maxSequences() {
        return backend.maxSequences();
      }

      @Override
      public void close() {
        backend.close();
      }
    };
  }

  private record Outputs(List<EnrichedText> enriched, List<TestRecord<byte[], byte[]>> deadLetters) {}

  private Outputs runAll(Map<String, String> settings, Map<String, String> events) {
    Map<String, String> all = new TreeMap<>(Map.of(
        "enrich.batch.max.records", Integer.toString(events.size()),
        "enrich.batch.max.delay.ms", "60000",
        "enrich.completion.model", TINY_GPT2.toString(),
        "enrich.completion.max.new.tokens", "6"));
    all.putAll(settings);
    ServiceConfig config = ServiceConfig.fromMap(all);
    Stages shared = TestStages.shared(config, TestStages.embedder());
    try (TopologyTestDriver driver = new TopologyTestDriver(EnrichmentTopology.build(config, shared), config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
      events.forEach((id, text) -> input.pipeInput(id.getBytes(StandardCharsets.UTF_8),
          ("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)));
      TestStages.settle(driver);
      return new Outputs(
          driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText()).readValuesToList(),
          driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
              .readRecordsToList());
    } finally {
      shared.completion().close();
    }
  }
}
