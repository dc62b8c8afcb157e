package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.heads.EncoderId;
import io.textenrich.model.heads.HeadTrainer;
import io.textenrich.model.heads.LabeledText;
import io.textenrich.model.heads.Head;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.Classification;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.config.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels on every enriched record, and flagged events routed to the moderation topic as well. */
class ModerationRoutingTest {

  private static final SentenceEmbedder embedder = TestStages.embedder();
  /** A tiny exported BERT classifier made by the model-runtime fixture generator. */
  private static final Path TINY_CLASSIFIER = Path.of("../model-runtime/src/test/resources/fixtures/tiny-bert-single-label");

  private TopologyTestDriver driver;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  private Map<String, List<EnrichedText>> run(Map<String, String> settings, Map<String, String> events) {
    Map<String, String> all = new TreeMap<>(Map.of("enrich.batch.max.records", Integer.toString(events.size()),
        "enrich.batch.max.delay.ms", "60000"));
    all.putAll(settings);
    ServiceConfig config = ServiceConfig.fromMap(all);
    driver = new TopologyTestDriver(EnrichmentTopology.build(config, TestStages.shared(config, embedder)), config.streamsProperties());
    TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    events.forEach((id, text) -> input.pipeInput(id.getBytes(StandardCharsets.UTF_8),
        ("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)));
    TestStages.settle(driver);
    TestOutputTopic<byte[], EnrichedText> enriched =
        driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText());
    List<EnrichedText> moderated = config.classification().moderationEnabled()
        ? driver.createOutputTopic(config.classification().moderationTopic(), new ByteArrayDeserializer(), AvroSerde.enrichedText())
            .readValuesToList()
        : List.of();
    return Map.of("enriched", enriched.readValuesToList(), "moderation", moderated);
  }

  /** Texts of data/heads/eval, which the built-in heads were not trained on. */
  private static Map<String, String> events() {
    Map<String, String> events = new java.util.LinkedHashMap<>();
    events.put("ok", "Your package will arrive tomorrow between 10:00 and 14:00.");
    events.put("spam", "Your Amazon account has been locked due to suspicious activity. Sign in here to unlock.");
    events.put("toxic", "Go die in a ditch, you worthless piece of trash.");
    return events;
  }

  @Test
  void everyRecordCarriesTheBuiltinHeadsLabelsAndFlaggedOnesAlsoGoToModeration() {
    Map<String, List<EnrichedText>> out = run(Map.of(), events());

    List<EnrichedText> enriched = out.get("enriched");
    assertEquals(3, enriched.size());
    for (EnrichedText record : enriched) {
      Map<String, Classification> labels = record.getClassifications();
      assertEquals(List.of("sentiment", "moderation"), List.copyOf(labels.keySet()));
      assertEquals(1.0, labels.get("moderation").getScores().values().stream().mapToDouble(Float::doubleValue).sum(), 1e-4);
    }
    assertEquals("ok", enriched.get(0).getClassifications().get("moderation").getLabel());
    assertEquals(List.of(), enriched.get(0).getFlags());
    assertEquals(List.of("spam"), enriched.get(1).getFlags());
    assertEquals(List.of("toxic"), enriched.get(2).getFlags());
    assertEquals(List.of("spam", "toxic"), out.get("moderation").stream().map(EnrichedText::getId).toList(),
        "flagged events are also written, whole, to the moderation topic");
  }

  @Test
  void byDefaultTheModerationHeadsOwnThresholdsDecide() {
    Map<String, Double> shipped = Head.builtin("moderation", embedder.modelName()).orElseThrow().thresholds();
    assertEquals(List.of("toxic", "spam"), List.copyOf(shipped.keySet()), "the shipped head carries its thresholds");
    for (EnrichedText record : run(Map.of(), events()).get("enriched")) {
      Map<String, Float> scores = record.getClassifications().get("moderation").getScores();
      List<String> expected = shipped.entrySet().stream().filter(t -> scores.get(t.getKey()) >= t.getValue()).map(Map.Entry::getKey).toList();
      assertEquals(expected, record.getFlags(), record.getId() + " " + scores);
    }
    // A threshold set in the configuration replaces the head's: at 0 every event is flagged toxic.
    run(Map.of("enrich.moderation.thresholds", "toxic=0"), events()).get("enriched")
        .forEach(r -> assertEquals(List.of("toxic"), r.getFlags()));
  }

  @Test
  void aModerationHeadWithoutThresholdsOfItsOwnNeedsThemConfigured(@TempDir Path dir) throws Exception {
    Path file = plainHead(dir);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(Map.of("enrich.heads", file.toString(), "enrich.moderation.classifier", "plain"), events()));
    assertTrue(e.getMessage().contains("enrich.moderation.thresholds") && e.getMessage().contains("--max-false-flag-rate"),
        e.getMessage());
    List<EnrichedText> flagged = run(Map.of("enrich.heads", file.toString(), "enrich.moderation.classifier", "plain",
        "enrich.moderation.thresholds", "spam=0"), events()).get("moderation");
    assertEquals(3, flagged.size(), "with thresholds configured it routes");
  }

  /** A head of one's own, named plain, without thresholds: ok or spam. */
  private static Path plainHead(Path dir) throws java.io.IOException {
    List<LabeledText> examples = List.of(new LabeledText("Thanks, see you tomorrow.", "ok", "en"),
        new LabeledText("Have a nice weekend!", "ok", "en"), new LabeledText("Win cash now, click here!", "spam", "en"),
        new LabeledText("Cheap pills, no prescription!", "spam", "en"));
    List<float[]> vectors = embedder.embed(examples.stream().map(LabeledText::text).toList()).vectors();
    Path file = dir.resolve("plain.json");
    HeadTrainer.train("plain", new HeadTrainer.Data("plain.jsonl", examples, vectors, 4),
        new EncoderId(embedder.modelName(), embedder.modelVersion(), embedder.dimensions()),
        new HeadTrainer.Options(2, 42, 1e-3, Map.of())).head().save(file);
    return file;
  }

  @Test
  void aHigherThresholdFlagsLess() {
    Map<String, List<EnrichedText>> out = run(Map.of("enrich.moderation.thresholds", "toxic=0.999999,spam=0.999999"), events());
    assertTrue(out.get("moderation").isEmpty());
    assertEquals("toxic", out.get("enriched").get(2).getClassifications().get("moderation").getLabel(), "labels stay as they were");
  }

  @Test
  void withModerationOffAndNoHeadsRecordsCarryOnlyTheEmbedding() {
    Map<String, List<EnrichedText>> out = run(Map.of("enrich.heads", "none", "enrich.moderation.topic", ""), events());
    out.get("enriched").forEach(r -> {
      assertEquals(null, r.getClassifications());
      assertEquals(List.of(), r.getFlags());
    });
  }

  @Test
  void aHuggingFaceClassifierDirectoryAddsItsLabelsBesideTheHeads() {
    Map<String, List<EnrichedText>> out = run(Map.of("enrich.classifiers", TINY_CLASSIFIER.toString()), events());
    Classification tiny = out.get("enriched").get(0).getClassifications().get("tiny-bert-single-label");
    assertEquals(List.of("negative", "neutral", "positive"), List.copyOf(new TreeMap<>(tiny.getScores()).keySet()));
    assertTrue(tiny.getModelVersion().startsWith("sha256:"));
  }

  @Test
  void moderationByAnUnknownClassifierOrLabelIsRefusedNamingTheFix() {
    IllegalArgumentException unknownClassifier = assertThrows(IllegalArgumentException.class,
        () -> run(Map.of("enrich.moderation.classifier", "nsfw"), events()));
    assertTrue(unknownClassifier.getMessage().contains("enrich.moderation.topic= (empty)"), unknownClassifier.getMessage());
    IllegalArgumentException unknownLabel = assertThrows(IllegalArgumentException.class,
        () -> run(Map.of("enrich.moderation.thresholds", "hate=0.5"), events()));
    assertTrue(unknownLabel.getMessage().contains("[hate]"), unknownLabel.getMessage());
  }

  @Test
  void chineseEventsTakeTheirLabelsFromTheChineseEncodersHeadsAndKeepTheServiceEncodersVector() {
    Map<String, String> events = new java.util.LinkedHashMap<>();
    events.put("zh-insult", "去死吧，你这个一文不值的贱人。");
    events.put("zh-scam", "紧急通知：您的银行卡今日将被注销，请立即登录 bank-verify.cn 核实信息。");
    events.put("zh-question", "溏心蛋要煮几分钟？");
    events.put("en-insult", "Go die in a ditch, you worthless piece of trash.");

    List<EnrichedText> routed = run(Map.of(), events).get("enriched");
    assertEquals(List.of(List.of("toxic"), List.of("spam"), List.of(), List.of("toxic")),
        routed.stream().map(EnrichedText::getFlags).toList());
    for (EnrichedText record : routed) {
      assertEquals(embedder.modelName(), record.getEmbedding().getModel(), "one vector space on the topic");
    }

    List<EnrichedText> unrouted = run(Map.of("enrich.heads.by.language", ""), events).get("enriched");
    for (int i = 0; i < 3; i++) {
      String routedVersion = routed.get(i).getClassifications().get("moderation").getModelVersion();
      String unroutedVersion = unrouted.get(i).getClassifications().get("moderation").getModelVersion();
      assertTrue(!routedVersion.equals(unroutedVersion), "the Chinese heads, not the default encoder's, labelled " + events);
    }
    assertEquals(routed.get(3).getClassifications().get("moderation").getModelVersion(),
        unrouted.get(3).getClassifications().get("moderation").getModelVersion(), "English keeps the default heads");
  }

  @Test
  void aHeadOfOnesOwnBesideTheBuiltinOnesKeepsTheChineseHeadsForChineseEvents(@TempDir Path dir) throws Exception {
    Map<String, String> events = new java.util.LinkedHashMap<>();
    events.put("zh-insult", "你是个白痴，滚出去！");
    events.put("en-insult", "Go die in a ditch, you worthless piece of trash.");
    List<EnrichedText> auto = run(Map.of(), events).get("enriched");
    List<EnrichedText> withOwn = run(Map.of("enrich.heads", "sentiment,moderation," + plainHead(dir)), events).get("enriched");

    for (int i = 0; i < 2; i++) {
      Map<String, Classification> labels = withOwn.get(i).getClassifications();
      assertEquals(java.util.Set.of("sentiment", "moderation", "plain"), java.util.Set.copyOf(labels.keySet()),
          "the own head labels every event");
      for (String head : List.of("sentiment", "moderation")) {
        assertEquals(auto.get(i).getClassifications().get(head).getModelVersion(), labels.get(head).getModelVersion(),
            withOwn.get(i).getId() + ": " + head + " comes from the same heads as with auto");
      }
    }
    assertEquals(List.of("toxic"), withOwn.get(0).getFlags(), "the Chinese moderation head flags the Chinese insult");
    assertTrue(!withOwn.get(0).getClassifications().get("moderation").getModelVersion()
        .equals(withOwn.get(1).getClassifications().get("moderation").getModelVersion()), "Chinese and English heads differ");
  }
}
