package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CeilingBenchmarkTest {

  @Test
  void theCeilingIsTheServicesRateOverThePassThroughsWithEachSidesRatePerStreamThreadAndWarmUp() {
    BenchResult result = new BenchResult();
    CeilingBenchmark.putFigures(result, new Drained(2_500, 700, 150, 60_000, 12, null), new Drained(10_000, 90, 40, 20_000, 3, null));
    assertEquals(0.25, result.number("pipeline_ceiling_ratio"), 1e-12);
    assertEquals(2_500.0 / StageBenchmark.THREADS, result.number("service_records_per_s_per_stream_thread"), 1e-9);
    assertEquals(10_000.0 / StageBenchmark.THREADS, result.number("pass_through_records_per_s_per_stream_thread"), 1e-9);
    assertEquals(700, result.number("us_per_event_outside_models"), 1e-9);
    assertEquals(400, result.number("service_wall_us_per_event"), 1e-9);
    assertEquals(100, result.number("pass_through_wall_us_per_event"), 1e-9);
    assertEquals(150, result.number("service_broker_cpu_us_per_event"), 1e-9);
    assertEquals(40, result.number("pass_through_broker_cpu_us_per_event"), 1e-9);
    assertEquals(60_000, result.number("service_warm_up_events"), 1e-9);
    assertEquals(20_000, result.number("pass_through_warm_up_events"), 1e-9);
    assertEquals(12, result.number("service_compiler_us_per_event"), 1e-9);
    assertEquals(3, result.number("pass_through_compiler_us_per_event"), 1e-9);
  }

  @Test
  void theBatchersSpeedupIsTheServicesRateOverItsRateWithOneEventPerOffer() {
    BenchResult result = new BenchResult();
    CeilingBenchmark.putBatcherFigures(result, new Drained(2_000, 700, 150, 0, 0, null), new Drained(1_600, 900, 150, 0, 0, null));
    assertEquals(1.25, result.number("per_task_batcher_speedup"), 1e-12);
    assertEquals(1_600, result.number("service_one_event_per_offer_records_per_s"), 1e-9);
    assertEquals(900, result.number("service_one_event_per_offer_cpu_us_per_event"), 1e-9);
  }

  @Test
  void theCpuTimeLeftAfterThePartsTimedAloneIsDividedAsTheJavaSamplesOutsideThemDivide() {
    // 1,000 µs per event in all; 300 + 200 timed alone leave 500, split 3:1 by the samples outside the timed parts.
    Drained service = new Drained(1_000, 1_000, Double.NaN, 0, 0, new PhaseProfile.Split(Map.of("tokenizer", 40L, "pooling", 7L,
        "Kafka produce", 30L, "Avro encode/decode", 10L), Map.of("stream threads", 87L), 2, 0));
    Drained passThrough = new Drained(4_000, 200, Double.NaN, 0, 0, new PhaseProfile.Split(Map.of("decode (JSON)", 1L, "Kafka produce", 3L),
        Map.of("stream threads", 4L), 1, 0));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) CeilingBenchmark.profileFigures(service, passThrough, 100, 400,
        300, 200).get("cpu_us_per_event_by_part");
    Map<String, double[]> byPart = new java.util.LinkedHashMap<>();
    rows.forEach(r -> byPart.put((String) r.get("part"),
        new double[] {(Double) r.get("service_us_per_event"), (Double) r.get("pass_through_us_per_event")}));
    assertEquals(List.of(CeilingBenchmark.PREPARE_ROW, CeilingBenchmark.ENCODER_CALL_ROW, "Avro encode/decode", "Kafka produce", "decode (JSON)",
        "all (process CPU time per event)"), List.copyOf(byPart.keySet()));
    assertArrayEquals(new double[] {375, 150}, byPart.get("Kafka produce"), 1e-9);
    assertArrayEquals(new double[] {125, 0}, byPart.get("Avro encode/decode"), 1e-9);
    assertArrayEquals(new double[] {0, 50}, byPart.get("decode (JSON)"), 1e-9);
    assertArrayEquals(new double[] {1_000, 200}, byPart.get("all (process CPU time per event)"), 1e-9);
  }

  @Test
  void eventsAreJsonWithAnIdAndTheTextEscaped() throws Exception {
    List<String> events = CeilingBenchmark.jsonEvents(List.of("plain", "with \"quotes\" and \\"));
    JsonNode second = new ObjectMapper().readTree(events.get(1));
    assertEquals("e1", second.get("id").asText());
    assertEquals("with \"quotes\" and \\", second.get("text").asText());
  }
}
