package io.textenrich.model.heads;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The head file, UTF-8 JSON, meant to be read by people and by any language:
 *
 * <pre>
 * {
 *   "format": "textenrich-head/1",
 *   "name": "sentiment",
 *   "type": "multinomial-logistic-regression",    or "mlp"
 *   "labels": ["positive", "neutral", "negative"],
 *   "thresholds": {},                      optional per-label probability thresholds
 *   "encoder": {"model": "all-minilm-l6-v2-q", "version": "sha256:…", "dimensions": 384},
 *   "training": {…},                       optional: data, its hash, settings (the L2 penalty, the hidden
 *                                          units and the ones they were chosen from, the false-flag budget
 *                                          the thresholds were chosen for), cross-validated figures
 *   "hidden_activation": "relu",           mlp only
 *   "hidden_bias": [c0, c1, …],            mlp only: one per hidden unit
 *   "hidden_weights": [[u00, u01, …], …]   mlp only: one row of encoder dimensions per hidden unit
 *   "bias": [b0, b1, b2],
 *   "weights": [[w00, w01, …], …],         one row per label: of encoder dimensions, or of hidden units (mlp)
 *   "lexical": {                           optional: the part on the text's words and characters
 *     "features": "…",                     what TextFeatures counts, in words
 *     "buckets": 16384,                    per block; two blocks (words, characters)
 *     "embedding_share": 0.25,             the embedding part's weight in the mean of the two parts, or
 *     "embedding_shares": {"ok": 0.25, …}  that weight per label (one for each label)
 *     "l2": 2e-5,
 *     "idf": "base64…",                    2 x buckets float32, little-endian
 *     "bias": [b0, b1, b2],
 *     "weights": ["base64…", …]            one row of 2 x buckets float32 per label
 *   }
 * }
 * </pre>
 *
 * Scores are {@code softmax(weights · v + bias)} in label order, where {@code v} is the encoder's
 * L2-normalised sentence vector, or for an mlp {@code softmax(weights · relu(hidden_weights · v +
 * hidden_bias) + bias)}; with a lexical part, {@code share · that + (1 - share) · softmax(lexical
 * weights · x + lexical bias)}, where {@code x} is the text's hashed counts ({@code 1 + ln(count)}),
 * times {@code idf}, L2-normalised per block; with shares per label, each label's probability is
 * mixed at its own share and the mixed probabilities are scaled to sum to one. Rows are written one per line so that a retrained head
 * diffs readably.
 */
final class HeadFormat {

  static final String FORMAT = "textenrich-head/1";
  static final String LINEAR = "multinomial-logistic-regression";
  static final String MLP = "mlp";
  private static final String LINEAR_METHOD = "L-BFGS on mean cross-entropy + l2/2 * |weights|^2, from zero weights";
  private static final String MLP_METHOD = "mini-batch Adam on mean cross-entropy + l2/2 * |weights|^2, " + MlpTraining.EPOCHS
      + " epochs from random weights drawn with the cross-validation seed";
  private static final String LEXICAL_FEATURES = "word 1-" + TextFeatures.WORD_MAX_N + " grams and character 1-"
      + TextFeatures.CHAR_MAX_N + " grams within whitespace-separated pieces padded with a space, lowercased, FNV-1a hashed"
      + " into a block of buckets each";
  private static final ObjectMapper JSON = new ObjectMapper();
  // "\n" on every platform: the version is a hash of these bytes.
  private static final DefaultIndenter LINES = new DefaultIndenter("  ", "\n");

  private HeadFormat() {}

  static byte[] toBytes(Head head) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("name", head.name());
    HeadWeights weights = head.weights();
    root.put("type", weights instanceof MlpWeights ? MLP : LINEAR);
    head.labels().forEach(root.putArray("labels")::add);
    ObjectNode thresholds = root.putObject("thresholds");
    head.thresholds().forEach(thresholds::put);
    ObjectNode encoder = root.putObject("encoder");
    encoder.put("model", head.encoder().model());
    encoder.put("version", head.encoder().version());
    encoder.put("dimensions", head.encoder().dimensions());
    head.training().ifPresent(t -> root.set("training", training(t, weights instanceof MlpWeights ? MLP_METHOD : LINEAR_METHOD)));
    LinearWeights last;
    if (weights instanceof MlpWeights mlp) {
      root.put("hidden_activation", "relu");
      putLayer(root, "hidden_bias", mlp.hiddenBias(), "hidden_weights", mlp.hiddenWeights());
      last = mlp.output();
    } else {
      last = (LinearWeights) weights;
    }
    putLayer(root, "bias", last.bias(), "weights", last.weights());
    head.lexical().ifPresent(lexical -> root.set("lexical", lexical(lexical, head.labels())));
    try {
      String text = JSON.writer(new HeadPrinter()).writeValueAsString(root);
      return (text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write head " + head.name(), e);
    }
  }

  private static void putLayer(ObjectNode root, String biasField, float[] bias, String weightsField, float[][] weights) {
    ArrayNode biasValues = root.putArray(biasField);
    for (float b : bias) {
      biasValues.add(b);
    }
    ArrayNode rows = root.putArray(weightsField);
    for (float[] row : weights) {
      ArrayNode values = rows.addArray();
      for (float w : row) {
        values.add(w);
      }
    }
  }

  private static ObjectNode lexical(Head.Lexical lexical, List<String> labels) {
    LexicalWeights w = lexical.weights();
    ObjectNode node = JSON.createObjectNode();
    node.put("features", LEXICAL_FEATURES);
    node.put("buckets", w.buckets());
    double[] shares = lexical.embeddingShares();
    if (lexical.sameShareForEveryLabel()) {
      node.put("embedding_share", shares[0]);
    } else {
      ObjectNode perLabel = node.putObject("embedding_shares");
      for (int k = 0; k < labels.size(); k++) {
        perLabel.put(labels.get(k), shares[k]);
      }
    }
    node.put("l2", w.l2());
    node.put("idf", base64(w.idf()));
    ArrayNode bias = node.putArray("bias");
    for (float b : w.linear().bias()) {
      bias.add(b);
    }
    ArrayNode rows = node.putArray("weights");
    for (float[] row : w.linear().weights()) {
      rows.add(base64(row));
    }
    return node;
  }

  private static Head.Lexical lexical(JsonNode node, List<String> labels) {
    int buckets = required(node, "buckets").asInt();
    float[] idf = floatsOf(required(node, "idf").asText());
    JsonNode rows = required(node, "weights");
    float[][] weights = new float[rows.size()][];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = floatsOf(rows.get(k).asText());
    }
    LexicalWeights w = new LexicalWeights(buckets, idf, new LinearWeights(weights, floats(required(node, "bias"))),
        required(node, "l2").asDouble());
    if (node.has("embedding_share")) {
      return Head.Lexical.withOneShare(w, node.get("embedding_share").asDouble());
    }
    JsonNode perLabel = required(node, "embedding_shares");
    double[] shares = new double[labels.size()];
    for (int k = 0; k < shares.length; k++) {
      if (!perLabel.has(labels.get(k))) {
        throw new IllegalArgumentException("lexical.embedding_shares has no share for label '" + labels.get(k) + "'; it needs"
            + " one for each of " + labels);
      }
      shares[k] = perLabel.get(labels.get(k)).asDouble();
    }
    return new Head.Lexical(w, shares);
  }

  private static String base64(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private static float[] floatsOf(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected base64 float32 values: " + e.getMessage(), e);
    }
    if (raw.length % 4 != 0) {
      throw new IllegalArgumentException("base64 float32 values must be a multiple of 4 bytes, got " + raw.length);
    }
    float[] out = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  private static ObjectNode training(TrainingInfo t, String method) {
    ObjectNode node = JSON.createObjectNode();
    node.put("method", method);
    node.put("data", t.data());
    node.put("data_sha256", t.dataSha256());
    node.put("examples", t.examples());
    ObjectNode perLabel = node.putObject("examples_per_label");
    t.examplesPerLabel().forEach(perLabel::put);
    node.put("l2", t.l2());
    t.l2Candidates().forEach(node.putArray("l2_candidates")::add);
    node.put("hidden_units", t.hiddenUnits());
    t.hiddenUnitsCandidates().forEach(node.putArray("hidden_units_candidates")::add);
    node.put("encoder_batch_size", t.encoderBatchSize());
    if (t.falseFlagBudget() != null) {
      ObjectNode budget = node.putObject("false_flag_budget");
      budget.put("legitimate_label", t.falseFlagBudget().legitimateLabel());
      budget.put("max_rate", t.falseFlagBudget().maxRate());
      if (t.falseFlagBudget().language() != null) {
        budget.put("language", t.falseFlagBudget().language());
      }
      if (!t.falseFlagBudget().labelMaxRates().isEmpty()) {
        t.falseFlagBudget().labelMaxRates().forEach(budget.putObject("label_max_rates")::put);
      }
    }
    ObjectNode cv = node.putObject("cross_validation");
    cv.put("folds", t.folds());
    cv.put("seed", t.seed());
    cv.put("accuracy", t.cvAccuracy());
    cv.put("macro_f1", t.cvMacroF1());
    ObjectNode byLanguage = cv.putObject("accuracy_by_language");
    t.cvAccuracyByLanguage().forEach(byLanguage::put);
    return node;
  }

  static Head parse(byte[] bytes, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("Head " + origin + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException("Head " + origin + " has format '" + root.path("format").asText()
          + "'; this version reads " + FORMAT + " (write it with `enrich train-head`)");
    }
    String type = root.path("type").asText();
    if (!LINEAR.equals(type) && !MLP.equals(type)) {
      throw new IllegalArgumentException("Head " + origin + " has type '" + type + "'; " + LINEAR + " and " + MLP + " are supported");
    }
    try {
      List<String> labels = new ArrayList<>();
      required(root, "labels").forEach(l -> labels.add(l.asText()));
      JsonNode enc = required(root, "encoder");
      EncoderId encoder = new EncoderId(required(enc, "model").asText(), required(enc, "version").asText(),
          required(enc, "dimensions").asInt());
      LinearWeights last = new LinearWeights(rows(required(root, "weights")), floats(required(root, "bias")));
      HeadWeights weights = last;
      if (MLP.equals(type)) {
        if (!"relu".equals(required(root, "hidden_activation").asText())) {
          throw new IllegalArgumentException("hidden_activation must be relu, got " + root.get("hidden_activation"));
        }
        weights = new MlpWeights(rows(required(root, "hidden_weights")), floats(required(root, "hidden_bias")), last);
      }
      Map<String, Double> thresholds = new LinkedHashMap<>();
      root.path("thresholds").properties().forEach(e -> thresholds.put(e.getKey(), e.getValue().asDouble()));
      TrainingInfo training = root.has("training") ? training(root.get("training")) : null;
      Head.Lexical lexical = root.has("lexical") ? lexical(root.get("lexical"), labels) : null;
      return new Head(required(root, "name").asText(), labels, encoder, weights, lexical, thresholds, training);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Head " + origin + " is invalid: " + e.getMessage(), e);
    }
  }

  private static float[][] rows(JsonNode rows) {
    if (!rows.isArray()) {
      throw new IllegalArgumentException("expected an array of rows");
    }
    float[][] out = new float[rows.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = floats(rows.get(k));
    }
    return out;
  }

  private static TrainingInfo training(JsonNode node) {
    Map<String, Integer> perLabel = new LinkedHashMap<>();
    node.path("examples_per_label").properties().forEach(e -> perLabel.put(e.getKey(), e.getValue().asInt()));
    JsonNode cv = node.path("cross_validation");
    Map<String, Double> byLanguage = new LinkedHashMap<>();
    cv.path("accuracy_by_language").properties().forEach(e -> byLanguage.put(e.getKey(), e.getValue().asDouble()));
    double l2 = node.path("l2").asDouble();
    List<Double> l2Candidates = new ArrayList<>();
    node.path("l2_candidates").forEach(c -> l2Candidates.add(c.asDouble()));
    JsonNode budget = node.path("false_flag_budget");
    Map<String, Double> labelMaxRates = new LinkedHashMap<>();
    budget.path("label_max_rates").properties().forEach(e -> labelMaxRates.put(e.getKey(), e.getValue().asDouble()));
    FalseFlagBudget falseFlagBudget = budget.isObject() ? new FalseFlagBudget(budget.path("legitimate_label").asText(),
        budget.path("max_rate").asDouble(), budget.path("language").asText(null), labelMaxRates) : null;
    int hiddenUnits = node.path("hidden_units").asInt(0);
    List<Integer> hiddenUnitsCandidates = new ArrayList<>();
    node.path("hidden_units_candidates").forEach(c -> hiddenUnitsCandidates.add(c.asInt()));
    return new TrainingInfo(node.path("data").asText(), node.path("data_sha256").asText(), perLabel, l2,
        l2Candidates.isEmpty() ? List.of(l2) : l2Candidates, hiddenUnits,
        hiddenUnitsCandidates.isEmpty() ? List.of(hiddenUnits) : hiddenUnitsCandidates, node.path("encoder_batch_size").asInt(),
        falseFlagBudget,
        cv.path("folds").asInt(), cv.path("seed").asLong(),
        cv.path("accuracy").asDouble(), cv.path("macro_f1").asDouble(), byLanguage);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }

  private static float[] floats(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("expected an array of numbers");
    }
    float[] out = new float[array.size()];
    Iterator<JsonNode> it = array.elements();
    for (int i = 0; it.hasNext(); i++) {
      JsonNode v = it.next();
      if (!v.isNumber()) {
        throw new IllegalArgumentException("expected a number, got " + v);
      }
      out[i] = v.floatValue();
    }
    return out;
  }

  static String version(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Objects indented, arrays on one line, except that the top-level weight arrays put each
   * row on its own line.
   */
  private static final class HeadPrinter extends DefaultPrettyPrinter {

    HeadPrinter() {
      super(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
      indentObjectsWith(LINES);
      indentArraysWith(new RowPerLine());
    }

    private HeadPrinter(HeadPrinter base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new HeadPrinter(this);
    }
  }

  private static final class RowPerLine implements DefaultPrettyPrinter.Indenter {

    @Override
    public void writeIndentation(JsonGenerator g, int level) throws IOException {
      JsonStreamContext array = g.getOutputContext();
      JsonStreamContext owner = array.getParent();
      if (owner != null && owner.getParent() != null && owner.getParent().inRoot()
          && ("weights".equals(owner.getCurrentName()) || "hidden_weights".equals(owner.getCurrentName()))) {
        LINES.writeIndentation(g, level);
      }
    }

    @Override
    public boolean isInline() {
      return false;
    }
  }
}
