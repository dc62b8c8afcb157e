package io.textenrich.model.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a decoder as its config.json describes it, under GPT-2 names ({@code n_layer},
 * {@code n_head}, {@code n_embd}, {@code n_positions}) or Llama/Qwen names ({@code num_hidden_layers},
 * {@code num_attention_heads}, {@code num_key_value_heads}, {@code hidden_size}, {@code head_dim},
 * {@code max_position_embeddings}).
 *
 * @param keyValueHeads heads of the key/value cache: fewer than {@code attentionHeads} under
 *     grouped-query attention
 * @param maxPositions the longest sequence (prompt and completion) the model can attend over
 * @param eosTokenIds tokens that end a completion (generation_config.json overrides config.json)
 * @param bosTokenId the token a model starts from when the prompt is empty; -1 when it has none
 */
public record DecoderConfig(String modelType, int layers, int attentionHeads, int keyValueHeads, int headDim, int vocabSize,
    int maxPositions, List<Integer> eosTokenIds, int bosTokenId) {

  public DecoderConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  static DecoderConfig parse(JsonNode config, JsonNode generation, String where) {
    String type = config.path("model_type").asText("unknown");
    int layers = required(config, where, "n_layer", "num_hidden_layers", "num_layers");
    int heads = required(config, where, "n_head", "num_attention_heads");
    int kvHeads = optional(config, heads, "num_key_value_heads", "n_head_kv", "num_kv_heads");
    int headDim = optional(config, 0, "head_dim");
    if (headDim == 0) {
      headDim = required(config, where, "n_embd", "hidden_size", "d_model") / heads;
    }
    int maxPositions = optional(config, 0, "n_positions", "max_position_embeddings", "n_ctx", "seq_length");
    if (maxPositions == 0) {
      throw new IllegalArgumentException(where + " gives no sequence limit (n_positions or max_position_embeddings);"
          + " add the model's context length to it.");
    }
    List<Integer> eos = ids(generation.path("eos_token_id"));
    if (eos.isEmpty()) {
      eos = ids(config.path("eos_token_id"));
    }
    JsonNode bos = generation.path("bos_token_id").canConvertToInt() ? generation.path("bos_token_id") : config.path("bos_token_id");
    return new DecoderConfig(type, layers, heads, kvHeads, headDim, optional(config, 0, "vocab_size"), maxPositions, eos,
        bos.canConvertToInt() ? bos.asInt() : -1);
  }

  private static int required(JsonNode config, String where, String... names) {
    int value = optional(config, 0, names);
    if (value <= 0) {
      throw new IllegalArgumentException(where + " lacks " + String.join(" / ", names)
          + "; it must be the config.json of the exported model (GPT-2 or Llama/Qwen-style names).");
    }
    return value;
  }

  private static int optional(JsonNode config, int fallback, String... names) {
    for (String name : names) {
      if (config.path(name).canConvertToInt()) {
        return config.get(name).asInt();
      }
    }
    return fallback;
  }

  private static List<Integer> ids(JsonNode node) {
    List<Integer> ids = new ArrayList<>();
    if (node.canConvertToInt()) {
      ids.add(node.asInt());
    } else if (node.isArray()) {
      node.forEach(n -> ids.add(n.asInt()));
    }
    return ids;
  }

  /** The config with the key/value cache shape the ONNX graph declares, where it declares one. */
  DecoderConfig withCacheShape(int graphKvHeads, int graphHeadDim) {
    return new DecoderConfig(modelType, layers, attentionHeads, graphKvHeads > 0 ? graphKvHeads : keyValueHeads,
        graphHeadDim > 0 ? graphHeadDim : headDim, vocabSize, maxPositions, eosTokenIds, bosTokenId);
  }
}
