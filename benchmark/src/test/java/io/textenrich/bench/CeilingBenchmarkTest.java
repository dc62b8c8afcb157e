package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CeilingBenchmarkTest {

  @Test
  void theCeilingIsTheServicesRateOverThePassThroughsWithEachSideAlsoPerStreamThread() {
    BenchResult result = new BenchResult();
    CeilingBenchmark.putFigures(result, new Drained(2_500, 700, null), new Drained(10_000, 90, null));
    assertEquals(0.25, result.number("pipeline_ceiling_ratio"), 1e-12);
    assertEquals(2_500.0 / StageBenchmark.THREADS, result.number("service_records_per_s_per_stream_thread"), 1e-9);
    assertEquals(10_000.0 / StageBenchmark.THREADS, result.number("pass_through_records_per_s_per_stream_thread"), 1e-9);
    assertEquals(700, result.number("us_per_event_outside_models"), 1e-9);
    assertEquals(400, result.number("service_wall_us_per_event"), 1e-9);
    assertEquals(100, result.number("pass_through_wall_us_per_event"), 1e-9);
  }

  @Test
  void theProfileTableHasEveryCategoryOfEitherSide() {
    Drained service = new Drained(1_000, 800, new PhaseProfile.Split(Map.of("tokenizer", 10L, "Kafka produce", 5L),
        Map.of("stream threads", 15L), 2, 0));
    Drained passThrough = new Drained(4_000, 200, new PhaseProfile.Split(Map.of("decode (JSON)", 3L, "Kafka produce", 4L),
        Map.of("stream threads", 7L), 1, 0));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) CeilingBenchmark.profileFigures(service, passThrough, 100)
        .get("by_category");
    assertEquals(List.of("Kafka produce", "decode (JSON)", "tokenizer"), rows.stream().map(r -> r.get("category")).toList());
    assertEquals(0.0, (Double) rows.get(2).get("pass_through_us_per_event"), 1e-9);
    assertEquals(1_000.0, (Double) rows.get(2).get("service_us_per_event"), 1e-9);
  }

  @Test
  void eventsAreJsonWithAnIdAndTheTextEscaped() throws Exception {
    List<String> events = CeilingBenchmark.jsonEvents(List.of("plain", "with \"quotes\" and \\"));
    JsonNode second = new ObjectMapper().readTree(events.get(1));
    assertEquals("e1", second.get("id").asText());
    assertEquals("with \"quotes\" and \\", second.get("text").asText());
  }
}
