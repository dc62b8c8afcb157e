package io.textenrich.topology.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive queries of the throughput stores: this instance's windows read locally, other
 * instances' windows fetched from their HTTP endpoint (found through Kafka Streams metadata), all
 * merged exactly.
 */
public final class ThroughputQuery {

  private static final Logger LOG = LoggerFactory.getLogger(ThroughputQuery.class);
  public static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaStreams streams;
  private final HostInfo self;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ThroughputQuery(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  public ThroughputReport report(ThroughputStores.Resolution resolution, Instant from, Instant to) {
    Map<ThroughputReport.WindowKey, ThroughputWindow> merged = local(resolution, from, to);
    int instances = 1;
    for (StreamsMetadata metadata : streams.streamsMetadataForStore(resolution.storeName())) {
      HostInfo host = metadata.hostInfo();
      if (host.equals(self) || host.port() <= 0) {
        continue;
      }
      instances++;
      remote(host, resolution, from, to).forEach((k, w) -> merged.computeIfAbsent(k, x -> new ThroughputWindow()).merge(w));
    }
    return ThroughputReport.of(resolution, merged, instances);
  }

  /** This instance's windows in [from, to], all tasks merged. */
  public Map<ThroughputReport.WindowKey, ThroughputWindow> local(ThroughputStores.Resolution resolution, Instant from, Instant to) {
    Map<ThroughputReport.WindowKey, ThroughputWindow> merged = new HashMap<>();
    ReadOnlyWindowStore<String, byte[]> store = streams.store(
        StoreQueryParameters.fromNameAndType(resolution.storeName(), QueryableStoreTypes.<String, byte[]>windowStore()));
    try (KeyValueIterator<Windowed<String>, byte[]> it = store.fetchAll(from, to)) {
      while (it.hasNext()) {
        KeyValue<Windowed<String>, byte[]> entry = it.next();
        ThroughputReport.WindowKey key = new ThroughputReport.WindowKey(entry.key.key(), entry.key.window().start());
        merged.computeIfAbsent(key, k -> new ThroughputWindow()).merge(ThroughputWindow.fromBytes(entry.value));
      }
    }
    return merged;
  }

  public static String localAsJson(Map<ThroughputReport.WindowKey, ThroughputWindow> windows) {
    ArrayNode array = JSON.createArrayNode();
    windows.forEach((key, w) -> array.addObject()
        .put("key", key.key())
        .put("start", key.startMs())
        .put("data", Base64.getEncoder().encodeToString(w.toBytes())));
    return array.toString();
  }

  private Map<ThroughputReport.WindowKey, ThroughputWindow> remote(HostInfo host, ThroughputStores.Resolution resolution,
      Instant from, Instant to) {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/throughput/local?window=" + resolution.label()
        + "&from=" + from.toEpochMilli() + "&to=" + to.toEpochMilli());
    Map<ThroughputReport.WindowKey, ThroughputWindow> windows = new HashMap<>();
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      for (JsonNode node : JSON.readTree(response.body())) {
        windows.put(new ThroughputReport.WindowKey(node.get("key").asText(), node.get("start").asLong()),
            ThroughputWindow.fromBytes(Base64.getDecoder().decode(node.get("data").asText())));
      }
    } catch (IOException e) {
      LOG.warn("Throughput of instance {}:{} left out: {}", host.host(), host.port(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return windows;
  }
}
