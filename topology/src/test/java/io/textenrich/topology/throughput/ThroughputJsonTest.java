package io.textenrich.topology.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputJsonTest {

  @Test
  void callSizesAreWholeNumbersAndTheMeanHasOneDecimal() {
    ThroughputWindow window = new ThroughputWindow();
    // One call of 1 text and one call of 4 texts: 5 events, 2 calls.
    window.add(10, 10, 1, 1, 5, 6);
    for (int i = 0; i < 4; i++) {
      window.add(10, 12, 4, 1, 9, 10);
    }
    ThroughputReport report = ThroughputReport.of(ThroughputStores.SECONDS,
        Map.of(new ThroughputReport.WindowKey("embed|all-minilm-l6-v2-q", 1_000L), window), 1);
    JsonNode batchSize = ThroughputJson.toJson(report).at("/totals/0/batch_size");
    assertEquals(4, batchSize.get("p50").asLong(), batchSize.toString());
    assertEquals("4", batchSize.get("p50").toString(), "a whole number, not the sketch's 4.017");
    assertEquals("4", batchSize.get("max").toString());
    assertEquals("2.5", batchSize.get("mean").toString());
  }
}
