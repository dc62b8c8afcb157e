package io.textenrich.topology.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.Classification;
import io.textenrich.schemas.TextEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletionRuleTest {

  private static final TextEvent EVENT = TextEvent.newBuilder().setId("e7").setText("you idiot")
      .setAttributes(Map.of("channel", "chat")).build();
  private static final Map<String, Classification> LABELS = Map.of(
      "moderation", new Classification("moderation", "v", Map.of("ok", 0.1f, "toxic", 0.9f), List.of("toxic")),
      "sentiment", new Classification("sentiment", "v", Map.of("negative", 0.8f), List.of("negative")));

  @Test
  void anyConditionSelectsTheEvent() {
    assertTrue(CompletionRule.parse("label:moderation=toxic|spam").matches(EVENT, LABELS, List.of()));
    assertTrue(CompletionRule.parse("label:sentiment=positive, attr:channel=chat").matches(EVENT, LABELS, List.of()));
    assertTrue(CompletionRule.parse("flagged").matches(EVENT, LABELS, List.of("toxic")));
    assertFalse(CompletionRule.parse("flagged").matches(EVENT, LABELS, List.of()));
    assertFalse(CompletionRule.parse("label:moderation=spam,attr:channel=email").matches(EVENT, LABELS, List.of()));
  }

  @Test
  void aMalformedRuleNamesTheAcceptedForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompletionRule.parse("toxic"));
    assertTrue(e.getMessage().contains("label:NAME=L1|L2, attr:KEY=VALUE or flagged"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CompletionRule.parse(" , "));
  }

  @Test
  void theTemplateFillsTextLabelsAndAttributes() {
    PromptTemplate template = new PromptTemplate("[{id}] {text} ({label}, {label.sentiment}, {attr.channel}{attr.none}) $1");
    assertEquals("[e7] you idiot (toxic, negative, chat) $1", template.render(EVENT, LABELS, List.of("toxic")));
  }
}
