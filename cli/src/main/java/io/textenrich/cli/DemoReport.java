package io.textenrich.cli;

import io.textenrich.schemas.EnrichedText;
import io.textenrich.topology.throughput.ThroughputReport;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's readable output: what each event became, and why rejected ones were rejected. */
final class DemoReport {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private DemoReport() {}

  static void print(PrintStream out, DemoTally tally) {
    out.println();
    out.println("Enriched records (topic enriched-text):");
    TextTable table = new TextTable("key", "tokens", "batch", "infer ms", "vector[0..2]", "most similar (cosine)", "sentiment",
        "moderation", "flags", "text");
    Map<String, EnrichedText> enriched = tally.enriched();
    for (Map.Entry<String, EnrichedText> e : enriched.entrySet()) {
      var embedding = e.getValue().getEmbedding();
      var stats = embedding.getStats();
      List<Float> v = embedding.getVector();
      table.add(e.getKey(), Integer.toString(stats.getTokenCount()), Integer.toString(stats.getBatchSize()),
          Long.toString(stats.getInferenceMs()),
          String.format(Locale.ROOT, "%+.3f %+.3f %+.3f", v.get(0), v.get(1), v.get(2)),
          mostSimilar(e.getKey(), enriched), label(e.getValue(), "sentiment"), label(e.getValue(), "moderation"),
          e.getValue().getFlags().isEmpty() ? "-" : String.join(",", e.getValue().getFlags()),
          TextTable.clip(e.getValue().getText(), 40));
    }
    table.print(out);
    enriched.values().stream().findFirst().ifPresent(first -> out.printf("(model %s, version %s, %d dimensions)%n",
        first.getEmbedding().getModel(), first.getEmbedding().getModelVersion(), first.getEmbedding().getVector().size()));

    if (enriched.values().stream().anyMatch(r -> r.getCompletion() != null)) {
      out.println();
      out.println("Completions (" + enriched.values().stream().filter(r -> r.getCompletion() != null).findFirst()
          .map(r -> r.getCompletion().getModel()).orElse("") + ", a toy trained on fortunes: expect fortune-like text, not answers):");
      TextTable completions = new TextTable("key", "finish", "tokens", "completion");
      enriched.forEach((key, record) -> {
        var c = record.getCompletion();
        if (c != null) {
          completions.add(key, c.getFinishReason(), Integer.toString(c.getCompletionTokens()), TextTable.clip(c.getText(), 90));
        }
      });
      completions.print(out);
    }
    out.println();
    out.println("Dead-lettered records (topic raw-text-dead-letter):");
    TextTable dead = new TextTable("key", "reason", "message");
    tally.deadLetters().forEach((key, letter) -> dead.add(key, letter.reason(), TextTable.clip(letter.message(), 90)));
    dead.print(out);
    out.println();
  }

  /** The throughput the service recorded in its windowed stores, read back by interactive query. */
  static void printThroughput(PrintStream out, ThroughputReport report) {
    out.println("Throughput (store throughput-" + report.resolution() + ", " + report.instances() + " instance(s)):");
    TextTable table = new TextTable("window", "stage", "records", "rec/s", "tokens", "padding", "batches", "batch p50",
        "queue p99 ms", "infer p50 ms", "latency p50/p95/p99 ms");
    report.windows().forEach(row -> table.add(cells(TIME.format(row.start()), row)));
    report.totals().forEach(row -> table.add(cells("total", row)));
    table.print(out);
    out.println();
  }

  private static String[] cells(String window, ThroughputReport.Row row) {
    return new String[] {window, row.stage(), Long.toString(row.records()), fmt("%.1f", row.recordsPerSecond()), Long.toString(row.realTokens()),
        fmt("%.1f%%", 100 * row.paddingShare()), fmt("%.1f", row.batches()), fmt("%.0f", row.batchSizeP50()),
        fmt("%.0f", row.queueWaitP99Ms()), fmt("%.1f", row.inferenceP50Ms()),
        fmt("%.0f/%.0f/%.0f", row.latencyP50Ms(), row.latencyP95Ms(), row.latencyP99Ms())};
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String mostSimilar(String key, Map<String, EnrichedText> all) {
    List<Float> mine = all.get(key).getEmbedding().getVector();
    String best = "-";
    double bestScore = -2;
    for (Map.Entry<String, EnrichedText> other : all.entrySet()) {
      if (other.getKey().equals(key)) {
        continue;
      }
      double score = dot(mine, other.getValue().getEmbedding().getVector());
      if (score > bestScore) {
        bestScore = score;
        best = other.getKey();
      }
    }
    return bestScore < -1 ? best : String.format(Locale.ROOT, "%s (%.2f)", best, bestScore);
  }

  private static String label(EnrichedText record, String classifier) {
    if (record.getClassifications() == null || !record.getClassifications().containsKey(classifier)) {
      return "-";
    }
    var c = record.getClassifications().get(classifier);
    return c.getLabel() == null ? "(none)" : String.format(Locale.ROOT, "%s %.2f", c.getLabel(), c.getScores().get(c.getLabel()));
  }

  /** Vectors are unit length, so the dot product is the cosine. */
  private static double dot(List<Float> a, List<Float> b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += a.get(i) * b.get(i);
    }
    return sum;
  }
}
