package io.textenrich.model.generate;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.textenrich.model.OnnxSessionFactory;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.TokenizerLibrary;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoder-only language model in the Optimum text-generation-with-past layout: the ONNX graph
 * ({@code decoder_model_merged.onnx} or {@code model.onnx}) takes {@code input_ids},
 * {@code attention_mask}, {@code position_ids} (when present), {@code past_key_values.N.key/.value}
 * and {@code use_cache_branch} (merged graphs) and returns {@code logits} and
 * {@code present.N.key/.value}; tokenizer.json, config.json and generation_config.json sit beside it.
 *
 * <p>One graph serves both passes: a prompt runs with an empty past (length 0), each following
 * token with the cache of the step before. Thread-safe; {@link GenerationEngine} is what batches
 * requests onto it.
 */
public final class DecoderModel implements AutoCloseable {

  /** The built-in demo model: a small GPT-2 this project trains on Debian's fortunes (a toy). */
  public static final String DEFAULT_MODEL = "fortune-gpt";

  private static final Logger LOG = LoggerFactory.getLogger(DecoderModel.class);

  private final String name;
  private final String version;
  private final String device;
  private final DecoderConfig config;
  private final GenerationDefaults defaults;
  private final HuggingFaceTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean hasPositionIds;
  private final boolean hasCacheBranch;
  private final List<String> pastNames = new ArrayList<>();
  private final List<String> presentNames = new ArrayList<>();
  private final Set<String> allOutputs;

  private DecoderModel(DecoderFiles files, SessionSettings settings) throws OrtException {
    this.name = files.name();
    this.version = files.version();
    DecoderConfig declared = DecoderConfig.parse(files.config(), files.generationConfig(), name + " config.json");
    this.defaults = GenerationDefaults.parse(files.generationConfig());
    this.env = OrtEnvironment.getEnvironment();
    OnnxSessionFactory.OpenedSession opened = files.onnxBytes() != null
        ? OnnxSessionFactory.open(env, files.onnxBytes(), name, settings)
        : OnnxSessionFactory.open(env, files.onnxPath(), name, settings);
    this.session = opened.session();
    this.device = opened.device();
    Map<String, NodeInfo> inputs = session.getInputInfo();
    for (String required : List.of("input_ids", "attention_mask", "past_key_values.0.key")) {
      if (!inputs.containsKey(required)) {
        session.close();
        throw new IllegalArgumentException("Model " + name + " takes inputs " + inputs.keySet() + " but a decoder with a"
            + " key/value cache needs input_ids, attention_mask and past_key_values.N.key/.value; export it with"
            + " `optimum-cli export onnx --task text-generation-with-past`.");
      }
    }
    this.hasPositionIds = inputs.containsKey("position_ids");
    this.hasCacheBranch = inputs.containsKey("use_cache_branch");
    long[] pastShape = ((TensorInfo) inputs.get("past_key_values.0.key").getInfo()).getShape();
    this.config = declared.withCacheShape((int) pastShape[1], (int) pastShape[3]);
    for (int layer = 0; layer < config.layers(); layer++) {
      for (String kind : List.of("key", "value")) {
        pastNames.add("past_key_values." + layer + "." + kind);
        presentNames.add("present." + layer + "." + kind);
      }
    }
    if (!inputs.keySet().containsAll(pastNames) || !session.getOutputNames().containsAll(presentNames)
        || !session.getOutputNames().contains("logits")) {
      session.close();
      throw new IllegalArgumentException("Model " + name + " has " + config.layers() + " layers in config.json, but its graph"
          + " lacks some of past_key_values.0-" + (config.layers() - 1) + ".key/.value, present.N.key/.value or logits;"
          + " config.json and the ONNX file must come from the same export.");
    }
    this.allOutputs = new LinkedHashSet<>();
    allOutputs.add("logits");
    allOutputs.addAll(presentNames);
    this.tokenizer = loadTokenizer(files.tokenizerJson());
  }

  /**
   * Loads a built-in model id ({@code fortune-gpt}) or a model directory, and runs one token
   * through it so the first request pays no warm-up.
   */
  public static DecoderModel open(String location, SessionSettings settings) {
    long start = System.nanoTime();
    DecoderFiles files = DecoderFiles.locate(location);
    try {
      DecoderModel model = new DecoderModel(files, settings);
      model.nextTokenLogits(new int[] {0});
      DecoderConfig c = model.config;
      LOG.info("Decoder model {} ({}, {}) loaded on {}: {} layers, {} heads ({} key/value) of {}, vocabulary {},"
              + " {} positions, in {} ms", model.name, model.version, c.modelType(), model.device, c.layers(),
          c.attentionHeads(), c.keyValueHeads(), c.headDim(), c.vocabSize(), c.maxPositions(),
          (System.nanoTime() - start) / 1_000_000);
      return model;
    } catch (OrtException e) {
      String file = files.onnxPath() != null ? files.onnxPath().toAbsolutePath().toString()
          : "classpath:" + DecoderFiles.BUILTIN.get(files.name()) + "model.onnx";
      throw new IllegalStateException("ONNX Runtime cannot load model file " + file + " of model " + files.name() + ": "
          + e.getMessage(), e);
    }
  }

  private static HuggingFaceTokenizer loadTokenizer(byte[] json) {
    // Truncation is ours (from the left, keeping the prompt's end); the tokenizer adds special tokens
    // the way the model was trained with (a BOS for Llama-style models, none for GPT-2).
    Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");
    return TokenizerLibrary.load(json, options);
  }

  /** Token ids of a text, with the special tokens the tokenizer adds and no truncation. */
  public int[] encode(String text) {
    Encoding encoding = tokenizer.encode(text);
    long[] ids = encoding.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  /** Text of token ids, special tokens left out. */
  public String decode(int[] ids) {
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i];
    }
    return tokenizer.decode(wide, true);
  }

  /**
   * Logits for the token after {@code tokens}, computed from scratch with an empty cache: one whole
   * forward pass per call. The reference that cached decoding is checked and measured against.
   */
  public float[] nextTokenLogits(int[] tokens) throws OrtException {
    if (tokens.length == 0 || tokens.length > config.maxPositions()) {
      throw new IllegalArgumentException("Model " + name + " takes 1 to " + config.maxPositions() + " tokens, got "
          + tokens.length + "; shorten the sequence");
    }
    long[] ids = new long[tokens.length];
    long[] mask = new long[tokens.length];
    long[] positions = new long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      ids[i] = tokens[i];
      mask[i] = 1;
      positions[i] = i;
    }
    try (KvCache empty = KvCache.empty(env, config, 1)) {
      Step step = run(ids, mask, positions, 1, tokens.length, empty, new int[] {tokens.length}, false);
      return step.logits()[0];
    }
  }

  /**
   * Logits of the last position of each row, and the cache grown by this step's tokens (null when
   * {@code keepCache} is false).
   */
  record Step(float[][] logits, KvCache cache) {}

  /**
   * One pass over {@code rows} sequences of {@code newTokens} tokens each, after the given past.
   *
   * @param inputIds {@code [rows, newTokens]} row-major
   * @param attentionMask {@code [rows, past.length() + newTokens]}: 1 for real tokens, 0 for padding
   * @param positionIds {@code [rows, newTokens]}: each token's position in its own sequence
   * @param realLengths real tokens per row after this step, for the returned cache
   */
  Step run(long[] inputIds, long[] attentionMask, long[] positionIds, int rows, int newTokens, KvCache past,
      int[] realLengths, boolean keepCache) throws OrtException {
    Map<String, OnnxTensor> created = new HashMap<>();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    OrtSession.Result result = null;
    try {
      created.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), new long[] {rows, newTokens}));
      created.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(attentionMask),
          new long[] {rows, past.length() + newTokens}));
      if (hasPositionIds) {
        created.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positionIds), new long[] {rows, newTokens}));
      }
      if (hasCacheBranch) {
        created.put("use_cache_branch", OnnxTensor.createTensor(env, new boolean[] {past.length() > 0}));
      }
      inputs.putAll(created);
      for (int i = 0; i < pastNames.size(); i++) {
        inputs.put(pastNames.get(i), past.tensor(i));
      }
      result = session.run(inputs, keepCache ? allOutputs : Set.of("logits"));
      float[][] logits = lastLogits((OnnxTensor) result.get("logits").orElseThrow(), rows, newTokens);
      KvCache cache = null;
      if (keepCache) {
        OnnxTensor[] presents = new OnnxTensor[presentNames.size()];
        for (int i = 0; i < presents.length; i++) {
          presents[i] = (OnnxTensor) result.get(presentNames.get(i)).orElseThrow();
        }
        cache = new KvCache(presents, past.length() + newTokens, realLengths, config.keyValueHeads(), config.headDim());
      } else {
        closeAll(result);
      }
      result = null;
      return new Step(logits, cache);
    } finally {
      created.values().forEach(OnnxTensor::close);
      if (result != null) {
        closeAll(result);
      }
    }
  }

  /**
   * Reads the logits of each row's last position and frees the logits tensor at once: for a prompt
   * of a large-vocabulary model it is the largest tensor of the step.
   */
  private float[][] lastLogits(OnnxTensor tensor, int rows, int newTokens) {
    try {
      long[] shape = tensor.getInfo().getShape();
      int vocab = (int) shape[2];
      FloatBuffer all = tensor.getFloatBuffer();
      float[][] logits = new float[rows][vocab];
      for (int r = 0; r < rows; r++) {
        all.get((r * newTokens + newTokens - 1) * vocab, logits[r]);
      }
      return logits;
    } finally {
      tensor.close();
    }
  }

  /** Closes what a result holds, except values already closed (the logits). */
  private static void closeAll(OrtSession.Result result) {
    for (Map.Entry<String, OnnxValue> entry : result) {
      if (!entry.getKey().equals("logits")) {
        entry.getValue().close();
      }
    }
  }

  KvCache emptyCache(int rows) throws OrtException {
    return KvCache.empty(env, config, rows);
  }

  KvCache gather(List<KvCache.Row> rows) throws OrtException {
    return KvCache.gather(env, rows, config.layers());
  }

  GenerationDefaults defaults() {
    return defaults;
  }

  /** Whether the graph takes position_ids; without them it counts positions over the padding too. */
  boolean hasPositionIds() {
    return hasPositionIds;
  }

  public String name() {
    return name;
  }

  /** {@code sha256:} and the start of the hash of the weights. */
  public String version() {
    return version;
  }

  /** The device the session really runs on: {@code cpu} or {@code cuda:N}. */
  public String device() {
    return device;
  }

  public DecoderConfig config() {
    return config;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("Closing model {} failed: {}", name, e.getMessage());
    }
    tokenizer.close();
  }
}
