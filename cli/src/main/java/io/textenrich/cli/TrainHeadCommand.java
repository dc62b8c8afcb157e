package io.textenrich.cli;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.heads.EncoderId;
import io.textenrich.model.heads.Evaluation;
import io.textenrich.model.heads.HeadTrainer;
import io.textenrich.model.heads.LabeledText;
import io.textenrich.model.heads.LinearHead;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-head", description = {
    "Train a classification head on frozen encoder vectors: k-fold cross-validation figures first,",
    "then a fit on all the data, saved as a head file that `classify --heads` and the service load."})
final class TrainHeadCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "JSON lines {\"text\": ..., \"label\": ..., \"lang\": ...} (lang optional: figures per language).")
  Path data;

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

  @Option(names = "--l2", description = "L2 penalty on the weights (default: ${DEFAULT-VALUE}).")
  double l2 = HeadTrainer.DEFAULT_L2;

  @Option(names = "--threshold", paramLabel = "LABEL=P",
      description = "Minimum probability for LABEL to be chosen, saved with the head (repeatable).")
  Map<String, Double> thresholds = new LinkedHashMap<>();

  @Option(names = "--batch-size", description = "Texts per encoder call (default: ${DEFAULT-VALUE}, as `classify` runs; with int8"
      + " encoders a vector shifts slightly with its batch neighbours).")
  int batchSize = 1;

  @Option(names = "--device", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device = "auto";

  private final PrintStream out;

  TrainHeadCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1");
    }
    Path file = isJsonFile(outPath) ? outPath : outPath.resolve("head.json");
    String headName = name != null ? name : defaultName(outPath);
    List<LabeledText> examples = LabeledText.readJsonl(data);
    HeadTrainer.Options options = new HeadTrainer.Options(folds, seed, l2, thresholds);

    EmbedderSettings settings = EmbedderSettings.of(model)
        .withSession(SessionSettings.defaults().withDevice(ExecutionDevice.parse(device)));
    List<float[]> vectors = new ArrayList<>(examples.size());
    EncoderId encoder;
    long start = System.nanoTime();
    try (SentenceEmbedder embedder = SentenceEmbedder.open(settings)) {
      List<String> texts = examples.stream().map(LabeledText::text).toList();
      for (int from = 0; from < texts.size(); from += batchSize) {
        vectors.addAll(embedder.embed(texts.subList(from, Math.min(texts.size(), from + batchSize))).vectors());
      }
      encoder = new EncoderId(embedder.modelName(), embedder.modelVersion(), embedder.dimensions());
    }
    double embedSeconds = (System.nanoTime() - start) / 1e9;
    String counts = examples.stream().collect(Collectors.groupingBy(LabeledText::label, LinkedHashMap::new, Collectors.counting()))
        .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    out.printf(Locale.ROOT, "%d examples (%s) from %s%n", examples.size(), counts, data.getFileName());
    out.printf(Locale.ROOT, "encoder %s, %d text(s) per call, %.1f s%n", encoder, batchSize, embedSeconds);

    HeadTrainer.Result result = HeadTrainer.train(headName,
        new HeadTrainer.Data(data.getFileName().toString(), examples, vectors, batchSize), encoder, options);

    Evaluation cv = result.crossValidation();
    out.printf(Locale.ROOT, "%n%d-fold cross-validation (seed %d, l2 %s):%n", folds, seed, l2);
    printFigures(cv);
    out.println();
    printConfusion(cv);
    for (Map.Entry<String, Evaluation> language : result.byLanguage().entrySet()) {
      out.printf(Locale.ROOT, "%nlanguage %s:%n", language.getKey());
      printFigures(language.getValue());
    }

    LinearHead head = result.head();
    head.save(file);
    out.printf(Locale.ROOT, "%nwrote %s: head %s (%s), labels %s, trained on all %d examples%n",
        file, head.name(), head.version(), head.labels(), examples.size());
    return 0;
  }

  private void printFigures(Evaluation e) {
    TextTable table = new TextTable("label", "precision", "recall", "f1", "support");
    for (String label : e.labels()) {
      table.add(label, fixed(e.precision(label)), fixed(e.recall(label)), fixed(e.f1(label)), Integer.toString(e.support(label)));
    }
    table.print(out);
    out.printf(Locale.ROOT, "accuracy %s (%d examples), macro F1 %s%n", fixed(e.accuracy()), e.total(), fixed(e.macroF1()));
  }

  private void printConfusion(Evaluation e) {
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

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static boolean isJsonFile(Path path) {
    return path.getFileName().toString().endsWith(".json") && !Files.isDirectory(path);
  }

  private static String defaultName(Path out) {
    String file = out.toAbsolutePath().normalize().getFileName().toString();
    return file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
  }
}
