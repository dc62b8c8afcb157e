package io.textenrich.topology.stage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An input record held in the batching buffer (a changelogged state store) until its batch is
 * flushed. It keeps the original bytes, so the event is decoded again at flush and can still be
 * dead-lettered as it arrived.
 *
 * @param arrivalMs wall-clock time the record entered the buffer
 * @param timestamp the Kafka record timestamp, kept for the outputs
 * @param tokens token count after truncation, counted against the batch token budget
 */
public record BufferedEvent(long arrivalMs, long timestamp, int tokens, String sourceTopic, int sourcePartition,
    long sourceOffset, byte[] key, byte[] value, Headers headers) {

  private static final byte FORMAT_VERSION = 1;

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (value == null ? 0 : value.length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeLong(arrivalMs);
      out.writeLong(timestamp);
      out.writeInt(tokens);
      out.writeUTF(sourceTopic);
      out.writeInt(sourcePartition);
      out.writeLong(sourceOffset);
      writeBytes(out, key);
      writeBytes(out, value);
      Header[] all = headers.toArray();
      out.writeInt(all.length);
      for (Header h : all) {
        out.writeUTF(h.key());
        writeBytes(out, h.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static BufferedEvent fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalStateException("Buffered event has format version " + version + ", this build reads "
            + FORMAT_VERSION + "; drain the buffer with the older version before upgrading");
      }
      long arrival = in.readLong();
      long timestamp = in.readLong();
      int tokens = in.readInt();
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      int headerCount = in.readInt();
      List<Header> headers = new ArrayList<>(headerCount);
      for (int i = 0; i < headerCount; i++) {
        headers.add(new RecordHeader(in.readUTF(), readBytes(in)));
      }
      return new BufferedEvent(arrival, timestamp, tokens, topic, partition, offset, key, value,
          new RecordHeaders(headers.toArray(new Header[0])));
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt buffered event", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] data) throws IOException {
    out.writeInt(data == null ? -1 : data.length);
    if (data != null) {
      out.write(data);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    return length < 0 ? null : in.readNBytes(length);
  }

  public String describe() {
    return sourceTopic + "-" + sourcePartition + "-" + sourceOffset;
  }
}
