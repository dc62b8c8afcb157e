package io.textenrich.topology.http;

import io.textenrich.topology.metrics.ServiceMetrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.textenrich.model.EngineHealth;
import io.textenrich.topology.throughput.ThroughputJson;
import io.textenrich.topology.throughput.ThroughputQuery;
import io.textenrich.topology.throughput.ThroughputStores;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of an instance: {@code /health}, {@code /ready}, {@code /metrics}
 * (Prometheus), {@code /throughput} (all instances) and {@code /throughput/local} (this one, raw,
 * for the other instances).
 */
public final class StatusServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

  private final HttpServer server;
  private volatile KafkaStreams streams;
  private volatile ThroughputQuery query;
  private volatile ServiceMetrics metrics;
  private volatile Supplier<ObjectNode> batchState = () -> ThroughputQuery.JSON.createObjectNode();
  private volatile Supplier<EngineHealth> engineHealth = () -> EngineHealth.UP;

  public StatusServer(String host, int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "); set enrich.http.port to a free port, or 0 for any", e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "status-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/health", this::health);
    server.createContext("/ready", this::ready);
    server.createContext("/metrics", this::metrics);
    server.createContext("/throughput", this::throughput);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void attach(KafkaStreams streams, ThroughputQuery query, ServiceMetrics metrics, Supplier<ObjectNode> batchState,
      Supplier<EngineHealth> engineHealth) {
    this.streams = streams;
    this.query = query;
    this.metrics = metrics;
    this.batchState = batchState;
    this.engineHealth = engineHealth;
  }

  private void health(HttpExchange exchange) throws IOException {
    KafkaStreams.State state = streams == null ? KafkaStreams.State.CREATED : streams.state();
    boolean streamsAlive = state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
        && state != KafkaStreams.State.PENDING_ERROR;
    EngineHealth engines = engineHealth.get();
    boolean alive = streamsAlive && engines.up();
    ObjectNode body = ThroughputQuery.JSON.createObjectNode().put("status", alive ? "UP" : "DOWN").put("state", state.toString());
    if (!engines.up()) {
      body.put("reason", engines.reason());
    }
    send(exchange, alive ? 200 : 503, "application/json", body.toString());
  }

  private void ready(HttpExchange exchange) throws IOException {
    KafkaStreams.State state = streams == null ? KafkaStreams.State.CREATED : streams.state();
    boolean ready = state == KafkaStreams.State.RUNNING;
    send(exchange, ready ? 200 : 503, "application/json", "{\"ready\":" + ready + ",\"state\":\"" + state + "\"}");
  }

  private void metrics(HttpExchange exchange) throws IOException {
    if (metrics == null) {
      send(exchange, 503, "text/plain", "starting\n");
      return;
    }
    send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
  }

  private void throughput(HttpExchange exchange) throws IOException {
    Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
    boolean local = exchange.getRequestURI().getPath().equals("/throughput/local");
    ThroughputStores.Resolution resolution;
    long last;
    try {
      resolution = ThroughputStores.resolution(params.get("window"));
      last = local ? 0 : lastWindows(params.get("last"), resolution);
    } catch (IllegalArgumentException e) {
      sendError(exchange, 400, e.getMessage());
      return;
    }
    if (query == null) {
      sendError(exchange, 503, "the service is starting");
      return;
    }
    try {
      if (local) {
        Instant from = Instant.ofEpochMilli(Long.parseLong(params.getOrDefault("from", "0")));
        Instant to = Instant.ofEpochMilli(Long.parseLong(params.getOrDefault("to", Long.toString(System.currentTimeMillis()))));
        send(exchange, 200, "application/json", ThroughputQuery.localAsJson(query.local(resolution, from, to)));
        return;
      }
      Instant to = Instant.now();
      Instant from = to.minus(resolution.size().multipliedBy(last));
      ObjectNode body = ThroughputJson.toJson(query.report(resolution, from, to));
      body.set("batch", batchState.get());
      send(exchange, 200, "application/json", body.toString());
    } catch (InvalidStateStoreException e) {
      sendError(exchange, 503, "stores not queryable yet (rebalancing): " + e.getMessage());
    } catch (NumberFormatException e) {
      // Only /throughput/local reads from and to: the range one instance asks another for, in epoch milliseconds.
      sendError(exchange, 400, "from and to must be epoch milliseconds");
    } catch (RuntimeException e) {
      LOG.warn("GET {} failed", exchange.getRequestURI(), e);
      sendError(exchange, 500, String.valueOf(e.getMessage()));
    }
  }

  /** The {@code last} parameter: how many of the most recent windows to report, 60 unless given. */
  private static long lastWindows(String value, ThroughputStores.Resolution resolution) {
    long most = ThroughputStores.windowsKept(resolution);
    if (value == null) {
      return Math.min(60, most);
    }
    try {
      long last = Long.parseLong(value.trim());
      if (last >= 1 && last <= most) {
        return last;
      }
    } catch (NumberFormatException e) {
      // Reported below with the valid range.
    }
    throw new IllegalArgumentException("last=" + value + " is not a number of windows: give a whole number from 1 to " + most
        + " (the " + resolution.label() + " windows kept), the most recent windows to report; default 60");
  }

  private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, "application/json", ThroughputQuery.JSON.createObjectNode().put("error", message).toString());
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    if (query == null) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
