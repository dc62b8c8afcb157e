package io.textenrich.cli;

import io.textenrich.model.heads.Calibration;
import io.textenrich.model.heads.Evaluation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A head's figures as text tables: per-label precision, recall and F1, the confusion matrix, and
 * the reliability of its probabilities.
 */
final class EvaluationTables {

  private EvaluationTables() {}

  static void figures(Evaluation e, PrintStream out) {
    TextTable table = new TextTable("label", "precision", "recall", "f1", "support");
    for (String label : e.labels()) {
      table.add(label, fixed(e.precision(label)), fixed(e.recall(label)), fixed(e.f1(label)), Integer.toString(e.support(label)));
    }
    table.print(out);
    out.printf(Locale.ROOT, "accuracy %s (%d examples), macro F1 %s%n", fixed(e.accuracy()), e.total(), fixed(e.macroF1()));
  }

  static void confusion(Evaluation e, PrintStream out) {
    List<String> header = new ArrayList<>();
    header.add("true \\ predicted");
    header.addAll(e.labels());
    TextTable table = new TextTable(header.toArray(String[]::new));
    for (String actual : e.labels()) {
      List<String> row = new ArrayList<>();
      row.add(actual);
      e.labels().forEach(predicted -> row.add(Integer.toString(e.count(actual, predicted))));
      table.add(row.toArray(String[]::new));
    }
    table.print(out);
  }

  /** The reliability table: per bin of top-label probability, its texts, mean probability and accuracy. */
  static void calibration(Calibration c, PrintStream out) {
    out.printf(Locale.ROOT, "calibration of the top label's probability: expected calibration error %s (%d texts)%n",
        fixed(c.expectedCalibrationError()), c.total());
    TextTable table = new TextTable("probability", "texts", "mean probability", "accuracy");
    for (Calibration.Bin bin : c.bins()) {
      if (bin.texts() > 0) {
        table.add(String.format(Locale.ROOT, "%.1f-%.1f", bin.from(), bin.to()), Integer.toString(bin.texts()),
            fixed(bin.meanConfidence()), fixed(bin.accuracy()));
      }
    }
    table.print(out);
  }

  static String fixed(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
