package io.textenrich.topology.stage;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.buffer.BufferedHeader;
import io.textenrich.schemas.buffer.BufferedInput;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An input record held in a stage's buffer (a changelogged state store) until its output is
 * forwarded: the decoded event, so nothing decodes it again, even after a restart, and the record
 * as it arrived, so it can still be dead-lettered with its original bytes.
 *
 * <p>Stored as the Avro record {@link BufferedInput} in single-object encoding, whose schema
 * fingerprint versions it. Entries of the format before it (a hand-written layout starting with
 * the byte 1, without the decoded event) are still read, with {@code event} null: the stage decodes
 * those again, so a buffer need not be drained before an upgrade.
 *
 * @param arrivalMs wall-clock time the record entered the buffer
 * @param timestamp the Kafka record timestamp, kept for the outputs
 * @param tokens token count after truncation, counted against the batch token budget
 * @param event the decoded event; null only for an entry of the earlier format
 */
public record BufferedEvent(long arrivalMs, long timestamp, int tokens, String sourceTopic, int sourcePartition,
    long sourceOffset, byte[] key, byte[] value, Headers headers, TextEvent event) {

  private static final AvroSerde<BufferedInput> SERDE = AvroSerde.of(BufferedInput.class);
  private static final byte LEGACY_FORMAT_VERSION = 1;

  public byte[] toBytes() {
    return SERDE.serialize(null, toAvro());
  }

  public static BufferedEvent fromBytes(byte[] bytes) {
    if (AvroSerde.isSingleObjectEncoded(bytes)) {
      return fromAvro(SERDE.deserialize(null, bytes));
    }
    if (bytes.length > 0 && bytes[0] == LEGACY_FORMAT_VERSION) {
      return fromLegacyBytes(bytes);
    }
    throw new IllegalStateException("Buffered event in an unknown format (first byte " + (bytes.length == 0 ? "none" : bytes[0])
        + "); it was written by a newer build: run that build, or drain its buffers before going back");
  }

  public BufferedInput toAvro() {
    List<BufferedHeader> all = new ArrayList<>();
    for (Header h : headers.toArray()) {
      all.add(new BufferedHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
    }
    return BufferedInput.newBuilder()
        .setArrivalMs(arrivalMs)
        .setTimestamp(timestamp)
        .setTokens(tokens)
        .setSourceTopic(sourceTopic)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setHeaders(all)
        .setEvent(event)
        .build();
  }

  public static BufferedEvent fromAvro(BufferedInput in) {
    Header[] headers = in.getHeaders().stream()
        .map(h -> new RecordHeader(h.getKey(), bytes(h.getValue())))
        .toArray(Header[]::new);
    return new BufferedEvent(in.getArrivalMs(), in.getTimestamp(), in.getTokens(), in.getSourceTopic(),
        in.getSourcePartition(), in.getSourceOffset(), bytes(in.getKey()), bytes(in.getValue()), new RecordHeaders(headers),
        in.getEvent());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  /** The layout before {@link BufferedInput}: version byte 1, then the fields as {@code DataOutput} wrote them. */
  private static BufferedEvent fromLegacyBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      in.readByte();
      long arrival = in.readLong();
      long timestamp = in.readLong();
      int tokens = in.readInt();
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      byte[] key = readLegacyBytes(in);
      byte[] value = readLegacyBytes(in);
      int headerCount = in.readInt();
      List<Header> headers = new ArrayList<>(headerCount);
      for (int i = 0; i < headerCount; i++) {
        headers.add(new RecordHeader(in.readUTF(), readLegacyBytes(in)));
      }
      return new BufferedEvent(arrival, timestamp, tokens, topic, partition, offset, key, value,
          new RecordHeaders(headers.toArray(new Header[0])), null);
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt buffered event", e);
    }
  }

  private static byte[] readLegacyBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    return length < 0 ? null : in.readNBytes(length);
  }

  public String describe() {
    return sourceTopic + "-" + sourcePartition + "-" + sourceOffset;
  }
}
