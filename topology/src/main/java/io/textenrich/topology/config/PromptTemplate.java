package io.textenrich.topology.config;

import io.textenrich.model.Classification;
import io.textenrich.schemas.TextEvent;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with placeholders: {@code {text}}, {@code {id}}, {@code {label}} (the first moderation
 * flag, else the moderation label), {@code {label.NAME}} (the chosen label of head or classifier
 * NAME) and {@code {attr.KEY}} (an attribute). A missing value becomes the empty string.
 */
public final class PromptTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(text|id|label|label\\.[^}]+|attr\\.[^}]+)}");

  private final String template;

  public PromptTemplate(String template) {
    this.template = template;
  }

  public String render(TextEvent event, Map<String, Classification> labels, List<String> flags) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value;
      if (name.equals("text")) {
        value = event.getText();
      } else if (name.equals("id")) {
        value = event.getId();
      } else if (name.equals("label")) {
        value = !flags.isEmpty() ? flags.get(0) : labelOf(labels, "moderation");
      } else if (name.startsWith("label.")) {
        value = labelOf(labels, name.substring(6));
      } else {
        value = event.getAttributes().getOrDefault(name.substring(5), "");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String labelOf(Map<String, Classification> labels, String name) {
    Classification c = labels.get(name);
    return c == null || c.label() == null ? "" : c.label();
  }
}
