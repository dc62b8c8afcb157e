package io.textenrich.topology.config;

import io.textenrich.model.Classification;
import io.textenrich.schemas.TextEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which events get a completion, as a comma-separated list of conditions of which one must hold:
 * {@code label:NAME=L1|L2} (the chosen label of head or classifier NAME is one of them),
 * {@code attr:KEY=VALUE} (the event's attribute), or {@code flagged} (moderation flagged it).
 */
public final class CompletionRule {

  private interface Condition {
    boolean test(TextEvent event, Map<String, Classification> labels, List<String> flags);
  }

  private final List<Condition> conditions;

  private CompletionRule(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public static CompletionRule parse(String text) {
    List<Condition> conditions = new ArrayList<>();
    for (String raw : text.split(",")) {
      String part = raw.trim();
      if (part.isEmpty()) {
        continue;
      }
      if (part.equals("flagged")) {
        conditions.add((event, labels, flags) -> !flags.isEmpty());
      } else if (part.startsWith("label:") && part.indexOf('=') > 6) {
        String name = part.substring(6, part.indexOf('=')).trim();
        Set<String> wanted = Set.of(part.substring(part.indexOf('=') + 1).trim().split("\\|"));
        conditions.add((event, labels, flags) -> labels.containsKey(name) && wanted.contains(labels.get(name).label()));
      } else if (part.startsWith("attr:") && part.indexOf('=') > 5) {
        String key = part.substring(5, part.indexOf('=')).trim();
        String value = part.substring(part.indexOf('=') + 1).trim();
        conditions.add((event, labels, flags) -> value.equals(event.getAttributes().get(key)));
      } else {
        throw new IllegalArgumentException("'" + part + "' is not a condition: use label:NAME=L1|L2, attr:KEY=VALUE or flagged");
      }
    }
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("the rule is empty: give at least one condition, e.g. label:moderation=toxic");
    }
    return new CompletionRule(conditions);
  }

  public boolean matches(TextEvent event, Map<String, Classification> labels, List<String> flags) {
    return conditions.stream().anyMatch(c -> c.test(event, labels, flags));
  }
}
