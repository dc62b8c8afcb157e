package io.textenrich.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face sequence-classification model exported to ONNX ({@code model.onnx},
 * {@code tokenizer.json}, {@code config.json}; output {@code logits}). Labels come from
 * {@code id2label}; probabilities are a softmax across labels, or one sigmoid per label when
 * {@code problem_type} is {@code multi_label_classification}. Thread-safe like
 * {@link SentenceEmbedder}.
 */
public final class SequenceClassifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SequenceClassifier.class);
  private static final String OUTPUT = "logits";

  private final String name;
  private final String version;
  private final String device;
  private final List<String> labels;
  private final boolean multiLabel;
  private final Map<String, Double> thresholds;
  private final BatchTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean wantsTypeIds;

  private SequenceClassifier(ModelFiles files, ClassifierConfig config, ClassifierSettings settings) throws OrtException {
    this.name = files.name();
    this.version = files.version();
    this.labels = config.labels();
    this.multiLabel = config.multiLabel();
    this.thresholds = settings.thresholds();
    int maxLength = settings.maxLength() > 0 ? settings.maxLength() : files.maxLength();
    this.tokenizer = BatchTokenizer.fromJson(files.tokenizerJson(), maxLength);
    this.env = OrtEnvironment.getEnvironment();
    OnnxSessionFactory.OpenedSession opened = OnnxSessionFactory.open(env, files.onnx(), name, settings.session());
    this.session = opened.session();
    this.device = opened.device();
    this.wantsTypeIds = EncoderInputs.takesTypeIds(session, name);
    if (!session.getOutputNames().contains(OUTPUT)) {
      throw new IllegalArgumentException("Model " + name + " has outputs " + session.getOutputNames() + " but a"
          + " sequence classifier export has 'logits'; export with --task text-classification");
    }
  }

  /** Loads the model and checks on a probe text that its logits match the labels of config.json. */
  public static SequenceClassifier open(ClassifierSettings settings) {
    long start = System.nanoTime();
    Path dir = Path.of(settings.directory());
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Classifier '" + settings.directory() + "' is not a directory; give a directory"
          + " holding model.onnx, tokenizer.json and config.json (Hugging Face / Optimum export).");
    }
    ClassifierConfig config = ClassifierConfig.read(dir);
    Set<String> unknown = new HashSet<>(settings.thresholds().keySet());
    unknown.removeAll(config.labels());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Thresholds name labels " + unknown + " that classifier " + dir.getFileName()
          + " does not have; its labels are " + config.labels());
    }
    ModelFiles files = ModelFiles.fromDirectory(dir, settings.directory());
    SequenceClassifier classifier;
    try {
      classifier = new SequenceClassifier(files, config, settings);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load classifier " + files.name() + ": " + e.getMessage(), e);
    }
    int width = classifier.logits(List.of("label count probe"))[0].length;
    if (width != config.labels().size()) {
      classifier.close();
      throw new IllegalArgumentException("Classifier " + files.name() + " gives " + width + " logits but config.json's"
          + " id2label names " + config.labels().size() + " labels " + config.labels() + "; the two must match");
    }
    LOG.info("Classifier {} ({}) loaded on {}: labels {}, {}, max {} tokens, in {} ms", classifier.name, classifier.version,
        classifier.device, classifier.labels, classifier.multiLabel ? "multi-label (sigmoid)" : "single-label (softmax)",
        classifier.maxLength(), (System.nanoTime() - start) / 1_000_000);
    return classifier;
  }

  /** One model call for the whole batch; results in input order. */
  public List<Classification> classify(List<String> texts) {
    float[][] logits = logits(texts);
    List<Classification> out = new ArrayList<>(logits.length);
    for (float[] row : logits) {
      float[] probabilities = multiLabel ? sigmoid(row) : softmax(row);
      out.add(Classification.choose(name, version, labels, probabilities, multiLabel, thresholds));
    }
    return out;
  }

  /** Raw logits, {@code [texts][labels]}. */
  float[][] logits(List<String> texts) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    TokenBatch batch = tokenizer.encode(texts);
    try (EncoderInputs inputs = EncoderInputs.of(env, batch, wantsTypeIds);
        OrtSession.Result result = session.run(inputs.tensors(), Set.of(OUTPUT))) {
      OnnxTensor tensor = (OnnxTensor) result.get(OUTPUT).orElseThrow();
      long[] shape = tensor.getInfo().getShape();
      if (shape.length != 2 || shape[0] != batch.batchSize()) {
        throw new IllegalStateException("Model " + name + " gave logits of shape " + Arrays.toString(shape)
            + "; expected [" + batch.batchSize() + ", labels]");
      }
      FloatBuffer values = tensor.getFloatBuffer();
      float[][] rows = new float[batch.batchSize()][(int) shape[1]];
      for (int i = 0; i < rows.length; i++) {
        values.get(i * rows[i].length, rows[i]);
      }
      return rows;
    } catch (OrtException e) {
      throw new IllegalStateException("Model " + name + " failed on a batch of " + texts.size() + ": " + e.getMessage(), e);
    }
  }

  static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double[] exp = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      exp[i] = Math.exp(logits[i] - max);
      sum += exp[i];
    }
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (exp[i] / sum);
    }
    return out;
  }

  static float[] sigmoid(float[] logits) {
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
    }
    return out;
  }

  public String modelName() {
    return name;
  }

  public String modelVersion() {
    return version;
  }

  public List<String> labels() {
    return labels;
  }

  /** True when every label gets its own sigmoid and any number of labels may be chosen. */
  public boolean multiLabel() {
    return multiLabel;
  }

  /** The device the session really runs on: {@code cpu} or {@code cuda:N}. */
  public String device() {
    return device;
  }

  public int maxLength() {
    return tokenizer.maxLength();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("Closing classifier {} failed: {}", name, e.getMessage());
    }
    tokenizer.close();
  }
}
