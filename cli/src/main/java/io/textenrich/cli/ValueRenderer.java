package io.textenrich.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;

/**
 * One JSON line per Kafka record: the record itself for Avro values, in single-object encoding of
 * the project's schemas, or in a schema registry's wire format when a registry is given; otherwise
 * an envelope with key, value (text or base64), headers and position, which is what dead-letter
 * records need.
 */
final class ValueRenderer {

  /** Generic records with timestamps as instants, as the generated classes have them. */
  private static final GenericData GENERIC = new GenericData();

  static {
    GENERIC.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  private final List<AvroSerde<?>> serdes = List.of(AvroSerde.<EnrichedText>enrichedText(), AvroSerde.<TextEvent>textEvent());
  private final SchemaRegistryClient registry;

  /** @param registry fetches the writer schemas of registry-framed values; null when none was given */
  ValueRenderer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  String render(ConsumerRecord<byte[], byte[]> record) {
    byte[] value = record.value();
    Integer schemaId = null;
    String note = null;
    if (RegistryWireFormat.hasMagicByte(value) && value.length >= RegistryWireFormat.HEADER_LENGTH) {
      schemaId = RegistryWireFormat.schemaId(value);
      if (registry == null) {
        note = "schema registry wire format; give --schema-registry URL to decode it";
      } else {
        try {
          return RecordJson.toJson(fromRegistry(value, schemaId));
        } catch (SchemaRegistryException e) {
          if (!e.schemaNotFound()) {
            throw new IllegalStateException("Cannot decode offset " + record.offset() + " of " + record.topic()
                + ": " + e.getMessage() + "; check --schema-registry", e);
          }
          note = e.getMessage();
        } catch (IOException | RuntimeException e) {
          note = "does not decode with schema id " + schemaId + ": " + e;
        }
      }
    } else if (AvroSerde.isSingleObjectEncoded(value)) {
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
    if (schemaId != null) {
      node.put("schema_id", schemaId);
      node.put("note", note);
    }
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

  private GenericRecord fromRegistry(byte[] value, int schemaId) throws IOException {
    Schema writer = registry.schemaById(schemaId);
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, RegistryWireFormat.HEADER_LENGTH,
        value.length - RegistryWireFormat.HEADER_LENGTH, null);
    return new GenericDatumReader<GenericRecord>(writer, writer, GENERIC).read(null, decoder);
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
