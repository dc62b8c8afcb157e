package io.textenrich.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Kafka serde for generated Avro records in Avro single-object encoding: two marker bytes, the
 * 8-byte CRC-64-AVRO fingerprint of the writer schema, then the binary datum. Readers need no
 * schema registry; the fingerprint tells them which schema wrote the bytes.
 */
public final class AvroSerde<T extends SpecificRecord> implements SelfContainedSerde<T> {

  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  private static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final Schema schema;
  private final byte[] header;
  private final SpecificDatumWriter<T> writer;
  /**
   * Each thread's output buffer and buffered encoder, reused. Avro's message encoder writes through an
   * unbuffered encoder, one synchronized stream write per float of a vector: several times the cost.
   */
  private final ThreadLocal<Output> output = ThreadLocal.withInitial(Output::new);
  private final BinaryMessageDecoder<T> decoder;

  private static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    BinaryEncoder encoder;
  }

  private AvroSerde(Class<T> type, Schema schema) {
    this.type = type;
    this.schema = schema;
    SpecificData model = SpecificData.getForClass(type);
    this.header = new byte[HEADER_LENGTH];
    header[0] = MARKER_0;
    header[1] = MARKER_1;
    System.arraycopy(longToLittleEndian(SchemaNormalization.parsingFingerprint64(schema)), 0, header, 2, 8);
    this.writer = new SpecificDatumWriter<>(schema, model);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return new AvroSerde<>(type, SpecificData.get().getSchema(type));
  }

  public static AvroSerde<TextEvent> textEvent() {
    return of(TextEvent.class);
  }

  public static AvroSerde<EnrichedText> enrichedText() {
    return of(EnrichedText.class);
  }

  /** True when the bytes start with the Avro single-object encoding marker. */
  public static boolean isSingleObjectEncoded(byte[] bytes) {
    return bytes != null && bytes.length >= HEADER_LENGTH && bytes[0] == MARKER_0 && bytes[1] == MARKER_1;
  }

  /** The writer schema fingerprint of this serde's record type, as 16 hex digits. */
  public String fingerprint() {
    return HexFormat.of().formatHex(longToLittleEndian(SchemaNormalization.parsingFingerprint64(schema)));
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Output out = output.get();
    out.bytes.reset();
    out.bytes.write(header, 0, HEADER_LENGTH);
    try {
      out.encoder = EncoderFactory.get().binaryEncoder(out.bytes, out.encoder);
      writer.write(data, out.encoder);
      out.encoder.flush();
      return out.bytes.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("Cannot encode " + type.getSimpleName() + " for topic " + topic, e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (!isSingleObjectEncoded(data)) {
      throw new SerializationException("Not an Avro single-object encoded " + type.getSimpleName()
          + " on topic " + topic + ": expected marker C301, got " + HexFormat.of().formatHex(Arrays.copyOf(data, Math.min(2, data.length))));
    }
    try {
      return decoder.decode(data);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot decode " + type.getSimpleName() + " on topic " + topic
          + " (fingerprint " + HexFormat.of().formatHex(data, 2, HEADER_LENGTH) + ", this reader knows "
          + fingerprint() + "): " + e.getMessage(), e);
    }
  }

  private static byte[] longToLittleEndian(long value) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (value >>> (8 * i));
    }
    return out;
  }
}
