package io.textenrich.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.topology.config.ServiceConfig;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeEncoderTest {

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  void theCommittedGraphTakesTheShippedMiniLmsInputsAndGivesTokenStatesOfItsWidth() throws Exception {
    try (OrtSession free = ENV.createSession(resource(FreeEncoder.RESOURCES + "model.onnx"));
        OrtSession miniLm = ENV.createSession(resource("all-minilm-l6-v2-q.onnx"))) {
      assertEquals(signature(miniLm.getInputInfo()), signature(free.getInputInfo()));
      assertEquals(signature(miniLm.getOutputInfo()).get("last_hidden_state"), signature(free.getOutputInfo()).get("last_hidden_state"));

      long[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};
      long[][] ids = {{101, 7592, 2088, 999, 102}, {101, 7592, 102, 0, 0}};
      try (OnnxTensor inputIds = OnnxTensor.createTensor(ENV, ids);
          OnnxTensor attention = OnnxTensor.createTensor(ENV, mask);
          OnnxTensor types = OnnxTensor.createTensor(ENV, new long[2][5]);
          OrtSession.Result result = free.run(Map.of("input_ids", inputIds, "attention_mask", attention, "token_type_ids", types))) {
        OnnxTensor states = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
        assertArrayEquals(new long[] {2, 5, 384}, states.getInfo().getShape());
        FloatBuffer values = states.getFloatBuffer();
        for (int row = 0; row < 2; row++) {
          for (int token = 0; token < 5; token++) {
            for (int h = 0; h < 384; h++) {
              assertEquals(mask[row][token], values.get((row * 5 + token) * 384 + h), "row " + row + " token " + token);
            }
          }
        }
      }
    }
  }

  @Test
  void theServiceLoadsTheLaidOutDirectoryAsItsEmbeddingModelWithMiniLmsTokenizer(@TempDir Path dir) {
    Path model = FreeEncoder.layOut(dir.resolve("free-encoder"));
    ServiceConfig config = ServiceConfig.fromMap(Map.of("bootstrap.servers", "localhost:9092", "application.id", "free-encoder-test",
        "enrich.embedding.model", model.toString(), "enrich.heads", "none", "enrich.moderation.topic", ""));
    String text = "The payment page failed twice, so I could not finish my order.";
    try (SentenceEmbedder free = SentenceEmbedder.open(config.embedder());
        SentenceEmbedder miniLm = SentenceEmbedder.open(EmbedderSettings.of(EmbedderSettings.DEFAULT_MODEL))) {
      assertEquals("free-encoder", free.modelName());
      assertEquals(384, free.dimensions());
      assertEquals(miniLm.maxLength(), free.maxLength());
      assertEquals(miniLm.countTokens(text), free.countTokens(text));
      float[] vector = free.embed(List.of(text)).vectors().get(0);
      float[] expected = new float[384];
      Arrays.fill(expected, (float) (1 / Math.sqrt(384)));
      assertArrayEquals(expected, vector, 1e-6f);
    }
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = FreeEncoderTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** Name to element type and shape, symbolic dimensions as -1. */
  private static Map<String, String> signature(Map<String, NodeInfo> nodes) {
    Map<String, String> out = new TreeMap<>();
    nodes.forEach((name, node) -> {
      TensorInfo info = (TensorInfo) node.getInfo();
      out.put(name, info.type + Arrays.toString(info.getShape()));
    });
    return out;
  }
}
