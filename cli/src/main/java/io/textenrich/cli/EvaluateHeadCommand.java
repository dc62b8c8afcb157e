package io.textenrich.cli;

import static io.textenrich.cli.EvaluationTables.fixed;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.heads.Evaluation;
import io.textenrich.model.heads.Head;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.model.heads.LabeledText;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate-head", description = {
    "Measure a head on labelled texts it was not trained on, per language, per domain and overall.",
    "Figures: accuracy, macro F1, the false-flag rate (share of legitimate texts given another label), each flagging"
        + " label's recall and the calibration of its probabilities; per domain for data with a \"domain\" field."})
final class EvaluateHeadCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "JSON lines {\"text\": ..., \"label\": ..., \"lang\": ..., \"domain\": ...} (lang and domain optional);"
          + " repeatable, measured together.")
  List<Path> data;

  @Option(names = "--head", required = true, paramLabel = "HEAD",
      description = "A built-in head name (sentiment, moderation) for --model, or a head file or directory.")
  String head;

  @Option(names = "--model", paramLabel = "ENCODER", description = "Encoder whose built-in head a name picks"
      + " (default: ${DEFAULT-VALUE}; a head file names its own).")
  String model = EmbedderSettings.DEFAULT_MODEL;

  @Option(names = "--label-field", paramLabel = "FIELD",
      description = "The field that holds the true label, e.g. sentiment in a moderation set that gives it on its legitimate"
          + " texts; lines without it are left out (default: ${DEFAULT-VALUE}).")
  String labelField = "label";

  @Option(names = "--apart", paramLabel = "DOMAIN",
      description = "For a head with the legitimate label: a domain reported in its own row and left out of the figures per"
          + " language and overall (repeatable; default: " + HeadSet.FIRST_PARTY_PROMOTIONS + ", which the built-in moderation"
          + " heads allow).")
  List<String> apart = new ArrayList<>(List.of(HeadSet.FIRST_PARTY_PROMOTIONS));

  @Option(names = "--legitimate-label", paramLabel = "LABEL",
      description = "The label of texts that must not be flagged (default: ${DEFAULT-VALUE}, when the head has it).")
  String legitimateLabel = "ok";

  @Option(names = "--batch-size", description = "Texts per encoder call (default: ${DEFAULT-VALUE}, as the heads were trained).")
  int batchSize = 1;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  private final PrintStream out;

  EvaluateHeadCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    Head loaded = HeadSet.load(List.of(head), model).heads().get(0);
    LabeledVectors labeled = LabeledVectors.read(data, labelField, loaded.encoder().model(), device, batchSize);
    loaded.requireEncoder(labeled.encoder().model(), labeled.encoder().version());
    out.printf(Locale.ROOT, "head %s (%s) on %s (%s), thresholds %s; %d texts from %s%n", loaded.name(), loaded.version(),
        loaded.encoder().model(), loaded.parts(), loaded.thresholds(), labeled.examples().size(), labeled.source());

    List<String> flagging = loaded.labels().contains(legitimateLabel)
        ? loaded.labels().stream().filter(l -> !l.equals(legitimateLabel)).toList() : List.of();
    Map<String, List<Integer>> byLanguage = new TreeMap<>();
    List<Integer> apartRows = new ArrayList<>();
    for (int i = 0; i < labeled.examples().size(); i++) {
      LabeledText example = labeled.examples().get(i);
      if (!flagging.isEmpty() && apart.contains(example.domain())) {
        apartRows.add(i);
      } else {
        byLanguage.computeIfAbsent(example.language() == null ? "all" : example.language(), k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, List<Integer>> groups = new LinkedHashMap<>(byLanguage);
    if (byLanguage.size() > 1) {
      List<Integer> all = new ArrayList<>();
      byLanguage.values().forEach(all::addAll);
      groups.put("all", all);
    }
    if (!apartRows.isEmpty()) {
      out.printf(Locale.ROOT, "%d texts of the domains %s are reported apart and left out of the figures per language%n",
          apartRows.size(), apart);
    }
    TextTable summary = figuresTable("language", flagging);
    groups.forEach((lang, rows) -> addFigures(summary, lang, select(labeled, rows), loaded, flagging));
    out.println();
    summary.print(out);

    if (labeled.examples().stream().anyMatch(e -> e.domain() != null)) {
      out.printf(Locale.ROOT, "%nPer domain%s:%n", flagging.isEmpty() ? ""
          : " (false flags: share of the domain's '" + legitimateLabel + "' texts flagged; recall: of its texts of that label)");
      TextTable domains = domainTable(flagging);
      Map<String, List<Integer>> withApart = new LinkedHashMap<>(byLanguage);
      for (int i : apartRows) {
        String lang = labeled.examples().get(i).language();
        withApart.computeIfAbsent(lang == null ? "all" : lang, k -> new ArrayList<>()).add(i);
      }
      withApart.forEach((lang, rows) -> {
        Selection selection = select(labeled, rows);
        loaded.evaluateByDomain(selection.examples(), selection.vectors()).forEach((domain, e) ->
            addDomainRow(domains, lang + " / " + domain + (apartRows.isEmpty() || !apart.contains(domain) ? "" : " (apart)"), e,
                flagging));
      });
      domains.print(out);
    }

    groups.forEach((lang, rows) -> {
      Selection selection = select(labeled, rows);
      out.printf(Locale.ROOT, "%nlanguage %s:%n", lang);
      Evaluation e = loaded.evaluate(selection.examples(), selection.vectors());
      EvaluationTables.figures(e, out);
      EvaluationTables.confusion(e, out);
      EvaluationTables.calibration(loaded.calibration(selection.examples(), selection.vectors()), out);
    });
    return 0;
  }

  private record Selection(List<LabeledText> examples, List<float[]> vectors) {}

  private static Selection select(LabeledVectors labeled, List<Integer> rows) {
    return new Selection(rows.stream().map(labeled.examples()::get).toList(), rows.stream().map(labeled.vectors()::get).toList());
  }

  private static TextTable figuresTable(String first, List<String> flagging) {
    List<String> header = new ArrayList<>(List.of(first, "texts", "accuracy", "macro F1"));
    if (!flagging.isEmpty()) {
      header.add("false flags");
      flagging.forEach(l -> header.add("recall " + l));
    }
    return new TextTable(header.toArray(String[]::new));
  }

  /** Per domain, accuracy and the false-flag and recall figures: a domain mostly holds one label, so no macro F1. */
  private static TextTable domainTable(List<String> flagging) {
    List<String> header = new ArrayList<>(List.of("language / domain", "texts", "accuracy"));
    if (!flagging.isEmpty()) {
      header.add("false flags");
      flagging.forEach(l -> header.add("recall " + l));
    }
    return new TextTable(header.toArray(String[]::new));
  }

  private void addDomainRow(TextTable table, String name, Evaluation e, List<String> flagging) {
    List<String> row = new ArrayList<>(List.of(name, Integer.toString(e.total()), fixed(e.accuracy())));
    addFlagging(row, e, flagging);
    table.add(row.toArray(String[]::new));
  }

  private void addFigures(TextTable table, String name, Selection selection, Head head, List<String> flagging) {
    addRow(table, name, head.evaluate(selection.examples(), selection.vectors()), flagging);
  }

  /** Figures of labels the texts do not have are left blank rather than shown as 0. */
  private void addRow(TextTable table, String name, Evaluation e, List<String> flagging) {
    List<String> row = new ArrayList<>(List.of(name, Integer.toString(e.total()), fixed(e.accuracy()), fixed(e.macroF1())));
    addFlagging(row, e, flagging);
    table.add(row.toArray(String[]::new));
  }

  private void addFlagging(List<String> row, Evaluation e, List<String> flagging) {
    if (!flagging.isEmpty()) {
      row.add(e.support(legitimateLabel) == 0 ? "" : fixed(e.falseFlagRate(legitimateLabel)));
      flagging.forEach(l -> row.add(e.support(l) == 0 ? "" : fixed(e.recall(l))));
    }
  }
}
