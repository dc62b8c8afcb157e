package io.textenrich.topology.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textenrich.model.EmbeddingBatch;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.TextEncoder;
import io.textenrich.topology.throughput.ThroughputQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatusServerHealthTest {

  /**
   * A model that can never run. A fake: a real model cannot be made to fail every call on demand,
   * and the point is what /health says once the engine has seen it fail.
   */
  private static final class BrokenEncoder implements TextEncoder {
    @Override
    public EmbeddingBatch embed(List<String> texts) {
      throw new IllegalStateException("the model's native library cannot run here");
    }

    @Override
    public String modelName() {
      return "broken";
    }
  }

  private static HttpResponse<String> health(StatusServer server) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aModelThatCanNeverRunTurnsHealthDownWithTheReason() throws Exception {
    try (EmbeddingEngine engine = new EmbeddingEngine(new BrokenEncoder(), EmbeddingEngine.Settings.defaults());
        StatusServer server = new StatusServer("127.0.0.1", 0)) {
      server.attach(null, null, null, ThroughputQuery.JSON::createObjectNode, engine::health);
      assertEquals(200, health(server).statusCode(), "up before any call failed");
      while (engine.health().up()) {
        assertThrows(ExecutionException.class,
            () -> engine.submit(List.of("text"), new int[] {3}, Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS));
      }
      HttpResponse<String> down = health(server);
      assertEquals(503, down.statusCode());
      JsonNode body = ThroughputQuery.JSON.readTree(down.body());
      assertEquals("DOWN", body.get("status").asText());
      assertTrue(body.get("reason").asText().contains("the model's native library cannot run here"), down.body());
    }
  }
}
