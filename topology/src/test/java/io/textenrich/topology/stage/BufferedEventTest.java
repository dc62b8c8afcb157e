package io.textenrich.topology.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.TextEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class BufferedEventTest {

  private static final TextEvent EVENT = TextEvent.newBuilder().setId("e1").setText("hello there")
      .setAttributes(Map.of("channel", "chat")).build();

  private static RecordHeaders headers() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", new byte[] {1, 2});
    headers.add("empty", null);
    return headers;
  }

  @Test
  void anEntryKeepsItsDecodedEventAndTheRecordAsItArrived() {
    BufferedEvent event = new BufferedEvent(5, 6, 7, "raw", 2, 99, null, new byte[] {9}, headers(), EVENT);
    BufferedEvent back = BufferedEvent.fromBytes(event.toBytes());
    assertEquals(5, back.arrivalMs());
    assertEquals(6, back.timestamp());
    assertEquals(7, back.tokens());
    assertEquals("raw-2-99", back.describe());
    assertNull(back.key());
    assertArrayEquals(new byte[] {9}, back.value());
    assertEquals(2, back.headers().toArray().length);
    assertArrayEquals(new byte[] {1, 2}, back.headers().lastHeader("trace").value());
    assertNull(back.headers().lastHeader("empty").value());
    assertEquals(EVENT, back.event());
  }

  @Test
  void anEntryOfTheEarlierFormatIsReadWithoutItsDecodedEvent() throws IOException {
    // The layout the buffers had before the Avro entry, written here as that build wrote it.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeLong(5);
      out.writeLong(6);
      out.writeInt(7);
      out.writeUTF("raw");
      out.writeInt(2);
      out.writeLong(99);
      out.writeInt(-1);
      out.writeInt(1);
      out.write(9);
      out.writeInt(1);
      out.writeUTF("trace");
      out.writeInt(2);
      out.write(new byte[] {1, 2});
    }
    BufferedEvent back = BufferedEvent.fromBytes(bytes.toByteArray());
    assertEquals(5, back.arrivalMs());
    assertEquals(7, back.tokens());
    assertEquals("raw-2-99", back.describe());
    assertNull(back.key());
    assertArrayEquals(new byte[] {9}, back.value());
    assertArrayEquals(new byte[] {1, 2}, back.headers().lastHeader("trace").value());
    assertNull(back.event(), "decoded again by the stage");
  }

  @Test
  void anEntryOfAnUnknownFormatFailsNamingTheWayOut() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BufferedEvent.fromBytes(new byte[] {7, 1, 2}));
    assertTrue(e.getMessage().contains("drain its buffers"), e.getMessage());
  }
}
