package io.textenrich.model.heads;

import io.textenrich.model.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A classification head on sentence embeddings: multinomial logistic regression,
 * {@code p = softmax(W v + b)} on the encoder's L2-normalised vector {@code v}, or a perceptron with
 * one hidden layer before that softmax. Running it costs one or two small matrix products, so any
 * number of heads share one encoder pass. A head may also have a {@link LexicalWeights lexical
 * part} on the text's words and characters; its probabilities are then a weighted mean of the two
 * parts', weighted per label ({@link Lexical}). Immutable and thread-safe. The file format is described
 * in {@link HeadFormat}.
 */
public final class Head {

  /** Where built-in heads live on the classpath: {@code heads/<encoder id>/<name>.json}. */
  static final String RESOURCE_DIR = "heads/";

  /** The domain of examples whose data gives none, in {@link #evaluateByDomain}. */
  public static final String NO_DOMAIN = "(none)";

  private final String name;
  private final List<String> labels;
  private final EncoderId encoder;
  private final HeadWeights weights;
  private final Map<String, Double> thresholds;
  private final Lexical lexical;
  private final TrainingInfo training;
  private final String version;

  /**
   * A head's lexical part and, per label, the share of the embedding part's probability in the
   * head's: {@code p[k] = s[k] * p(vector)[k] + (1 - s[k]) * p(text)[k]}, then scaled to sum to one.
   * With one share for every label that scaling changes nothing; shares that differ let a label
   * follow the part that tells it apart best (the sentence vector for insults, the words for spam).
   */
  record Lexical(LexicalWeights weights, double[] embeddingShares) {

    Lexical {
      for (double share : embeddingShares) {
        if (!(share >= 0 && share <= 1)) {
          throw new IllegalArgumentException("embedding share must be in [0, 1], got " + share);
        }
      }
      if (embeddingShares.length != weights.linear().labels()) {
        throw new IllegalArgumentException(embeddingShares.length + " embedding shares for a lexical part of "
            + weights.linear().labels() + " labels");
      }
      embeddingShares = embeddingShares.clone();
    }

    /** A lexical part with the same share for every label. */
    static Lexical withOneShare(LexicalWeights weights, double share) {
      return new Lexical(weights, oneShare(weights.linear().labels(), share));
    }

    /** {@code share} for each of {@code labels} labels. */
    static double[] oneShare(int labels, double share) {
      double[] shares = new double[labels];
      Arrays.fill(shares, share);
      return shares;
    }

    @Override
    public double[] embeddingShares() {
      return embeddingShares.clone();
    }

    /** Whether every label has the same share. */
    boolean sameShareForEveryLabel() {
      return sameShareForEveryLabel(embeddingShares);
    }

    static boolean sameShareForEveryLabel(double[] shares) {
      for (double share : shares) {
        if (share != shares[0]) {
          return false;
        }
      }
      return true;
    }

    /** Whether the embedding part weighs nothing for any label: it need not run. */
    boolean wordsOnly() {
      for (double share : embeddingShares) {
        if (share != 0) {
          return false;
        }
      }
      return true;
    }

    /** The head's probabilities from the two parts'; {@code encoder} is overwritten and returned. */
    float[] mix(float[] encoder, float[] words) {
      return mix(embeddingShares, encoder, words);
    }

    /** See {@link #mix(float[], float[])}. */
    static float[] mix(double[] shares, float[] encoder, float[] words) {
      double total = 0;
      for (int k = 0; k < encoder.length; k++) {
        encoder[k] = (float) (shares[k] * encoder[k] + (1 - shares[k]) * words[k]);
        total += encoder[k];
      }
      // Two distributions mixed at one share already sum to one.
      if (!sameShareForEveryLabel(shares) && total > 0) {
        for (int k = 0; k < encoder.length; k++) {
          encoder[k] = (float) (encoder[k] / total);
        }
      }
      return encoder;
    }
  }

  Head(String name, List<String> labels, EncoderId encoder, HeadWeights weights, Map<String, Double> thresholds,
      TrainingInfo training) {
    this(name, labels, encoder, weights, null, thresholds, training);
  }

  Head(String name, List<String> labels, EncoderId encoder, HeadWeights weights, Lexical lexical, Map<String, Double> thresholds,
      TrainingInfo training) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("head name '" + name + "' must be letters, digits, '_', '.' or '-'");
    }
    if (labels.size() < 2 || labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("head " + name + " needs at least two distinct labels, got " + labels);
    }
    if (weights.labels() != labels.size() || weights.dimensions() != encoder.dimensions()) {
      throw new IllegalArgumentException("head " + name + " has " + labels.size() + " labels and an encoder of "
          + encoder.dimensions() + " dimensions, but weights of " + weights.labels() + " x " + weights.dimensions());
    }
    if (lexical != null && lexical.weights().linear().labels() != labels.size()) {
      throw new IllegalArgumentException("head " + name + " has " + labels.size() + " labels but its lexical part "
          + lexical.weights().linear().labels());
    }
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String label : labels) {
      if (thresholds.containsKey(label)) {
        double value = thresholds.get(label);
        if (!(value >= 0 && value <= 1)) {
          throw new IllegalArgumentException("head " + name + ": threshold of '" + label + "' must be in [0, 1], got " + value);
        }
        ordered.put(label, value);
      }
    }
    if (ordered.size() != thresholds.size()) {
      List<String> unknown = new ArrayList<>(thresholds.keySet());
      unknown.removeAll(labels);
      throw new IllegalArgumentException("head " + name + ": thresholds name labels " + unknown + " it does not have; its labels are " + labels);
    }
    this.name = name;
    this.labels = List.copyOf(labels);
    this.encoder = encoder;
    this.weights = weights;
    this.lexical = lexical;
    this.thresholds = Collections.unmodifiableMap(ordered);
    this.training = training;
    this.version = HeadFormat.version(HeadFormat.toBytes(this));
  }

  /** Reads a head file; see {@link HeadFormat}. */
  public static Head load(Path file) {
    try {
      return HeadFormat.parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read head file " + file.toAbsolutePath(), e);
    }
  }

  /**
   * A head shipped in a jar as {@code heads/<encoder>/<name>.json}, e.g. {@code sentiment} for
   * {@code all-minilm-l6-v2-q}: the same head name exists for each encoder it was trained on.
   */
  public static Optional<Head> builtin(String name, String encoder) {
    String resource = RESOURCE_DIR + encoder + "/" + name + ".json";
    try (InputStream in = Head.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(HeadFormat.parse(in.readAllBytes(), "classpath:" + resource));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read built-in head " + resource, e);
    }
  }

  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, HeadFormat.toBytes(this));
  }

  /**
   * Scores the texts of one encoder batch by their vectors (and, with a lexical part, their words).
   *
   * @throws IllegalArgumentException when the vectors come from another encoder than the head's
   */
  public List<Classification> classify(List<String> texts, List<float[]> vectors, String encoderModel, String encoderVersion) {
    requireEncoder(encoderModel, encoderVersion);
    requireSameSize(texts.size(), vectors.size());
    List<Classification> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      out.add(Classification.choose(name, version, labels, probabilities(texts.get(i), vectors.get(i)), false, thresholds));
    }
    return out;
  }

  private float[] probabilities(String text, float[] vector) {
    if (lexical == null) {
      return weights.probabilities(vector);
    }
    float[] words = lexical.weights().probabilities(text);
    if (lexical.wordsOnly()) {
      return words; // the encoder part weighs nothing: no need to run it
    }
    return lexical.mix(weights.probabilities(vector), words);
  }

  private static void requireSameSize(int texts, int vectors) {
    if (texts != vectors) {
      throw new IllegalArgumentException(texts + " texts but " + vectors + " vectors");
    }
  }

  /**
   * This head's figures on labelled texts, from their vectors (in the same order), with the head's
   * thresholds applied as {@link #classify} applies them.
   */
  public Evaluation evaluate(List<LabeledText> examples, List<float[]> vectors) {
    if (examples.size() != vectors.size()) {
      throw new IllegalArgumentException(examples.size() + " examples but " + vectors.size() + " vectors");
    }
    int[] actual = new int[examples.size()];
    int[] predicted = new int[examples.size()];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = labelIndex(examples.get(i));
      float[] p = probabilities(examples.get(i).text(), vectors.get(i));
      String label = Classification.choose(name, version, labels, p, false, thresholds).label();
      predicted[i] = label == null ? Evaluation.NO_LABEL : labels.indexOf(label);
    }
    return Evaluation.of(labels, actual, predicted);
  }

  /** How well this head's probabilities on labelled texts match how often its top label is right. */
  public Calibration calibration(List<LabeledText> examples, List<float[]> vectors) {
    if (examples.size() != vectors.size()) {
      throw new IllegalArgumentException(examples.size() + " examples but " + vectors.size() + " vectors");
    }
    int[] actual = examples.stream().mapToInt(this::labelIndex).toArray();
    return Calibration.of(actual, probabilities(examples.stream().map(LabeledText::text).toList(), vectors).toArray(float[][]::new),
        Calibration.DEFAULT_BINS);
  }

  private int labelIndex(LabeledText example) {
    int k = labels.indexOf(example.label());
    if (k < 0) {
      throw new IllegalArgumentException("Example '" + example.text() + "' has label '" + example.label()
          + "', which head " + name + " does not have; its labels are " + labels);
    }
    return k;
  }

  /**
   * {@link #evaluate} per domain of the examples, domains sorted by name; examples without a domain
   * come under {@link #NO_DOMAIN}.
   */
  public Map<String, Evaluation> evaluateByDomain(List<LabeledText> examples, List<float[]> vectors) {
    if (examples.size() != vectors.size()) {
      throw new IllegalArgumentException(examples.size() + " examples but " + vectors.size() + " vectors");
    }
    Map<String, List<Integer>> rows = new TreeMap<>();
    for (int i = 0; i < examples.size(); i++) {
      String domain = examples.get(i).domain();
      rows.computeIfAbsent(domain == null ? NO_DOMAIN : domain, k -> new ArrayList<>()).add(i);
    }
    Map<String, Evaluation> out = new LinkedHashMap<>();
    rows.forEach((domain, indices) -> out.put(domain, evaluate(indices.stream().map(examples::get).toList(),
        indices.stream().map(vectors::get).toList())));
    return out;
  }

  /**
   * Refuses vectors of other weights. The version (a hash of the ONNX file) decides, not the name, so
   * the same encoder loaded from a directory of another name is accepted.
   */
  public void requireEncoder(String encoderModel, String encoderVersion) {
    if (!encoder.version().equals(encoderVersion)) {
      throw new IllegalArgumentException("Head " + name + " was trained on encoder " + encoder.model() + " ("
          + encoder.version() + ") but got vectors of " + encoderModel + " (" + encoderVersion + "); run it with encoder "
          + encoder.model() + ", or retrain it on " + encoderModel + " with `enrich train-head --model " + encoderModel + "`");
    }
  }

  public String name() {
    return name;
  }

  /** {@code sha256:} and 12 hex digits of the head's content as saved, so a result names the exact head. */
  public String version() {
    return version;
  }

  public List<String> labels() {
    return labels;
  }

  public EncoderId encoder() {
    return encoder;
  }

  /** Per-label thresholds, in label order; see {@link Classification#choose}. */
  public Map<String, Double> thresholds() {
    return thresholds;
  }

  public Optional<TrainingInfo> training() {
    return Optional.ofNullable(training);
  }

  HeadWeights weights() {
    return weights;
  }

  Optional<Lexical> lexical() {
    return Optional.ofNullable(lexical);
  }

  /** How the head's probabilities are made, for a report: the encoder part alone, or its mix with the lexical part. */
  public String parts() {
    if (lexical == null) {
      return "encoder part only";
    }
    double[] shares = lexical.embeddingShares();
    if (lexical.sameShareForEveryLabel()) {
      return String.format(Locale.ROOT, "encoder part x %.2f + lexical part x %.2f", shares[0], 1 - shares[0]);
    }
    List<String> perLabel = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      perLabel.add(String.format(Locale.ROOT, "%s %.2f", labels.get(k), shares[k]));
    }
    return "encoder part x share + lexical part x (1 - share), shares per label: " + String.join(", ", perLabel);
  }

  /** The probability of each label, in label order, for each text and its vector (of the head's encoder). */
  public List<float[]> probabilities(List<String> texts, List<float[]> vectors) {
    requireSameSize(texts.size(), vectors.size());
    List<float[]> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      out.add(probabilities(texts.get(i), vectors.get(i)));
    }
    return out;
  }
}
