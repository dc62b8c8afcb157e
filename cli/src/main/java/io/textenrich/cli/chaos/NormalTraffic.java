package io.textenrich.cli.chaos;

import io.textenrich.cli.chaos.EventProducer.Event;
import java.util.List;

/** Ordinary events: JSON with an id and everyday text; every {@code completionEvery}-th one asks for a completion. */
final class NormalTraffic {

  private static final List<String> TEXTS = List.of(
      "The new release fixes the login bug and makes the dashboard load twice as fast.",
      "Our team is meeting at the cafe on Main Street at ten tomorrow morning.",
      "I waited forty minutes for support and nobody answered my question.",
      "Great game last night, the keeper saved two penalties in the shoot-out!",
      "Please send the invoice for October to the accounting address by Friday.",
      "The weather turned cold and the first snow is expected over the weekend.",
      "This recipe needs two eggs, a cup of flour and a pinch of salt.",
      "Shipping was quick but the box arrived slightly damaged on one corner.",
      "Can anyone recommend a good book about the history of mathematics?",
      "The museum opens a new exhibition of modern sculpture next month.",
      "Traffic on the bridge is heavy because of roadworks in the left lane.",
      "I love how quiet the new headphones are, the battery lasts all week.",
      "今天天气很好，我们去公园散步吧。",
      "Der Zug nach Berlin hat heute zwanzig Minuten Verspätung.",
      "The committee postponed the vote on the budget until next Tuesday.",
      "Click here to claim your free prize now, limited offer, act fast!!!");

  private final String prefix;
  private final int completionEvery;

  /** @param completionEvery 0 for none */
  NormalTraffic(String prefix, int completionEvery) {
    this.prefix = prefix;
    this.completionEvery = completionEvery;
  }

  Event event(int i) {
    String id = prefix + i;
    String text = TEXTS.get(i % TEXTS.size()) + " (#" + i + ")";
    boolean complete = completionEvery > 0 && i % completionEvery == 0;
    String json = "{\"id\":\"" + id + "\",\"text\":\"" + text + "\""
        + (complete ? ",\"attributes\":{\"complete\":\"yes\"}" : "") + "}";
    return Event.json(id, json, Ledger.Expect.ENRICHED);
  }

  /** The settings that give completions to the events that ask for one, with a short budget of new tokens. */
  static void enableCompletions(java.util.Map<String, String> settings) {
    settings.put("enrich.completion.mode", "rule");
    settings.put("enrich.completion.rule", "attr:complete=yes");
    settings.put("enrich.completion.max.new.tokens", "8");
  }
}
