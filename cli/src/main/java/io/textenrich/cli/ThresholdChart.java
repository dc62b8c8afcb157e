package io.textenrich.cli;

import io.textenrich.model.heads.ThresholdCurve;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG chart of a head's threshold curves: one panel per label with precision, recall and the
 * false-flag rate against the threshold, and the chosen threshold as a vertical line.
 */
final class ThresholdChart {

  private static final int PANEL_WIDTH = 320;
  private static final int PANEL_HEIGHT = 220;
  private static final int MARGIN = 40;
  private static final String[][] SERIES = {{"precision", "#1f77b4"}, {"recall", "#2ca02c"}, {"false-flag rate", "#d62728"}};

  private ThresholdChart() {}

  static String svg(String title, Map<String, List<ThresholdCurve.Point>> curves, Map<String, Double> thresholds) {
    int width = curves.size() * (PANEL_WIDTH + MARGIN) + MARGIN;
    int height = PANEL_HEIGHT + 3 * MARGIN;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
        + " font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", MARGIN, escape(title)));
    int left = MARGIN;
    for (Map.Entry<String, List<ThresholdCurve.Point>> curve : curves.entrySet()) {
      panel(svg, left, 2 * MARGIN - 10, curve.getKey(), curve.getValue(), thresholds.get(curve.getKey()));
      left += PANEL_WIDTH + MARGIN;
    }
    for (int s = 0; s < SERIES.length; s++) {
      int x = MARGIN + s * 130;
      int y = height - 12;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y - 4, x + 20, y - 4, SERIES[s][1], x + 25, y, SERIES[s][0]));
    }
    return svg.append("</svg>\n").toString();
  }

  private static void panel(StringBuilder svg, int left, int top, String label, List<ThresholdCurve.Point> points, Double chosen) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", left, top - 6, escape(label)));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
        left, top, PANEL_WIDTH, PANEL_HEIGHT));
    for (int tick = 0; tick <= 4; tick++) {
      double v = tick / 4.0;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n",
          x(left, v), top + PANEL_HEIGHT + 14, v, left - 4, y(top, v) + 4, v));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">threshold</text>%n",
        x(left, 0.5), top + PANEL_HEIGHT + 28));
    for (int s = 0; s < SERIES.length; s++) {
      StringBuilder path = new StringBuilder();
      for (ThresholdCurve.Point p : points) {
        double value = s == 0 ? p.precision() : s == 1 ? p.recall() : p.falseFlagRate();
        if (!Double.isNaN(value)) {
          path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(left, p.threshold()), y(top, value)));
        }
      }
      if (!path.isEmpty()) {
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
            SERIES[s][1], path.toString().trim()));
      }
    }
    if (chosen != null) {
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"4 3\"/>"
          + "<text x=\"%.1f\" y=\"%d\">chosen %.4f</text>%n",
          x(left, chosen), top, x(left, chosen), top + PANEL_HEIGHT, x(left, chosen) + 3, top + 12, chosen));
    }
  }

  private static double x(int left, double threshold) {
    return left + threshold * PANEL_WIDTH;
  }

  private static double y(int top, double value) {
    return top + (1 - value) * PANEL_HEIGHT;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
