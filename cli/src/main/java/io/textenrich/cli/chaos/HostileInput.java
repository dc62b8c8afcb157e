package io.textenrich.cli.chaos;

import io.textenrich.cli.chaos.EventProducer.Event;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated hostile corpus, each event between two ordinary ones: every hostile event comes out enriched or
 * dead-lettered with a reason, every ordinary one enriched, and the service never stops. Also times the valid texts
 * that are hardest on the tokenizer and the model, one event per call.
 */
final class HostileInput implements Scenario {

  @Override
  public String name() {
    return "hostile-input";
  }

  @Override
  public String description() {
    return Scale.FULL.hostileEvents() + " malformed or odd events of " + HostileCorpus.KINDS.size()
        + " kinds mixed into normal traffic";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of(name());
    ServiceProcess service = lab.startLargeValueService(name(), topics);
    ScenarioResult result = new ScenarioResult(name());
    Ledger ledger = new Ledger();
    List<Event> hostile = HostileCorpus.generate(name() + "-", scale.hostileEvents());
    NormalTraffic traffic = new NormalTraffic(name() + "-normal-", 0);
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      lab.say("hostile-input: %d hostile events of %d kinds between %d ordinary ones", hostile.size(),
          HostileCorpus.KINDS.size(), hostile.size() + 1);
      producer.send(traffic.event(0));
      for (int i = 0; i < hostile.size(); i++) {
        producer.send(hostile.get(i));
        producer.send(traffic.event(i + 1));
        if (i % 500 == 499) {
          producer.flush();
          result.check(service.alive(), "the service stopped after " + (i + 1) + " hostile events:\n" + service.logTail(30));
          if (!service.alive()) {
            break;
          }
        }
      }
      producer.flush();
      result.check(producer.failures() == 0, producer.failures() + " sends failed: " + producer.lastFailure());
      result.count(ledger, lab.awaitAccounted(ledger, topics, Duration.ofMinutes(5), lab.client()));
      result.figures.put("hostile_events", hostile.size());
      result.figures.put("kinds", HostileCorpus.KINDS.size());
    }
    result.stayedUp = service.alive();
    result.check(result.stayedUp, "the service stopped:\n" + service.logTail(30));
    result.maxHeapMib = lab.takeMaxHeapMib();
    lab.killServices(result);
    Map<String, Double> perEvent = timeWorstTexts();
    result.figures.put("worst_ms_per_event", perEvent);
    result.figures.put("worst_ms_per_event_max", perEvent.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
    return result;
  }

  /**
   * Median milliseconds of one tokenize-and-embed call per text, with the service's default model on the CPU, for
   * the valid texts hardest on the tokenizer.
   */
  static Map<String, Double> timeWorstTexts() {
    Map<String, Double> perEvent = new LinkedHashMap<>();
    EmbedderSettings settings = EmbedderSettings.of(EmbedderSettings.DEFAULT_MODEL)
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.CPU));
    try (SentenceEmbedder embedder = SentenceEmbedder.open(settings)) {
      for (String name : HostileCorpus.WORST_FOR_TOKENIZER) {
        Event event = HostileCorpus.kind(name).make().apply("timing", new java.util.Random(1));
        String json = new String(event.value(), StandardCharsets.UTF_8);
        String text = textOf(json);
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
          long start = System.nanoTime();
          embedder.embed(List.of(text));
          ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        perEvent.put(name, Math.round(ms[ms.length / 2] * 10) / 10.0);
      }
    }
    return perEvent;
  }

  private static String textOf(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("text").asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the corpus makes JSON events for these kinds", e);
    }
  }
}
