package io.textenrich.topology.config;

import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a setting's value with the parser that later reads it (an {@link IllegalArgumentException}
 * rejects the value), and says what it accepts for the configuration reference.
 */
final class SettingValidator implements ConfigDef.Validator {

  static final SettingValidator ANY = new SettingValidator("", v -> v, null);
  static final SettingValidator TOPIC = new SettingValidator("a Kafka topic name", v -> {
    if (!v.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("not a valid Kafka topic name (letters, digits, '.', '_', '-')");
    }
    return v;
  }, null);
  static final SettingValidator TOPIC_OR_EMPTY = new SettingValidator("a Kafka topic name, or empty",
      v -> v.isEmpty() ? v : TOPIC.parser.apply(v), null);
  static final SettingValidator NOT_EMPTY = new SettingValidator("not empty", v -> {
    if (v.isBlank()) {
      throw new IllegalArgumentException("empty: give a built-in model id or a model directory");
    }
    return v;
  }, null);

  private final String accepted;
  private final Function<String, ?> parser;
  /** The word that leaves the setting to the service ({@code ""} or {@code auto}); null when there is none. */
  private final String unset;

  private SettingValidator(String accepted, Function<String, ?> parser, String unset) {
    this.accepted = accepted;
    this.parser = parser;
    this.unset = unset;
  }

  static SettingValidator parsedBy(String accepted, Function<String, ?> parser) {
    return new SettingValidator(accepted, parser, null);
  }

  /** Empty leaves the setting to the service; anything else is parsed. */
  static SettingValidator blankOr(String accepted, Function<String, ?> parser) {
    return new SettingValidator("empty, or " + accepted, parser, "");
  }

  /** {@code auto} leaves the setting to the service; anything else is parsed. */
  static SettingValidator autoOr(String accepted, Function<String, ?> parser) {
    return new SettingValidator("auto, or " + accepted, parser, "auto");
  }

  /** {@code auto}, or a whole number of at least {@code min}. */
  static SettingValidator autoOr(int min) {
    return autoOr(">= " + min, v -> {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new IllegalArgumentException("must be auto or >= " + min);
      }
      return n;
    });
  }

  static SettingValidator atLeast(long min) {
    return parsedBy(">= " + min, v -> {
      if (Double.parseDouble(v) < min) {
        throw new IllegalArgumentException("must be >= " + min);
      }
      return v;
    });
  }

  /** The value as the parser reads it; null where the value leaves the setting to the service (empty, {@code auto}). */
  Object parse(String text) {
    String value = text.trim();
    return isUnset(value) ? null : parser.apply(value);
  }

  private boolean isUnset(String text) {
    return unset != null && text.equalsIgnoreCase(unset);
  }

  /** The message is the reason alone; the configuration check names the setting and the value. */
  @Override
  public void ensureValid(String name, Object value) {
    if (value == null) {
      return; // the value's type was wrong, which the type check reports
    }
    try {
      parse(String.valueOf(value));
    } catch (NumberFormatException e) {
      throw new ConfigException("not a number");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return accepted;
  }
}
