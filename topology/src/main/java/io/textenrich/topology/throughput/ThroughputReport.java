package io.textenrich.topology.throughput;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Throughput figures of the whole application over a time range, one row per stage, model and
 * window, plus one total row per stage and model.
 */
public record ThroughputReport(String resolution, List<Row> windows, List<Row> totals, int instances) {

  /**
   * Figures of one window, or for totals of all windows with data ({@code seconds} then spans the
   * first to the last such window).
   */
  public record Row(String stage, String model, Instant start, long seconds, long records, long realTokens, long paddedTokens,
      double paddingShare, double batches, double batchSizeP50, double batchSizeMax, double queueWaitP50Ms, double queueWaitP99Ms,
      double inferenceP50Ms, double inferenceP99Ms, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms,
      Generation generation) {

    /**
     * Figures only generation has; null for the other stages.
     *
     * @param timeToFirstTokenP50Ms from entering the stage to the first token
     * @param perTokenP50Ms generation time per token after the first
     */
    public record Generation(double timeToFirstTokenP50Ms, double timeToFirstTokenP99Ms, double perTokenP50Ms,
        double perTokenP99Ms) {}

    public double recordsPerSecond() {
      return seconds == 0 ? 0 : (double) records / seconds;
    }

    /** Mean texts per model call: each call counted once, however many tasks shared it. */
    public double batchSizeMean() {
      return batches == 0 ? 0 : records / batches;
    }

    static Row of(String key, Instant start, long seconds, ThroughputWindow w) {
      int bar = key.indexOf('|');
      return new Row(key.substring(0, bar), key.substring(bar + 1), start, seconds, w.records, w.realTokens, w.paddedTokens,
          w.paddingShare(), w.batches, w.batchSize.quantile(0.5), w.batchSize.quantile(1.0), w.queueWaitMs.quantile(0.5),
          w.queueWaitMs.quantile(0.99), w.inferenceMs.quantile(0.5), w.inferenceMs.quantile(0.99), w.latencyMs.quantile(0.5),
          w.latencyMs.quantile(0.95), w.latencyMs.quantile(0.99), w.timeToFirstTokenMs.count() == 0 ? null
              : new Generation(w.timeToFirstTokenMs.quantile(0.5), w.timeToFirstTokenMs.quantile(0.99),
                  w.perTokenMs.quantile(0.5), w.perTokenMs.quantile(0.99)));
    }
  }

  /** A window of one stage and model. */
  record WindowKey(String key, long startMs) {}

  static ThroughputReport of(ThroughputStores.Resolution resolution, Map<WindowKey, ThroughputWindow> merged, int instances) {
    List<Row> windows = new ArrayList<>();
    Map<String, ThroughputWindow> totals = new LinkedHashMap<>();
    Map<String, long[]> spans = new TreeMap<>();
    long size = resolution.size().toSeconds();
    merged.entrySet().stream()
        .sorted((a, b) -> Long.compare(a.getKey().startMs(), b.getKey().startMs()))
        .forEach(e -> {
          windows.add(Row.of(e.getKey().key(), Instant.ofEpochMilli(e.getKey().startMs()), size, e.getValue()));
          totals.computeIfAbsent(e.getKey().key(), k -> new ThroughputWindow()).merge(e.getValue());
          spans.computeIfAbsent(e.getKey().key(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
          long[] span = spans.get(e.getKey().key());
          span[0] = Math.min(span[0], e.getKey().startMs());
          span[1] = Math.max(span[1], e.getKey().startMs());
        });
    List<Row> totalRows = new ArrayList<>();
    totals.forEach((key, w) -> {
      long[] span = spans.get(key);
      long seconds = (span[1] - span[0]) / 1000 + size;
      totalRows.add(Row.of(key, Instant.ofEpochMilli(span[0]), seconds, w));
    });
    return new ThroughputReport(resolution.label(), windows, totalRows, instances);
  }
}
