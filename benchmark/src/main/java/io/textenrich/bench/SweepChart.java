package io.textenrich.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG of the call-size sweep: throughput against the mean model-call size on the left, per-batch latency
 * percentiles against it on the right, both on a log2 axis.
 */
public final class SweepChart {

  private static final int PANEL_W = 420;
  private static final int PANEL_H = 300;
  private static final int MARGIN = 60;

  private SweepChart() {}

  public static void write(List<Map<String, Object>> sweep, String title, Path file) throws IOException {
    StringBuilder svg = new StringBuilder();
    int width = 2 * PANEL_W + 3 * MARGIN;
    int height = PANEL_H + 2 * MARGIN + 20;
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" text-anchor=\"middle\">%s</text>%n", width / 2, escape(title)));
    panel(svg, sweep, MARGIN, "records / s", List.of("records_per_s"), List.of("#1f77b4"));
    panel(svg, sweep, 2 * MARGIN + PANEL_W, "call latency (ms)", List.of("latency_p50_ms", "latency_p95_ms", "latency_p99_ms"),
        List.of("#2ca02c", "#ff7f0e", "#d62728"));
    svg.append("</svg>\n");
    Files.writeString(file, svg, StandardCharsets.UTF_8);
  }

  private static void panel(StringBuilder svg, List<Map<String, Object>> sweep, int left, String yLabel, List<String> keys, List<String> colors) {
    int top = MARGIN;
    double maxY = 0;
    for (Map<String, Object> point : sweep) {
      for (String key : keys) {
        maxY = Math.max(maxY, ((Number) point.get(key)).doubleValue());
      }
    }
    maxY = niceCeiling(maxY);
    double minX = log2(size(sweep.get(0)));
    double maxX = Math.max(minX + 1, log2(size(sweep.get(sweep.size() - 1))));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
        left, top, PANEL_W, PANEL_H));
    for (int i = 0; i <= 4; i++) {
      double value = maxY * i / 4;
      double y = top + PANEL_H - PANEL_H * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n", left, left + PANEL_W, y, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 5, y + 4, label(value)));
    }
    for (Map<String, Object> point : sweep) {
      double x = left + PANEL_W * (log2(size(point)) - minX) / (maxX - minX);
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, top + PANEL_H + 16,
          label(size(point))));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">model-call size (mean)</text>%n",
        left + PANEL_W / 2, top + PANEL_H + 34));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", left + PANEL_W / 2, top - 8, yLabel));
    for (int k = 0; k < keys.size(); k++) {
      StringBuilder points = new StringBuilder();
      for (Map<String, Object> point : sweep) {
        double x = left + PANEL_W * (log2(size(point)) - minX) / (maxX - minX);
        double y = top + PANEL_H - PANEL_H * ((Number) point.get(keys.get(k))).doubleValue() / maxY;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colors.get(k)));
      }
      svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          points.toString().trim(), colors.get(k)));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", left + 8, top + 16 + 14 * k,
          colors.get(k), keys.get(k).replace("_ms", "").replace("latency_", "").replace("_", " ")));
    }
  }

  private static double size(Map<String, Object> point) {
    return Math.max(1, ((Number) point.get("call_size_mean")).doubleValue());
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String label(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
