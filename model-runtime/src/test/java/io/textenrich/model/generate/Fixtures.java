package io.textenrich.model.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SessionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tiny decoders made by src/test/fixtures/make_tiny_decoders.py, and their torch reference. */
final class Fixtures {

  static final String GPT2 = "tiny-gpt2";
  static final String LLAMA_GQA = "tiny-llama-gqa";
  /** tiny-gpt2 as a merged decoder (decoder_model_merged.onnx with use_cache_branch); tiny-gpt2's reference holds. */
  static final String GPT2_MERGED = "tiny-gpt2-merged";

  private Fixtures() {}

  static Path dir(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static DecoderModel open(String name) {
    return DecoderModel.open(dir(name).toString(), SessionSettings.defaults().withDevice(ExecutionDevice.CPU));
  }

  /** One prompt of reference.json: its ids, torch's logits at every position and its greedy tokens. */
  record Case(String prompt, int[] ids, float[][] logits, int[] greedy) {}

  static List<Case> reference(String name) {
    try {
      JsonNode root = new ObjectMapper().readTree(dir(name).resolve("reference.json").toFile());
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        JsonNode rows = c.get("logits");
        float[][] logits = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
          logits[i] = new float[rows.get(i).size()];
          for (int j = 0; j < logits[i].length; j++) {
            logits[i][j] = (float) rows.get(i).get(j).asDouble();
          }
        }
        cases.add(new Case(c.get("prompt").asText(), ints(c.get("ids")), logits, ints(c.get("greedy"))));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static float maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
