package io.textenrich.cli;

import static io.textenrich.cli.EvaluationTables.fixed;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.heads.Evaluation;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.model.heads.LabeledText;
import io.textenrich.model.heads.LinearHead;
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
    "Measure a head on labelled texts it was not trained on, per language and overall.",
    "Figures: accuracy, macro F1, the false-flag rate (share of legitimate texts given another label) and each flagging"
        + " label's recall."})
final class EvaluateHeadCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "JSON lines {\"text\": ..., \"label\": ..., \"lang\": ...}; repeatable, measured together.")
  List<Path> data;

  @Option(names = "--head", required = true, paramLabel = "HEAD",
      description = "A built-in head name (sentiment, moderation) for --model, or a head file or directory.")
  String head;

  @Option(names = "--model", paramLabel = "ENCODER", description = "Encoder whose built-in head a name picks"
      + " (default: ${DEFAULT-VALUE}; a head file names its own).")
  String model = EmbedderSettings.DEFAULT_MODEL;

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
    LinearHead loaded = HeadSet.load(List.of(head), model).heads().get(0);
    LabeledVectors labeled = LabeledVectors.read(data, loaded.encoder().model(), device, batchSize);
    loaded.requireEncoder(labeled.encoder().model(), labeled.encoder().version());
    out.printf(Locale.ROOT, "head %s (%s) on %s, thresholds %s; %d texts from %s%n", loaded.name(), loaded.version(),
        loaded.encoder().model(), loaded.thresholds(), labeled.examples().size(), labeled.source());

    Map<String, List<Integer>> byLanguage = new TreeMap<>();
    for (int i = 0; i < labeled.examples().size(); i++) {
      String lang = labeled.examples().get(i).language();
      byLanguage.computeIfAbsent(lang == null ? "all" : lang, k -> new ArrayList<>()).add(i);
    }
    Map<String, Evaluation> evaluations = new LinkedHashMap<>();
    byLanguage.forEach((lang, rows) -> evaluations.put(lang, evaluate(loaded, labeled, rows)));
    if (byLanguage.size() > 1) {
      List<Integer> all = new ArrayList<>();
      byLanguage.values().forEach(all::addAll);
      evaluations.put("all", evaluate(loaded, labeled, all));
    }
    boolean hasLegitimate = loaded.labels().contains(legitimateLabel);
    List<String> header = new ArrayList<>(List.of("language", "texts", "accuracy", "macro F1"));
    if (hasLegitimate) {
      header.add("false flags");
      loaded.labels().stream().filter(l -> !l.equals(legitimateLabel)).forEach(l -> header.add("recall " + l));
    }
    TextTable summary = new TextTable(header.toArray(String[]::new));
    evaluations.forEach((lang, e) -> {
      List<String> row = new ArrayList<>(List.of(lang, Integer.toString(e.total()), fixed(e.accuracy()), fixed(e.macroF1())));
      if (hasLegitimate) {
        row.add(fixed(e.falseFlagRate(legitimateLabel)));
        loaded.labels().stream().filter(l -> !l.equals(legitimateLabel)).forEach(l -> row.add(fixed(e.recall(l))));
      }
      summary.add(row.toArray(String[]::new));
    });
    out.println();
    summary.print(out);
    evaluations.forEach((lang, e) -> {
      out.printf(Locale.ROOT, "%nlanguage %s:%n", lang);
      EvaluationTables.figures(e, out);
      EvaluationTables.confusion(e, out);
    });
    return 0;
  }

  private static Evaluation evaluate(LinearHead head, LabeledVectors labeled, List<Integer> rows) {
    List<LabeledText> examples = rows.stream().map(labeled.examples()::get).toList();
    List<float[]> vectors = rows.stream().map(labeled.vectors()::get).toList();
    return head.evaluate(examples, vectors);
  }
}
