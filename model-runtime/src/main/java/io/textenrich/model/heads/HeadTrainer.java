package io.textenrich.model.heads;

import io.textenrich.model.Classification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Head} on frozen encoder vectors. Stratified k-fold cross-validation on the
 * training data chooses the architecture (linear, or a hidden layer of some size) and the L2
 * penalty among the candidates and, for a false-flag budget, the flagging labels' thresholds; its
 * out-of-fold figures are the head's validation figures. Then one fit on all the training data.
 * Evaluation data must be kept out of training altogether: its figures come from
 * {@link Head#evaluate}.
 */
public final class HeadTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(HeadTrainer.class);

  /**
   * The penalties cross-validation chooses from by default: smaller ones overfit a few thousand
   * examples, larger ones underfit.
   */
  public static final List<Double> DEFAULT_L2 = List.of(3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2);

  /**
   * The embedding part's shares in a head with a lexical part that cross-validation tries; a head
   * without one is share 1.
   */
  public static final List<Double> EMBEDDING_SHARES = List.of(0.0, 0.25, 0.5, 0.75);

  /**
   * The lexical part's penalty: about what one over ten times the examples gives for the few
   * thousand texts of the built-in heads, where more and less penalty did no better in
   * cross-validation.
   */
  static final double LEXICAL_L2 = 2e-5;

  /** Thresholds at which {@link Result#curves} are given. */
  private static final double[] CURVE_THRESHOLDS = IntStream.rangeClosed(1, 99).mapToDouble(i -> i / 100.0).toArray();

  /**
   * Every pair of a hidden-layer size and an L2 penalty is a candidate. Cross-validation picks the
   * one with the best mean recall of the flagging labels at thresholds chosen for the false-flag
   * budget, when there is one, and otherwise the best macro F1 (labels by highest score).
   *
   * @param l2Candidates L2 penalties
   * @param hiddenUnitsCandidates hidden-layer sizes; 0 is a linear head (no hidden layer)
   * @param thresholds per-label thresholds saved with the head and applied in cross-validation
   * @param falseFlagBudget when not null, the thresholds are chosen for it instead (then
   *     {@code thresholds} must be empty)
   * @param embeddingShares the shares of the chosen embedding part at which cross-validation tries a
   *     lexical part ({@link LexicalWeights}) beside it, keeping the best when it beats the embedding
   *     part alone; empty for none
   * @param embeddingShareByLabel shares given per label, which the head takes for those labels instead
   *     of the one cross-validation chose (chosen elsewhere, as the false-flag budgets are, on
   *     development data); empty for none
   */
  public record Options(int folds, long seed, List<Double> l2Candidates, List<Integer> hiddenUnitsCandidates,
      Map<String, Double> thresholds, FalseFlagBudget falseFlagBudget, List<Double> embeddingShares,
      Map<String, Double> embeddingShareByLabel) {

    public Options {
      if (folds < 2) {
        throw new IllegalArgumentException("--folds must be >= 2, got " + folds);
      }
      if (l2Candidates.isEmpty() || !l2Candidates.stream().allMatch(l2 -> l2 >= 0)) {
        throw new IllegalArgumentException("--l2 needs one or more penalties >= 0, got " + l2Candidates);
      }
      if (hiddenUnitsCandidates.isEmpty() || !hiddenUnitsCandidates.stream().allMatch(h -> h >= 0)) {
        throw new IllegalArgumentException("--hidden needs one or more sizes >= 0 (0: linear), got " + hiddenUnitsCandidates);
      }
      if (falseFlagBudget != null && !thresholds.isEmpty()) {
        throw new IllegalArgumentException("give thresholds or a false-flag budget to choose them, not both");
      }
      if (!embeddingShares.stream().allMatch(s -> s >= 0 && s < 1)) {
        throw new IllegalArgumentException("--embedding-shares must be in [0, 1) (1 is the encoder part alone, always tried), got "
            + embeddingShares);
      }
      if (!embeddingShareByLabel.values().stream().allMatch(s -> s >= 0 && s <= 1)) {
        throw new IllegalArgumentException("--embedding-share LABEL=SHARE needs shares in [0, 1], got " + embeddingShareByLabel);
      }
      if (!embeddingShareByLabel.isEmpty() && embeddingShares.isEmpty()) {
        throw new IllegalArgumentException("--embedding-share LABEL=SHARE mixes a lexical part: it needs --lexical");
      }
      l2Candidates = List.copyOf(l2Candidates);
      hiddenUnitsCandidates = List.copyOf(hiddenUnitsCandidates);
      embeddingShares = List.copyOf(embeddingShares);
      thresholds = Map.copyOf(thresholds);
      embeddingShareByLabel = Map.copyOf(embeddingShareByLabel);
    }

    public Options(int folds, long seed, List<Double> l2Candidates, List<Integer> hiddenUnitsCandidates,
        Map<String, Double> thresholds, FalseFlagBudget falseFlagBudget) {
      this(folds, seed, l2Candidates, hiddenUnitsCandidates, thresholds, falseFlagBudget, List.of(), Map.of());
    }

    /** With a lexical part tried at {@link #EMBEDDING_SHARES}, or without one. */
    public Options withLexical(boolean on) {
      return withEmbeddingShares(on ? EMBEDDING_SHARES : List.of());
    }

    public Options withEmbeddingShares(List<Double> shares) {
      return new Options(folds, seed, l2Candidates, hiddenUnitsCandidates, thresholds, falseFlagBudget, shares,
          embeddingShareByLabel);
    }

    public Options withEmbeddingShareByLabel(Map<String, Double> shares) {
      return new Options(folds, seed, l2Candidates, hiddenUnitsCandidates, thresholds, falseFlagBudget, embeddingShares,
          shares);
    }

    /** One architecture, one penalty and fixed thresholds, as a shipped head's training info records them. */
    public Options(int folds, long seed, double l2, int hiddenUnits, Map<String, Double> thresholds) {
      this(folds, seed, List.of(l2), List.of(hiddenUnits), thresholds, null);
    }

    /** A linear head with one penalty and fixed thresholds. */
    public Options(int folds, long seed, double l2, Map<String, Double> thresholds) {
      this(folds, seed, l2, 0, thresholds);
    }

    public static Options defaults() {
      return new Options(5, 42, DEFAULT_L2, List.of(0), Map.of(), null);
    }
  }

  /** One architecture and penalty that cross-validation tried. */
  public record Candidate(int hiddenUnits, double l2) {

    @Override
    public String toString() {
      return (hiddenUnits == 0 ? "linear" : "mlp " + hiddenUnits) + ", l2 " + l2;
    }
  }

  /**
   * A candidate's cross-validated figures.
   *
   * @param flaggingRecall mean recall of the flagging labels at thresholds chosen for the
   *     false-flag budget; NaN without a budget
   */
  public record CandidateFigures(double macroF1, double flaggingRecall) {

    /** For the training log: macro F1, and the recall at the budget when there is one. */
    String describe() {
      return String.format(Locale.ROOT, "macro F1 %.3f", macroF1)
          + (Double.isNaN(flaggingRecall) ? "" : String.format(Locale.ROOT, ", recall at the false-flag budget %.3f", flaggingRecall));
    }
  }

  /**
   * @param source the data files' names, saved with the head
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

  /**
   * The trained head and its cross-validated figures, overall and per language (sorted by code).
   *
   * @param candidates cross-validated figures of each candidate, in the order tried
   * @param chosen the candidate the head was fitted with
   * @param curves per label, cross-validated precision, recall and false-flag rate at thresholds 0.01 to 0.99
   * @param calibration reliability of the cross-validated probabilities
   * @param embeddingShares with {@link Options#embeddingShares}, the cross-validated figures of the chosen
   *     candidate mixed with a lexical part at each embedding share (1: without one); empty otherwise
   * @param embeddingShare the share the head has; 1 when it has no lexical part
   */
  public record Result(Head head, Evaluation crossValidation, Map<String, Evaluation> byLanguage,
      Map<Candidate, CandidateFigures> candidates, Candidate chosen, Map<String, List<ThresholdCurve.Point>> curves,
      Calibration calibration, Map<Double, CandidateFigures> embeddingShares, double embeddingShare) {}

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
    FalseFlagBudget budget = options.falseFlagBudget();
    int legitimate = budget == null ? -1 : labels.indexOf(budget.legitimateLabel());
    if (budget != null && legitimate < 0) {
      throw new IllegalArgumentException("The legitimate label '" + budget.legitimateLabel() + "' is not among the labels "
          + labels + " of " + data.source());
    }
    // Before cross-validation, which takes minutes on real data.
    requireLabels("--label-max-false-flag-rate", budget == null ? Set.of() : budget.labelMaxRates().keySet(), labels, data);
    requireLabels("--embedding-share", options.embeddingShareByLabel().keySet(), labels, data);

    int[] fold = CrossValidation.stratifiedFolds(y, labels.size(), options.folds(), options.seed());
    int[] budgetRows = budget == null ? null : budgetRows(data.examples(), budget);
    Map<Candidate, CandidateFigures> figures = new LinkedHashMap<>();
    Candidate chosen = null;
    float[][] scores = null;
    for (int hiddenUnits : options.hiddenUnitsCandidates()) {
      for (double l2 : options.l2Candidates()) {
        Candidate candidate = new Candidate(hiddenUnits, l2);
        long start = System.nanoTime();
        float[][] candidateScores = CrossValidation.scores(x, y, fold, options.folds(),
            (trainX, trainY) -> fit(trainX, trainY, labels.size(), candidate, options.seed()), HeadWeights::probabilities);
        CandidateFigures f = figures(labels, y, candidateScores, legitimate, budget, budgetRows);
        LOG.info("cross-validated candidate {} of {} ({}): {}, {} s", figures.size() + 1,
            options.hiddenUnitsCandidates().size() * options.l2Candidates().size(), candidate, f.describe(),
            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        figures.put(candidate, f);
        if (chosen == null || better(f, figures.get(chosen))) {
          chosen = candidate;
          scores = candidateScores;
        }
      }
    }
    List<String> texts = data.examples().stream().map(LabeledText::text).toList();
    double share = 1;
    double[] shares = null;
    Map<Double, CandidateFigures> shareFigures = new LinkedHashMap<>();
    if (!options.embeddingShares().isEmpty()) {
      long start = System.nanoTime();
      float[][] words = lexicalScores(texts, y, labels.size(), fold, options.folds());
      CandidateFigures best = figures.get(chosen);
      shareFigures.put(1.0, best);
      float[][] embeddingScores = scores;
      for (double candidateShare : options.embeddingShares()) {
        float[][] mixed = mix(embeddingScores, words, Head.Lexical.oneShare(labels.size(), candidateShare));
        CandidateFigures f = figures(labels, y, mixed, legitimate, budget, budgetRows);
        shareFigures.put(candidateShare, f);
        LOG.info("cross-validated lexical part beside {} at embedding share {}: {}", chosen, candidateShare, f.describe());
        if (better(f, best)) {
          best = f;
          share = candidateShare;
          scores = mixed;
        }
      }
      LOG.info("lexical part: {} ({} s)", share == 1 ? "not kept, the embedding part alone does better" : "kept at embedding share " + share,
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
      shares = share == 1 ? null : Head.Lexical.oneShare(labels.size(), share);
      if (!options.embeddingShareByLabel().isEmpty()) {
        shares = sharesByLabel(labels, options.embeddingShareByLabel(), share);
        scores = mix(embeddingScores, words, shares);
        CandidateFigures f = figures(labels, y, scores, legitimate, budget, budgetRows);
        LOG.info("lexical part at the shares given per label {}: {}", options.embeddingShareByLabel(), f.describe());
      }
    }
    Map<String, Double> thresholds = budget == null ? options.thresholds()
        : thresholdsForBudget(labels, y, scores, legitimate, budget, budgetRows);
    int[] predicted = predict(labels, thresholds, scores);
    Evaluation overall = Evaluation.of(labels, y, predicted);
    Map<String, Evaluation> byLanguage = byLanguage(data.examples(), labels, y, predicted);

    Map<String, Double> languageAccuracy = new LinkedHashMap<>();
    byLanguage.forEach((lang, evaluation) -> languageAccuracy.put(lang, evaluation.accuracy()));
    TrainingInfo info = new TrainingInfo(data.source(), sha256(data.examples()), perLabel, chosen.l2(), options.l2Candidates(),
        chosen.hiddenUnits(), options.hiddenUnitsCandidates(), data.encoderBatchSize(), budget, options.folds(), options.seed(),
        overall.accuracy(), overall.macroF1(), languageAccuracy);
    HeadWeights weights = fit(x, y, labels.size(), chosen, options.seed());
    Head.Lexical lexical = shares == null ? null
        : new Head.Lexical(LexicalWeights.fit(texts, y, labels.size(), LEXICAL_L2, LexicalWeights.DEFAULT_BUCKETS), shares);
    Head head = new Head(name, labels, encoder, weights, lexical, thresholds, info);
    return new Result(head, overall, byLanguage, figures, chosen, ThresholdCurve.of(labels, y, scores, legitimate, CURVE_THRESHOLDS),
        Calibration.of(y, scores, Calibration.DEFAULT_BINS), shareFigures, share);
  }

  /**
   * Fits a head as {@code shipped} was fitted after its cross-validation (its kind, penalty and seed,
   * with its thresholds) on all of {@code data}, without cross-validating again: the cheap way to
   * check that a shipped head comes from the data. The result has no training record; compare the
   * data with {@link #sha256}. The data's labels must be the shipped head's, in its order.
   */
  static Head refit(Head shipped, Data data) {
    TrainingInfo info = shipped.training().orElseThrow(() -> new IllegalArgumentException(shipped.name() + " has no training record"));
    List<String> labels = data.examples().stream().map(LabeledText::label).distinct().toList();
    if (!labels.equals(shipped.labels())) {
      throw new IllegalArgumentException("the data's labels " + labels + " are not the head's " + shipped.labels());
    }
    float[][] x = data.vectors().toArray(float[][]::new);
    int[] y = data.examples().stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
    HeadWeights weights = fit(x, y, labels.size(), new Candidate(info.hiddenUnits(), info.l2()), info.seed());
    Head.Lexical lexical = shipped.lexical().map(l -> new Head.Lexical(LexicalWeights.fit(
        data.examples().stream().map(LabeledText::text).toList(), y, labels.size(), l.weights().l2(), l.weights().buckets()),
        l.embeddingShares())).orElse(null);
    return new Head(shipped.name(), labels, shipped.encoder(), weights, lexical, shipped.thresholds(), null);
  }

  private static HeadWeights fit(float[][] x, int[] y, int classes, Candidate candidate, long seed) {
    return candidate.hiddenUnits() == 0 ? LogisticRegression.fit(x, y, classes, candidate.l2())
        : MlpTraining.fit(x, y, classes, candidate.hiddenUnits(), candidate.l2(), seed);
  }

  private static CandidateFigures figures(List<String> labels, int[] y, float[][] scores, int legitimate, FalseFlagBudget budget,
      int[] budgetRows) {
    double macroF1 = Evaluation.of(labels, y, predict(labels, Map.of(), scores)).macroF1();
    double flaggingRecall = Double.NaN;
    if (budget != null) {
      Map<String, Double> t = thresholdsForBudget(labels, y, scores, legitimate, budget, budgetRows);
      Evaluation e = Evaluation.of(labels, y, predict(labels, t, scores));
      flaggingRecall = t.keySet().stream().mapToDouble(e::recall).average().orElse(0);
    }
    return new CandidateFigures(macroF1, flaggingRecall);
  }

  /** Out-of-fold probabilities of a lexical part, on the same folds as the embedding part's. */
  private static float[][] lexicalScores(List<String> texts, int[] y, int classes, int[] fold, int folds) {
    float[][] out = new float[texts.size()][];
    for (int f = 0; f < folds; f++) {
      List<String> trainTexts = new ArrayList<>();
      List<Integer> trainY = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        if (fold[i] != f) {
          trainTexts.add(texts.get(i));
          trainY.add(y[i]);
        }
      }
      LexicalWeights w = LexicalWeights.fit(trainTexts, trainY.stream().mapToInt(Integer::intValue).toArray(), classes, LEXICAL_L2,
          LexicalWeights.DEFAULT_BUCKETS);
      for (int i = 0; i < texts.size(); i++) {
        if (fold[i] == f) {
          out[i] = w.probabilities(texts.get(i));
        }
      }
    }
    return out;
  }

  private static float[][] mix(float[][] embedding, float[][] words, double[] shares) {
    float[][] out = new float[embedding.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Head.Lexical.mix(shares, embedding[i].clone(), words[i]);
    }
    return out;
  }

  /** The shares given per label, and {@code otherwise} for the labels not given. */
  private static void requireLabels(String option, Set<String> named, List<String> labels, Data data) {
    List<String> unknown = named.stream().filter(label -> !labels.contains(label)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(option + " names labels " + unknown + " that " + data.source()
          + " does not have; its labels are " + labels);
    }
  }

  private static double[] sharesByLabel(List<String> labels, Map<String, Double> given, double otherwise) {
    double[] shares = new double[labels.size()];
    for (int k = 0; k < shares.length; k++) {
      shares[k] = given.getOrDefault(labels.get(k), otherwise);
    }
    return shares;
  }

  /** Recall at the budget decides when there is a budget; macro F1 otherwise, and on a tie. */
  private static boolean better(CandidateFigures a, CandidateFigures b) {
    if (!Double.isNaN(a.flaggingRecall()) && a.flaggingRecall() != b.flaggingRecall()) {
      return a.flaggingRecall() > b.flaggingRecall();
    }
    return a.macroF1() > b.macroF1();
  }

  /** The rows whose legitimate texts the budget counts: those of its language, or all. */
  private static int[] budgetRows(List<LabeledText> examples, FalseFlagBudget budget) {
    int[] rows = IntStream.range(0, examples.size())
        .filter(i -> budget.language() == null || budget.language().equals(examples.get(i).language())).toArray();
    if (rows.length == 0) {
      throw new IllegalArgumentException("no training text has the language '" + budget.language() + "' of the false-flag budget");
    }
    return rows;
  }

  private static Map<String, Double> thresholdsForBudget(List<String> labels, int[] y, float[][] scores, int legitimate,
      FalseFlagBudget budget, int[] rows) {
    int[] subsetY = new int[rows.length];
    float[][] subsetScores = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      subsetY[i] = y[rows[i]];
      subsetScores[i] = scores[rows[i]];
    }
    return ThresholdCurve.forFalseFlagBudget(labels, subsetY, subsetScores, legitimate, budget.maxRate(),
        budget.labelMaxRates());
  }

  private static int[] predict(List<String> labels, Map<String, Double> thresholds, float[][] scores) {
    int[] predicted = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      String label = Classification.choose("cv", "", labels, scores[i], false, thresholds).label();
      predicted[i] = label == null ? Evaluation.NO_LABEL : labels.indexOf(label);
    }
    return predicted;
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
