package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.TextEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;

/**
 * One JSON line per Kafka record: the record itself for Avro values of the project's schemas;
 * otherwise an envelope with key, value (text or base64), headers and position, which is what
 * dead-letter records need.
 */
final class ValueRenderer {

  private final List<AvroSerde<?>> serdes = List.of(AvroSerde.<EnrichedText>enrichedText(), AvroSerde.<TextEvent>textEvent());

  String render(ConsumerRecord<byte[], byte[]> record) {
    byte[] value = record.value();
    if (AvroSerde.isSingleObjectEncoded(value)) {
      String fingerprint = HexFormat.of().formatHex(value, 2, 10);
      for (AvroSerde<?> serde : serdes) {
        if (serde.fingerprint().equals(fingerprint)) {
          try {
            return RecordJson.toJson(serde.deserialize(record.topic(), value));
          } catch (SerializationException e) {
            break;
          }
        }
      }
    }
    ObjectNode node = RecordJson.MAPPER.createObjectNode();
    node.put("topic", record.topic());
    node.put("partition", record.partition());
    node.put("offset", record.offset());
    node.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    String text = value == null ? null : utf8(value);
    if (value != null && text == null) {
      node.put("value_base64", Base64.getEncoder().encodeToString(value));
    } else {
      node.put("value", text);
    }
    ObjectNode headers = node.putObject("headers");
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return node.toString();
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
