package io.textenrich.schemas.registry;

import java.util.Arrays;
import java.util.Locale;
import org.apache.avro.Schema;

/** Which registry subject a topic's value schema lives under; the names follow Confluent's strategies. */
public enum SubjectNameStrategy {

  /** {@code <topic>-value}: one schema history per topic (Confluent's TopicNameStrategy, its default). */
  TOPIC("topic"),
  /** The record's full name: one history per record type, shared by all topics (RecordNameStrategy). */
  RECORD("record"),
  /** {@code <topic>-<record full name>} (TopicRecordNameStrategy). */
  TOPIC_RECORD("topic-record");

  private final String configName;

  SubjectNameStrategy(String configName) {
    this.configName = configName;
  }

  public String subject(String topic, Schema schema) {
    return switch (this) {
      case TOPIC -> topic + "-value";
      case RECORD -> schema.getFullName();
      case TOPIC_RECORD -> topic + "-" + schema.getFullName();
    };
  }

  public String configName() {
    return configName;
  }

  /** @throws IllegalArgumentException naming the accepted values */
  public static SubjectNameStrategy parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(s -> s.configName.equals(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("use " + String.join(", ",
            Arrays.stream(values()).map(SubjectNameStrategy::configName).toList())));
  }
}
