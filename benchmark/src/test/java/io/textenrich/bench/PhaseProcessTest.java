package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Phases in a child JVM against a real broker. */
class PhaseProcessTest {

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(BrokerOptions.defaults());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @ParameterizedTest
  @EnumSource(Drained.Feed.class)
  void aPhaseInAChildJvmWarmsUpInWholePassesThenReportsItsEventsRateAndCpuTime(Drained.Feed feed) throws Exception {
    List<String> events = CeilingBenchmark.jsonEvents(BenchTexts.generate(2_000, 3));
    Drained drained = StageBenchmark.peer(broker, PhaseProcess.Application.PASS_THROUGH, feed,
        new Drained.WarmUp(events.subList(0, 500), 3), events, null);
    // At least one pass, at most three; a sent warm-up ends with a whole pass out, a prefilled one at a poll within the
    // events (the clock then counts what came after it).
    int most = feed == Drained.Feed.SENT_ONCE_RUNNING ? 1_500 : 1_500 + events.size() / 2;
    assertTrue(drained.warmUpEvents() >= 500 && drained.warmUpEvents() <= most, "warm-up events " + drained.warmUpEvents());
    if (feed == Drained.Feed.SENT_ONCE_RUNNING) {
      assertEquals(0, drained.warmUpEvents() % 500, "a sent warm-up ends after a whole pass: " + drained.warmUpEvents());
    }
    assertTrue(drained.compilerMicrosPerEvent() >= 0, "compiler µs per event " + drained.compilerMicrosPerEvent());
    assertTrue(drained.eventsPerSecond() > 0, "events/s " + drained.eventsPerSecond());
    assertTrue(drained.cpuMicrosPerEvent() > 0, "CPU µs per event " + drained.cpuMicrosPerEvent());
    // The broker is a child of this JVM: the phase in another JVM reads its CPU time by its pid.
    assertFalse(Double.isNaN(drained.brokerCpuMicrosPerEvent()), "the broker's CPU time was not read");
    assertNull(drained.profile());
  }

  @Test
  void aPhaseThatFailsInTheChildFailsHereWithTheChildsOwnError() {
    // A setting the service refuses: the child's start fails, and its message must reach the benchmark's user.
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StageBenchmark.service(broker, null,
        Drained.Feed.SENT_ONCE_RUNNING, Drained.WarmUp.none(), List.of("a text"), Map.of("enrich.batch.max.records", "0"), null));
    assertTrue(e.getMessage().contains("SERVICE phase failed"), e.getMessage());
    assertTrue(e.getMessage().contains("enrich.batch.max.records"), e.getMessage());
  }
}
