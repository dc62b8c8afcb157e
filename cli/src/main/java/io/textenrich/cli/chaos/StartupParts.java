package io.textenrich.cli.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a restart's time went, from the kill to the first enriched event: until the JVM started (the drill's own
 * restart), then the service's start-up timeline line (JVM start, model load, Kafka Streams' set-up, group join,
 * restore, first output), and how many changelog records the restore read. For a standby that took over: from the
 * kill until it was active, then the same parts from Kafka Streams' set-up on.
 *
 * @param figures milliseconds for the keys ending in {@code _ms}, and {@code restored_records}
 */
record StartupParts(Map<String, Long> figures) {

  private static final Pattern LINE = Pattern.compile("First enriched event \\d+ ms after the JVM started: jvm_start_ms=(-?\\d+)"
      + " model_load_ms=(-?\\d+) standby_ms=(-?\\d+) streams_setup_ms=(-?\\d+) group_join_ms=(-?\\d+) restore_ms=(-?\\d+)"
      + " first_output_ms=(-?\\d+) jvm_started_at_epoch_ms=(\\d+) active_at_epoch_ms=(\\d+) restored_records=(\\d+)");
  private static final String[] AFTER_ACTIVE = {"streams_setup_ms", "group_join_ms", "restore_ms", "first_output_ms"};

  /** The parts of the latest start in the log's text, or empty when its timeline line is not there. */
  static Optional<StartupParts> parseLast(String log, long killedAtEpochMs) {
    int lastStart = log.lastIndexOf("=== chaos: start ");
    Matcher m = LINE.matcher(lastStart < 0 ? log : log.substring(lastStart));
    if (!m.find()) {
      return Optional.empty();
    }
    Map<String, Long> figures = new LinkedHashMap<>();
    if (Long.parseLong(m.group(3)) > 0) {
      // A standby: it started long before the kill; the kill ended its wait.
      figures.put("takeover_ms", Long.parseLong(m.group(9)) - killedAtEpochMs);
    } else {
      figures.put("process_start_ms", Long.parseLong(m.group(8)) - killedAtEpochMs);
      figures.put("jvm_start_ms", Long.parseLong(m.group(1)));
      figures.put("model_load_ms", Long.parseLong(m.group(2)));
    }
    for (int i = 0; i < AFTER_ACTIVE.length; i++) {
      figures.put(AFTER_ACTIVE[i], Long.parseLong(m.group(i + 4)));
    }
    figures.put("restored_records", Long.parseLong(m.group(10)));
    return Optional.of(new StartupParts(figures));
  }

  /** Waits a little for the line, which the service logs as it emits the event the drill saw in its metrics. */
  static Optional<StartupParts> awaitLast(ServiceProcess service, long killedAtEpochMs) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      Optional<StartupParts> parts = parseLast(service.logText(), killedAtEpochMs);
      if (parts.isPresent()) {
        return parts;
      }
      Thread.sleep(100);
    }
    return Optional.empty();
  }

  /** The median of each part over several restarts. */
  static Map<String, Long> median(List<StartupParts> all) {
    Map<String, Long> medians = new LinkedHashMap<>();
    if (all.isEmpty()) {
      return medians;
    }
    all.get(0).figures().keySet().forEach(part -> {
      List<Long> sorted = all.stream().map(p -> p.figures().get(part)).sorted().toList();
      medians.put(part, sorted.get((sorted.size() - 1) / 2));
    });
    return medians;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    figures.forEach((part, value) -> text.append(text.length() == 0 ? "" : ", ").append(part.endsWith("_ms")
        ? part.substring(0, part.length() - 3) + " " + value + " ms" : part + " " + value));
    return text.toString();
  }
}
