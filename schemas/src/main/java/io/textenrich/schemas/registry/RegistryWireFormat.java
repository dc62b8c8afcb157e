package io.textenrich.schemas.registry;

import java.nio.ByteBuffer;

/**
 * The framing a Confluent-compatible schema registry's serializers use: the magic byte 0, the
 * schema id as a 4-byte big-endian int, then the Avro binary datum written with that schema.
 */
public final class RegistryWireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private RegistryWireFormat() {}

  /**
   * True when the value starts with the magic byte. Neither JSON, text nor single-object encoding
   * ({@code C3 01}) starts with a zero byte, so this tells the formats apart.
   */
  public static boolean hasMagicByte(byte[] value) {
    return value != null && value.length > 0 && value[0] == MAGIC_BYTE;
  }

  /** @throws IllegalArgumentException when the value is not framed this way */
  public static int schemaId(byte[] value) {
    if (!hasMagicByte(value) || value.length < HEADER_LENGTH) {
      throw new IllegalArgumentException("not in the schema registry wire format: needs the magic byte 0 and a"
          + " 4-byte schema id, got " + (value == null ? "null" : value.length + " byte(s)"));
    }
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }

  /** The 5 bytes that precede a datum written with schema {@code id}. */
  public static byte[] header(int id) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(id).array();
  }
}
