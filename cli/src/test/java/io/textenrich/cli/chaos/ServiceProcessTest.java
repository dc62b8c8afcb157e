package io.textenrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

  private static String scrape(double encodeBatches, double completeSequences) {
    return String.join("\n",
        "# HELP enrich_in_flight Work submitted to the stage's shared engine and not yet done",
        "# TYPE enrich_in_flight gauge",
        "enrich_in_flight{stage=\"complete\",} " + completeSequences,
        "enrich_in_flight{stage=\"embed\",} " + encodeBatches,
        "enrich_enriched_records_total{stage=\"embed\",} 120.0",
        "enrich_enriched_records_total{stage=\"classify\",} 118.0",
        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\",} 1048576.0",
        "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\",} 2097152.0",
        "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\",} 9999999.0");
  }

  @Test
  void aKillIsMidPipelineOnlyWhenBothStagesHaveWorkInTheirEngines() {
    assertTrue(ServiceProcess.bothStagesInFlight(scrape(2, 5)));
    assertFalse(ServiceProcess.bothStagesInFlight(scrape(2, 0)));
    assertFalse(ServiceProcess.bothStagesInFlight(scrape(0, 5)));
    assertFalse(ServiceProcess.bothStagesInFlight("jvm_threads_live_threads 40.0"));
  }

  @Test
  void countsAndHeapAreReadFromTheirOwnSeries() {
    assertEquals(120.0, ServiceProcess.sum(scrape(1, 1), "enrich_enriched_records_total", "stage=\"embed\""));
    assertEquals(238.0, ServiceProcess.sum(scrape(1, 1), "enrich_enriched_records_total", ""));
    assertEquals(OptionalLong.of(3L << 20), ServiceProcess.heapUsed(scrape(1, 1)));
  }

  @Test
  void serviceProcessesStartOnTheDrillsClassDataArchiveOnlyWhenThereIsOne(@TempDir Path dir) throws Exception {
    Path archive = dir.resolve("enrich.jsa");
    assertEquals(List.of(), ServiceProcess.classDataOptions(null));
    assertEquals(List.of(), ServiceProcess.classDataOptions(archive.toString()), "named but not written");
    Files.write(archive, new byte[] {1});
    assertEquals(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:SharedArchiveFile=" + archive),
        ServiceProcess.classDataOptions(archive.toString()));
  }
}
