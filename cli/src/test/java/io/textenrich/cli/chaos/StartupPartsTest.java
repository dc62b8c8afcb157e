package io.textenrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupPartsTest {

  private static final String LOG = """
      === chaos: start 1 of crash
      10:00:05.000 [t] [INFO] StartupTimeline - First enriched event 9000 ms after the JVM started: jvm_start_ms=1000 \
      model_load_ms=4000 standby_ms=0 streams_setup_ms=1000 group_join_ms=900 restore_ms=1500 first_output_ms=600 \
      jvm_started_at_epoch_ms=1000000 active_at_epoch_ms=1005000 restored_records=4100
      === chaos: start 2 of crash
      10:01:05.000 [t] [INFO] StartupTimeline - First enriched event 7000 ms after the JVM started: jvm_start_ms=800 \
      model_load_ms=3000 standby_ms=0 streams_setup_ms=1000 group_join_ms=700 restore_ms=1000 first_output_ms=500 \
      jvm_started_at_epoch_ms=2000300 active_at_epoch_ms=2004100 restored_records=2900
      """;

  private static final String STANDBY_LOG = """
      === chaos: start 1 of crash-standby
      10:02:05.000 [t] [INFO] StartupTimeline - First enriched event 61000 ms after the JVM started: jvm_start_ms=900 \
      model_load_ms=5000 standby_ms=52000 streams_setup_ms=800 group_join_ms=600 restore_ms=700 first_output_ms=300 \
      jvm_started_at_epoch_ms=3000000 active_at_epoch_ms=3057900 restored_records=800
      """;

  @Test
  void thePartsOfTheLatestStartAreReadWithTheTimeFromTheKillToTheJvm() {
    StartupParts parts = StartupParts.parseLast(LOG, 2_000_000).orElseThrow();
    assertEquals(Map.of("process_start_ms", 300L, "jvm_start_ms", 800L, "model_load_ms", 3000L, "streams_setup_ms", 1000L,
        "group_join_ms", 700L, "restore_ms", 1000L, "first_output_ms", 500L, "restored_records", 2900L), parts.figures());
    assertEquals("process_start 300 ms, jvm_start 800 ms, model_load 3000 ms, streams_setup 1000 ms, group_join 700 ms,"
        + " restore 1000 ms, first_output 500 ms, restored_records 2900", parts.toString());
  }

  @Test
  void aStandbysPartsStartAtTheKillAndLeaveOutItsOwnStart() {
    StartupParts parts = StartupParts.parseLast(STANDBY_LOG, 3_057_750).orElseThrow();
    assertEquals("takeover 150 ms, streams_setup 800 ms, group_join 600 ms, restore 700 ms, first_output 300 ms,"
        + " restored_records 800", parts.toString());
  }

  @Test
  void aStartWithoutItsLineYetHasNoParts() {
    assertTrue(StartupParts.parseLast(LOG + "=== chaos: start 3 of crash\n", 3_000_000).isEmpty());
  }

  @Test
  void theMedianIsTakenPartByPart() {
    StartupParts a = new StartupParts(Map.of("restore_ms", 1L));
    StartupParts b = new StartupParts(Map.of("restore_ms", 9L));
    StartupParts c = new StartupParts(Map.of("restore_ms", 4L));
    assertEquals(Map.of("restore_ms", 4L), StartupParts.median(List.of(a, b, c)));
  }
}
