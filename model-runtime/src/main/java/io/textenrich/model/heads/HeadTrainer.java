package io.textenrich.model.heads;

import io.textenrich.model.Classification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a {@link LinearHead} on frozen encoder vectors: first stratified k-fold cross-validation,
 * for figures that say how the head does on texts it has not seen, then one fit on all the data.
 */
public final class HeadTrainer {

  /**
   * Chosen by cross-validation on the shipped data: smaller penalties overfit a few hundred
   * examples, larger ones underfit (the README gives the figures).
   */
  public static final double DEFAULT_L2 = 1e-3;

  /**
   * @param thresholds per-label thresholds saved with the head and applied in cross-validation
   */
  public record Options(int folds, long seed, double l2, Map<String, Double> thresholds) {

    public Options {
      if (folds < 2) {
        throw new IllegalArgumentException("--folds must be >= 2, got " + folds);
      }
      if (!(l2 >= 0)) {
        throw new IllegalArgumentException("--l2 must be >= 0, got " + l2);
      }
      thresholds = Map.copyOf(thresholds);
    }

    public static Options defaults() {
      return new Options(5, 42, DEFAULT_L2, Map.of());
    }
  }

  /**
   * @param source the data file's name, saved with the head
   * @param vectors the encoder's vector of each example, in the same order
   * @param encoderBatchSize texts per encoder call when the vectors were made
   */
  public record Data(String source, List<LabeledText> examples, List<float[]> vectors, int encoderBatchSize) {

    public Data {
      if (examples.size() != vectors.size()) {
        throw new IllegalArgumentException(examples.size() + " examples but " + vectors.size() + " vectors");
      }
    }
  }

  /** The trained head and its cross-validated figures, overall and per language (sorted by code). */
  public record Result(LinearHead head, Evaluation crossValidation, Map<String, Evaluation> byLanguage) {}

  private HeadTrainer() {}

  /** Labels are ordered as they first appear in the data. */
  public static Result train(String name, Data data, EncoderId encoder, Options options) {
    List<String> labels = data.examples().stream().map(LabeledText::label).distinct().toList();
    if (labels.size() < 2) {
      throw new IllegalArgumentException("Training data " + data.source() + " has only the label(s) " + labels + "; a head needs two or more");
    }
    float[][] x = data.vectors().toArray(float[][]::new);
    for (float[] v : x) {
      if (v.length != encoder.dimensions()) {
        throw new IllegalArgumentException("a vector has " + v.length + " dimensions but encoder " + encoder + " has " + encoder.dimensions());
      }
    }
    int[] y = data.examples().stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
    Map<String, Integer> perLabel = new LinkedHashMap<>();
    labels.forEach(l -> perLabel.put(l, 0));
    data.examples().forEach(e -> perLabel.merge(e.label(), 1, Integer::sum));
    perLabel.forEach((label, count) -> {
      if (count < 2) {
        throw new IllegalArgumentException("Label '" + label + "' of " + data.source() + " has only one example; a label"
            + " needs two or more, and at least as many as --folds for every fold to see it");
      }
    });

    int[] fold = CrossValidation.stratifiedFolds(y, labels.size(), options.folds(), options.seed());
    int[] predicted = CrossValidation.predictions(x, y, fold, options.folds(),
        (trainX, trainY) -> LogisticRegression.fit(trainX, trainY, labels.size(), options.l2()),
        (weights, v) -> predict(weights, labels, options.thresholds(), v));
    Evaluation overall = Evaluation.of(labels, y, predicted);
    Map<String, Evaluation> byLanguage = byLanguage(data.examples(), labels, y, predicted);

    Map<String, Double> languageAccuracy = new LinkedHashMap<>();
    byLanguage.forEach((lang, evaluation) -> languageAccuracy.put(lang, evaluation.accuracy()));
    TrainingInfo info = new TrainingInfo(data.source(), sha256(data.examples()), perLabel, options.l2(), data.encoderBatchSize(),
        options.folds(), options.seed(), overall.accuracy(), overall.macroF1(), languageAccuracy);
    LinearWeights weights = LogisticRegression.fit(x, y, labels.size(), options.l2());
    LinearHead head = new LinearHead(name, labels, encoder, weights, options.thresholds(), info);
    return new Result(head, overall, byLanguage);
  }

  private static int predict(LinearWeights weights, List<String> labels, Map<String, Double> thresholds, float[] v) {
    String label = Classification.choose("cv", "", labels, weights.probabilities(v), false, thresholds).label();
    return label == null ? Evaluation.NO_LABEL : labels.indexOf(label);
  }

  private static Map<String, Evaluation> byLanguage(List<LabeledText> examples, List<String> labels, int[] y, int[] predicted) {
    Map<String, List<Integer>> members = new TreeMap<>();
    for (int i = 0; i < examples.size(); i++) {
      String lang = examples.get(i).language();
      if (lang != null) {
        members.computeIfAbsent(lang, k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, Evaluation> out = new LinkedHashMap<>();
    members.forEach((lang, indices) -> out.put(lang, Evaluation.of(labels,
        indices.stream().mapToInt(i -> y[i]).toArray(), indices.stream().mapToInt(i -> predicted[i]).toArray())));
    return out;
  }

  /** A hash of the examples themselves, so reformatting the file does not change it but editing a text does. */
  static String sha256(List<LabeledText> examples) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (LabeledText e : examples) {
        String line = e.text() + '\t' + e.label() + '\t' + (e.language() == null ? "" : e.language()) + '\n';
        digest.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
