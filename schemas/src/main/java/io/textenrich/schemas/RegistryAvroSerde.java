package io.textenrich.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.schemas.registry.RegistryWireFormat;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SchemaRegistryException;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Kafka serde for generated Avro records in a schema registry's wire format ({@link
 * RegistryWireFormat}), readable by Confluent's {@code KafkaAvroDeserializer}.
 *
 * <p>Writing: the first record for a topic registers the record's schema under the topic's subject
 * (or, with auto-registration off, looks up its id there); the id is kept, so later records cost no
 * request. Call {@link #schemaId(String)} at start to fail early on a registry problem. Reading: the
 * writer schema is fetched by the id each record carries, once per id, and resolved against this
 * serde's record schema with Avro's schema resolution, so records written with an older or newer
 * compatible schema read fine.
 */
public final class RegistryAvroSerde<T extends SpecificRecord> implements SelfContainedSerde<T> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Class<T> type;
  private final Schema schema;
  private final Schema registered;
  private final SpecificData model;
  private final DatumWriter<T> writer;
  private final SchemaRegistryClient registry;
  private final SubjectNameStrategy subjects;
  private final boolean autoRegister;
  private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  private RegistryAvroSerde(Class<T> type, SchemaRegistryClient registry, SubjectNameStrategy subjects, boolean autoRegister) {
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.registered = withoutJavaProperties(schema);
    this.writer = new SpecificDatumWriter<>(schema, model);
    this.registry = registry;
    this.subjects = subjects;
    this.autoRegister = autoRegister;
  }

  /**
   * @param autoRegister register the schema when writing; when false, the schema must already be
   *                     registered under each topic's subject
   */
  public static <T extends SpecificRecord> RegistryAvroSerde<T> of(Class<T> type, SchemaRegistryClient registry,
      SubjectNameStrategy subjects, boolean autoRegister) {
    return new RegistryAvroSerde<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(registry, "registry"),
        Objects.requireNonNull(subjects, "subjects"), autoRegister);
  }

  /** The subject this serde's schema is registered under for the topic. */
  public String subject(String topic) {
    return subjects.subject(topic, registered);
  }

  /**
   * The schema as it is registered: the record's schema with its named types inlined, without the
   * {@code avro.java.string} properties that only the Java code generator reads.
   */
  public Schema registeredSchema() {
    return registered;
  }

  /**
   * The id of the schema records for the topic are written with: registered (or looked up) the
   * first time, then kept.
   *
   * @throws SchemaRegistryException when the registry refuses, does not know the schema, or does not answer
   */
  public int schemaId(String topic) {
    Integer id = idsByTopic.get(topic);
    if (id == null) {
      String subject = subject(topic);
      id = autoRegister ? registry.register(subject, registered) : registry.lookup(subject, registered);
      idsByTopic.put(topic, id);
    }
    return id;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    int id;
    try {
      id = schemaId(topic);
    } catch (SchemaRegistryException e) {
      throw new SerializationException("No schema id for " + type.getSimpleName() + on(topic) + " (subject "
          + subject(topic) + "): " + e.getMessage(), e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(RegistryWireFormat.header(id));
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      writer.write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot encode " + type.getSimpleName() + on(topic) + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * @throws SerializationException when the value is not framed, its schema cannot be had or read
   *     as this record, or its datum does not decode; when the registry was the cause, the cause is
   *     the {@link SchemaRegistryException}
   */
  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id;
    try {
      id = RegistryWireFormat.schemaId(data);
    } catch (IllegalArgumentException e) {
      throw new SerializationException(type.getSimpleName() + on(topic) + ": " + e.getMessage());
    }
    DatumReader<T> reader;
    try {
      reader = reader(id);
    } catch (SchemaRegistryException e) {
      throw new SerializationException("Cannot fetch writer schema id " + id + " of a " + type.getSimpleName()
          + on(topic) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new SerializationException("Writer schema id " + id + on(topic) + " cannot be read as "
          + type.getSimpleName() + ": " + e.getMessage(), e);
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, RegistryWireFormat.HEADER_LENGTH,
        data.length - RegistryWireFormat.HEADER_LENGTH, null);
    try {
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new IOException("bytes left over after the record");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot decode " + type.getSimpleName() + on(topic)
          + " with writer schema id " + id + ": " + e, e);
    }
  }

  /** A reader from the writer schema of {@code id} to this serde's record, made once per id. */
  private DatumReader<T> reader(int id) {
    DatumReader<T> reader = readers.get(id);
    if (reader == null) {
      Schema writerSchema = registry.schemaById(id);
      SchemaCompatibility.SchemaPairCompatibility compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
      if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new IllegalArgumentException(writerSchema.getFullName() + " does not resolve to " + schema.getFullName() + ": "
            + compatibility.getResult().getIncompatibilities().stream()
                .map(i -> i.getMessage() + " at " + i.getLocation())
                .collect(Collectors.joining("; ")));
      }
      reader = new SpecificDatumReader<>(writerSchema, schema, model);
      readers.put(id, reader);
    }
    return reader;
  }

  private static String on(String topic) {
    return topic == null ? "" : " on topic " + topic;
  }

  private static Schema withoutJavaProperties(Schema schema) {
    try {
      JsonNode tree = JSON.readTree(schema.toString());
      removeJavaProperties(tree);
      return new Schema.Parser().parse(tree.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void removeJavaProperties(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("avro.java.string");
    }
    node.forEach(RegistryAvroSerde::removeJavaProperties);
  }
}
