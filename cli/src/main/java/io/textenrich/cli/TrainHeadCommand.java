package io.textenrich.cli;

import static io.textenrich.cli.EvaluationTables.fixed;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.heads.Evaluation;
import io.textenrich.model.heads.FalseFlagBudget;
import io.textenrich.model.heads.HeadTrainer;
import io.textenrich.model.heads.LabeledText;
import io.textenrich.model.heads.Head;
import io.textenrich.model.heads.ThresholdCurve;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-head", description = {
    "Train a classification head on frozen encoder vectors and save it as a head file.",
    "K-fold cross-validation on the training data chooses the L2 penalty and, with --max-false-flag-rate, the flagging"
        + " labels' thresholds; its figures and per-label threshold curves are printed; then a fit on all the data is saved"
        + " as a head file that `classify --heads` and the service load.",
    "Keep evaluation data out of --data and measure the head on it with `evaluate-head`."})
final class TrainHeadCommand implements Callable<Integer> {

  /** Thresholds of the printed curve table; the chart has every hundredth. */
  private static final double[] TABLE_THRESHOLDS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "JSON lines {\"text\": ..., \"label\": ..., \"lang\": ...} (lang optional: figures per language);"
          + " repeatable, the files are trained on together.")
  List<Path> data;

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "Head file to write (NAME.json), or a directory to write head.json into.")
  Path outPath;

  @Option(names = "--name", description = "Head name, the key of its result (default: the --out file's or directory's name).")
  String name;

  @Option(names = "--model", paramLabel = "ENCODER", description = "Built-in encoder id or model directory (default: ${DEFAULT-VALUE}).")
  String model = EmbedderSettings.DEFAULT_MODEL;

  @Option(names = "--folds", description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
  int folds = HeadTrainer.Options.defaults().folds();

  @Option(names = "--seed", description = "Seed of the fold assignment (default: ${DEFAULT-VALUE}).")
  long seed = HeadTrainer.Options.defaults().seed();

  @Option(names = "--l2", split = ",", paramLabel = "PENALTY",
      description = "L2 penalty on the weights, or several (comma-separated) for cross-validation to choose from by macro F1"
          + " (default: ${DEFAULT-VALUE}).")
  List<Double> l2 = new ArrayList<>(HeadTrainer.DEFAULT_L2);

  @Option(names = "--hidden", split = ",", paramLabel = "UNITS",
      description = "Hidden-layer size, or several (comma-separated) for cross-validation to choose from together with --l2;"
          + " 0 is a linear head (default: ${DEFAULT-VALUE}).")
  List<Integer> hidden = new ArrayList<>(HeadTrainer.Options.defaults().hiddenUnitsCandidates());

  @Option(names = "--threshold", paramLabel = "LABEL=P",
      description = "Minimum probability for LABEL to be chosen, saved with the head (repeatable).")
  Map<String, Double> thresholds = new LinkedHashMap<>();

  @Option(names = "--max-false-flag-rate", paramLabel = "RATE",
      description = "Choose the thresholds of every label but --legitimate-label so that at most RATE of the legitimate"
          + " texts are flagged in cross-validation, e.g. 0.05 (instead of --threshold).")
  Double maxFalseFlagRate;

  @Option(names = "--label-max-false-flag-rate", paramLabel = "LABEL=RATE",
      description = "With --max-false-flag-rate, at most RATE of the legitimate texts may reach this label's threshold,"
          + " within the whole budget, so that one label cannot take it all from the others; repeatable.")
  Map<String, Double> labelMaxFalseFlagRates = new LinkedHashMap<>();

  @Option(names = "--false-flag-language", paramLabel = "LANG",
      description = "Count only the legitimate texts of this language for --max-false-flag-rate: the language the head is"
          + " for (default: all).")
  String falseFlagLanguage;

  @Option(names = "--legitimate-label", paramLabel = "LABEL",
      description = "The label of texts that must not be flagged, for --max-false-flag-rate and the false-flag column"
          + " (default: ${DEFAULT-VALUE}, when the data has it).")
  String legitimateLabel = "ok";

  @Option(names = "--lexical", description = "Also try a lexical part on the texts' words and characters beside the encoder"
      + " part, mixed at several shares, and keep it when cross-validation says it pays (the built-in moderation heads have one).")
  boolean lexical;

  @Option(names = "--embedding-shares", split = ",", paramLabel = "SHARE",
      description = "With --lexical, the encoder part's shares in [0, 1) to try the mix at (default: ${DEFAULT-VALUE}).")
  List<Double> embeddingShares = new ArrayList<>(HeadTrainer.EMBEDDING_SHARES);

  @Option(names = "--embedding-share", paramLabel = "LABEL=SHARE", description = "With --lexical, the encoder part's share"
      + " in [0, 1] for this label instead of the one cross-validation chooses (the others keep that one); repeatable."
      + " For shares chosen on development data, as false-flag budgets are.")
  Map<String, Double> embeddingShareByLabel = new LinkedHashMap<>();

  @Option(names = "--chart", paramLabel = "FILE.svg", description = "Also draw the threshold curves as an SVG chart.")
  Path chart;

  @Option(names = "--batch-size", description = "Texts per encoder call (default: ${DEFAULT-VALUE}, as `classify` runs; with int8"
      + " encoders a vector shifts slightly with its batch neighbours).")
  int batchSize = 1;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  private final PrintStream out;

  TrainHeadCommand(PrintStream out) {
    this.out = out;
  }

  /** Below this many texts tested per fold, one text moves a fold's accuracy by more than ten points. */
  static final int MIN_TEXTS_PER_FOLD = 10;

  /**
   * A warning when the cross-validated figures rest on too few texts: folds that test on fewer than
   * {@value #MIN_TEXTS_PER_FOLD} texts each, or a label with fewer examples than folds (some folds then never test it).
   */
  static Optional<String> fewExamplesWarning(Map<String, Long> examplesPerLabel, int folds) {
    long examples = examplesPerLabel.values().stream().mapToLong(Long::longValue).sum();
    List<String> rare = examplesPerLabel.entrySet().stream().filter(e -> e.getValue() < folds).map(Map.Entry::getKey).toList();
    if (examples >= (long) MIN_TEXTS_PER_FOLD * folds && rare.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "warning: %d examples in %d folds: each fold tests on about %.0f text(s)%s, so the"
        + " cross-validated figures below say little; give at least %d examples (%d per fold), or fewer --folds",
        examples, folds, (double) examples / folds,
        rare.isEmpty() ? "" : " and labels " + rare + " have fewer examples than folds",
        (long) MIN_TEXTS_PER_FOLD * folds, MIN_TEXTS_PER_FOLD));
  }

  @Override
  public Integer call() throws Exception {
    Path file = isJsonFile(outPath) ? outPath : outPath.resolve("head.json");
    String headName = name != null ? name : defaultName(outPath);
    if (!lexical && !embeddingShares.equals(HeadTrainer.EMBEDDING_SHARES)) {
      throw new IllegalArgumentException("--embedding-shares needs --lexical");
    }
    if (falseFlagLanguage != null && maxFalseFlagRate == null) {
      throw new IllegalArgumentException("--false-flag-language needs --max-false-flag-rate");
    }
    if (!labelMaxFalseFlagRates.isEmpty() && maxFalseFlagRate == null) {
      throw new IllegalArgumentException("--label-max-false-flag-rate needs --max-false-flag-rate, the whole budget it shares");
    }
    FalseFlagBudget budget = maxFalseFlagRate == null ? null
        : new FalseFlagBudget(legitimateLabel, maxFalseFlagRate, falseFlagLanguage, labelMaxFalseFlagRates);
    HeadTrainer.Options options = new HeadTrainer.Options(folds, seed, l2, hidden, thresholds, budget)
        .withEmbeddingShares(lexical ? embeddingShares : List.of())
        .withEmbeddingShareByLabel(embeddingShareByLabel);
    LabeledVectors labeled = LabeledVectors.read(data, "label", model, device, batchSize);
    List<LabeledText> examples = labeled.examples();
    Map<String, Long> perLabel = examples.stream()
        .collect(Collectors.groupingBy(LabeledText::label, LinkedHashMap::new, Collectors.counting()));
    String counts = perLabel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    out.printf(Locale.ROOT, "%d examples (%s) from %s%n", examples.size(), counts, labeled.source());
    fewExamplesWarning(perLabel, folds).ifPresent(out::println);
    out.printf(Locale.ROOT, "encoder %s, %d text(s) per call, %.1f s%n", labeled.encoder(), batchSize, labeled.embedSeconds());

    HeadTrainer.Result result = HeadTrainer.train(headName,
        new HeadTrainer.Data(labeled.source(), examples, labeled.vectors(), batchSize), labeled.encoder(), options);
    Head head = result.head();

    if (result.candidates().size() > 1) {
      out.printf(Locale.ROOT, "%n%d-fold cross-validated figures of each candidate (seed %d)%s:%n", folds, seed,
          budget == null ? "" : "; the mean recall of the flagging labels at the false-flag budget decides");
      TextTable candidates = budget == null ? new TextTable("head", "l2", "macro F1", "")
          : new TextTable("head", "l2", "macro F1", "recall at budget", "");
      result.candidates().forEach((candidate, f) -> {
        String kind = candidate.hiddenUnits() == 0 ? "linear" : "mlp, " + candidate.hiddenUnits() + " hidden units";
        String chosen = candidate.equals(result.chosen()) ? "chosen" : "";
        if (budget == null) {
          candidates.add(kind, Double.toString(candidate.l2()), fixed(f.macroF1()), chosen);
        } else {
          candidates.add(kind, Double.toString(candidate.l2()), fixed(f.macroF1()), fixed(f.flaggingRecall()), chosen);
        }
      });
      candidates.print(out);
    }
    if (!result.embeddingShares().isEmpty()) {
      out.printf(Locale.ROOT, "%nThe chosen head mixed with a lexical part (words and characters), cross-validated at each share of the"
          + " encoder part (1: no lexical part):%n");
      TextTable shares = budget == null ? new TextTable("encoder share", "macro F1", "")
          : new TextTable("encoder share", "macro F1", "recall at budget", "");
      result.embeddingShares().forEach((share, f) -> {
        String chosen = share == result.embeddingShare() ? "chosen" : "";
        if (budget == null) {
          shares.add(Double.toString(share), fixed(f.macroF1()), chosen);
        } else {
          shares.add(Double.toString(share), fixed(f.macroF1()), fixed(f.flaggingRecall()), chosen);
        }
      });
      shares.print(out);
      if (!embeddingShareByLabel.isEmpty()) {
        out.printf(Locale.ROOT, "--embedding-share sets the shares per label instead of the chosen one (the head's parts, below)%n");
      }
    }
    boolean hasLegitimate = head.labels().contains(legitimateLabel);
    out.printf(Locale.ROOT, "%nPer label, in cross-validation: precision and recall of \"score >= threshold\"%s:%n",
        hasLegitimate ? ", and the share of '" + legitimateLabel + "' texts it flags" : "");
    printCurves(result.curves(), hasLegitimate);
    if (budget != null) {
      out.printf(Locale.ROOT, "thresholds chosen for at most %s of '%s' texts%s flagged%s: %s%n", fixed(budget.maxRate()),
          legitimateLabel, falseFlagLanguage == null ? "" : " of language " + falseFlagLanguage,
          budget.labelMaxRates().isEmpty() ? "" : ", by label at most " + budget.labelMaxRates(), head.thresholds());
    }
    if (chart != null) {
      Files.writeString(chart, ThresholdChart.svg("Head " + headName + " on " + labeled.encoder().model() + ", " + folds
          + "-fold cross-validation on " + labeled.source(), result.curves(), head.thresholds()));
      out.printf(Locale.ROOT, "wrote %s%n", chart);
    }

    Evaluation cv = result.crossValidation();
    out.printf(Locale.ROOT, "%n%d-fold cross-validation (seed %d, %s%s, thresholds %s):%n", folds, seed, result.chosen(),
        ", " + head.parts(), head.thresholds());
    EvaluationTables.figures(cv, out);
    if (hasLegitimate) {
      out.printf(Locale.ROOT, "false-flag rate (share of '%s' texts given another label) %s%n", legitimateLabel,
          fixed(cv.falseFlagRate(legitimateLabel)));
    }
    out.println();
    EvaluationTables.confusion(cv, out);
    out.println();
    EvaluationTables.calibration(result.calibration(), out);
    for (Map.Entry<String, Evaluation> language : result.byLanguage().entrySet()) {
      out.printf(Locale.ROOT, "%nlanguage %s:%n", language.getKey());
      EvaluationTables.figures(language.getValue(), out);
    }

    head.save(file);
    out.printf(Locale.ROOT, "%nwrote %s: head %s (%s), labels %s, trained on all %d examples%n",
        file, head.name(), head.version(), head.labels(), examples.size());
    return 0;
  }

  private void printCurves(Map<String, List<ThresholdCurve.Point>> curves, boolean withFalseFlags) {
    List<String> header = new ArrayList<>(List.of("label", "threshold", "precision", "recall"));
    if (withFalseFlags) {
      header.add("false flags");
    }
    TextTable table = new TextTable(header.toArray(String[]::new));
    curves.forEach((label, points) -> {
      for (ThresholdCurve.Point p : points) {
        if (Arrays.stream(TABLE_THRESHOLDS).anyMatch(t -> Math.abs(t - p.threshold()) < 1e-9)) {
          List<String> row = new ArrayList<>(List.of(label, fixed(p.threshold()), fixed(p.precision()), fixed(p.recall())));
          if (withFalseFlags) {
            row.add(label.equals(legitimateLabel) ? "" : fixed(p.falseFlagRate()));
          }
          table.add(row.toArray(String[]::new));
        }
      }
    });
    table.print(out);
  }

  private static boolean isJsonFile(Path path) {
    return path.getFileName().toString().endsWith(".json") && !Files.isDirectory(path);
  }

  private static String defaultName(Path out) {
    String file = out.toAbsolutePath().normalize().getFileName().toString();
    return file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
  }
}
