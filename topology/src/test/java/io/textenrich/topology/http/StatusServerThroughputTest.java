package io.textenrich.topology.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.textenrich.topology.throughput.ThroughputQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /throughput} answers a question it cannot answer with 400 and what it can answer, never with other figures. */
class StatusServerThroughputTest {

  private static HttpResponse<String> get(StatusServer server, String pathAndQuery) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) throws Exception {
    return ThroughputQuery.JSON.readTree(response.body()).get("error").asText();
  }

  @Test
  void aWindowThatIsNotKeptIsRefusedListingTheWindowsThatAre() throws Exception {
    try (StatusServer server = new StatusServer("127.0.0.1", 0)) {
      HttpResponse<String> response = get(server, "/throughput?window=5m");
      assertEquals(400, response.statusCode(), response.body());
      assertEquals("window=5m is not kept; the windows are 1s (kept 1h), 1m (kept 24h)", error(response));
      assertEquals(400, get(server, "/throughput/local?window=1h").statusCode());
    }
  }

  @Test
  void lastIsANumberOfWindowsWithinWhatTheStoreKeeps() throws Exception {
    try (StatusServer server = new StatusServer("127.0.0.1", 0)) {
      HttpResponse<String> words = get(server, "/throughput?window=1m&last=ten");
      assertEquals(400, words.statusCode());
      assertEquals("last=ten is not a number of windows: give a whole number from 1 to 1440 (the 1m windows kept), the most"
          + " recent windows to report; default 60", error(words));
      assertEquals(400, get(server, "/throughput?last=3601").statusCode(), "an hour of 1s windows is kept");
      assertEquals(503, get(server, "/throughput?window=1s&last=3600").statusCode(), "a valid question waits for the service");
    }
  }
}
