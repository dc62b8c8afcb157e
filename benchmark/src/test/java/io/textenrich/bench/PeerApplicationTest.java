package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerApplicationTest {

  @Test
  void thePassThroughTurnsAJsonEventIntoAnAvroRecordWithA384FloatVector() {
    EnrichedText record = PeerApplication.passThrough().enrich("k1",
        "{\"id\":\"e7\",\"text\":\"the package arrived damaged\"}".getBytes(StandardCharsets.UTF_8));
    AvroSerde<EnrichedText> avro = AvroSerde.enrichedText();
    EnrichedText read = avro.deserialize("t", avro.serialize("t", record));
    assertEquals("e7", read.getId());
    assertEquals("the package arrived damaged", read.getText());
    assertEquals(PeerApplication.PASS_THROUGH_DIMENSIONS, read.getEmbedding().getVector().size());
  }

  @Test
  void thePassThroughFailsOnAValueThatIsNotJson() {
    assertThrows(UncheckedIOException.class,
        () -> PeerApplication.passThrough().enrich("k", "not json".getBytes(StandardCharsets.UTF_8)));
  }
}
