package io.textenrich.cli;

import io.textenrich.schemas.EnrichedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Matches every output record of the demo to the sample it came from, by key. */
final class DemoTally {

  record DeadLetter(String reason, String message) {}

  private final List<SampleEvents.Sample> samples;
  private final Map<String, EnrichedText> enriched = new LinkedHashMap<>();
  private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
  private final List<String> moderated = new ArrayList<>();
  private final List<String> duplicates = new ArrayList<>();
  private final List<String> strangers = new ArrayList<>();

  DemoTally(List<SampleEvents.Sample> samples) {
    this.samples = samples;
  }

  void enriched(String key, EnrichedText record) {
    if (check(key)) {
      enriched.put(key, record);
    }
  }

  void deadLetter(String key, DeadLetter letter) {
    if (check(key)) {
      deadLetters.put(key, letter);
    }
  }

  /** An event also routed to the moderation topic. */
  void moderated(String key) {
    moderated.add(key);
  }

  List<String> moderated() {
    return moderated;
  }

  private boolean check(String key) {
    if (samples.stream().noneMatch(s -> s.key().equals(key))) {
      strangers.add(key);
      return false;
    }
    if (enriched.containsKey(key) || deadLetters.containsKey(key)) {
      duplicates.add(key);
      return false;
    }
    return true;
  }

  int expected() {
    return samples.size();
  }

  int accounted() {
    return enriched.size() + deadLetters.size();
  }

  boolean complete() {
    return accounted() == expected();
  }

  /** Everything that makes the demo fail, one line each; empty when every sample went where it should, once. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (SampleEvents.Sample sample : samples) {
      boolean wasEnriched = enriched.containsKey(sample.key());
      boolean wasDeadLettered = deadLetters.containsKey(sample.key());
      if (!wasEnriched && !wasDeadLettered) {
        problems.add("event " + sample.key() + " is unaccounted for: no enriched or dead-letter record");
      } else if (sample.valid() && wasDeadLettered) {
        problems.add("valid event " + sample.key() + " was dead-lettered: " + deadLetters.get(sample.key()));
      } else if (!sample.valid() && wasEnriched) {
        problems.add("invalid event " + sample.key() + " was enriched instead of dead-lettered");
      }
    }
    duplicates.forEach(key -> problems.add("event " + key + " has more than one output record"));
    moderated.stream().filter(key -> !enriched.containsKey(key) && !duplicates.contains(key))
        .forEach(key -> problems.add("event " + key + " is on the moderation topic but not enriched"));
    moderated.stream().filter(key -> moderated.indexOf(key) != moderated.lastIndexOf(key)).distinct()
        .forEach(key -> problems.add("event " + key + " is on the moderation topic more than once"));
    strangers.forEach(key -> problems.add("output record with unknown key " + key));
    return problems;
  }

  /** Enriched records by key, in the order the samples were sent. */
  Map<String, EnrichedText> enriched() {
    return inSampleOrder(enriched);
  }

  /** Dead letters by key, in the order the samples were sent. */
  Map<String, DeadLetter> deadLetters() {
    return inSampleOrder(deadLetters);
  }

  private <V> Map<String, V> inSampleOrder(Map<String, V> byKey) {
    Map<String, V> ordered = new LinkedHashMap<>();
    samples.stream().filter(s -> byKey.containsKey(s.key())).forEach(s -> ordered.put(s.key(), byKey.get(s.key())));
    return ordered;
  }
}
