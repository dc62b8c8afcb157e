package io.textenrich.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/** Renders Avro records as plain JSON for people and scripts: timestamps as ISO-8601, unions unwrapped. */
final class RecordJson {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RecordJson() {}

  static String toJson(IndexedRecord record) {
    return toNode(record).toString();
  }

  static JsonNode toNode(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof IndexedRecord record) {
      ObjectNode node = NODES.objectNode();
      for (Schema.Field field : record.getSchema().getFields()) {
        node.set(field.name(), toNode(record.get(field.pos())));
      }
      return node;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      map.forEach((k, v) -> node.set(k.toString(), toNode(v)));
      return node;
    }
    if (value instanceof Collection<?> items) {
      ArrayNode node = NODES.arrayNode();
      items.forEach(item -> node.add(toNode(item)));
      return node;
    }
    if (value instanceof Float f) {
      return NODES.numberNode(f);
    }
    if (value instanceof Number n) {
      return n instanceof Double d ? NODES.numberNode(d) : NODES.numberNode(n.longValue());
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Instant || value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
      return NODES.textNode(value.toString());
    }
    throw new IllegalArgumentException("No JSON form for " + value.getClass().getName());
  }
}
