package io.textenrich.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Encoder models that ship inside Maven artifacts on the classpath, so that a fresh machine needs
 * no download beyond Maven. Pooling and length limits follow the models' own configurations.
 */
public enum BuiltinModel {
  /**
   * sentence-transformers/all-MiniLM-L6-v2, int8-quantized; English; 384 dimensions. Its activations
   * are quantized with one scale per tensor, so a text's vector shifts slightly (cosine about 0.99)
   * with the other texts of its batch.
   */
  ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN, 256),
  /** The same model in float32: four times larger and slower, but a text's vector does not depend on its batch. */
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", Pooling.MEAN, 256),
  /** BAAI/bge-small-zh-v1.5, int8-quantized like the first; Chinese; 512 dimensions; CLS pooling. */
  BGE_SMALL_ZH_V15_Q("bge-small-zh-v15-q", "bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json", Pooling.CLS, 512);

  private final String id;
  private final String onnxResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final int maxLength;

  BuiltinModel(String id, String onnxResource, String tokenizerResource, Pooling pooling, int maxLength) {
    this.id = id;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.maxLength = maxLength;
  }

  public String id() {
    return id;
  }

  String onnxResource() {
    return onnxResource;
  }

  String tokenizerResource() {
    return tokenizerResource;
  }

  Pooling pooling() {
    return pooling;
  }

  int maxLength() {
    return maxLength;
  }

  public static Optional<BuiltinModel> byId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst();
  }

  public static String ids() {
    return Arrays.stream(values()).map(BuiltinModel::id).collect(Collectors.joining(", "));
  }
}
