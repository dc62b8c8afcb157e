package io.textenrich.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A schema registry for tests only, in memory on a free local port. It serves the part of the
 * Confluent REST API that this project's client uses, with Confluent's semantics: one id per
 * distinct schema whatever the subject, versions per subject, BACKWARD compatibility against the
 * subject's latest version (409 when violated), 422 / 42201 for an invalid schema, 404 with 40401
 * (subject) or 40403 (schema) when not found, and 401 when it requires credentials that were not
 * sent. It can also fail on purpose (503) to stand in for an outage.
 *
 * <p>For what a real registry cannot be driven into or does not show: an outage on demand, the log of the
 * requests a client sent, and basic auth without an OpenID Connect server. The service's registry scenarios run
 * on a real one, Apicurio Registry, in the topology module.
 */
public final class TestSchemaRegistry implements AutoCloseable {

  /** One request as the registry received it. */
  public record Request(String method, String path, String contentType, String authorization) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
  private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final String requiredAuthorization;
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private int nextId;
  private int failuresLeft;

  private TestSchemaRegistry(int firstId, String requiredUserInfo) {
    this.nextId = firstId;
    this.requiredAuthorization = requiredUserInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(requiredUserInfo.getBytes(StandardCharsets.UTF_8));
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A registry whose ids start at 1, like a fresh Confluent registry. */
  public static TestSchemaRegistry start() {
    return new TestSchemaRegistry(1, null);
  }

  /**
   * @param firstId          the id the first distinct schema gets
   * @param requiredUserInfo {@code user:password} every request must carry by HTTP basic auth; null for none
   */
  public static TestSchemaRegistry start(int firstId, String requiredUserInfo) {
    return new TestSchemaRegistry(firstId, requiredUserInfo);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request received so far, in order. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Answers the next {@code count} requests with 503, as a registry that is down behind a proxy would. */
  public synchronized void failNext(int count) {
    failuresLeft = count;
  }

  /** The record in the registry's wire format under schema {@code id}, as a registry-aware producer writes it. */
  public static byte[] framed(int id, Schema schema, GenericRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(RegistryWireFormat.header(id));
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Answer answer;
      synchronized (this) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization")));
        answer = answer(method, path, body, exchange.getRequestHeaders().getFirst("Authorization"));
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.json() ? SchemaRegistryClient.CONTENT_TYPE : "text/plain");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private record Answer(int status, String body, boolean json) {}

  private Answer answer(String method, String path, String body, String authorization) {
    if (failuresLeft > 0) {
      failuresLeft--;
      return new Answer(503, "Service Unavailable", false);
    }
    if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
      return error(401, 401, "Unauthorized");
    }
    Matcher m;
    if ((m = VERSIONS.matcher(path)).matches()) {
      return "POST".equals(method) ? register(decode(m.group(1)), body) : error(405, 405, "HTTP 405 Method Not Allowed");
    }
    if ((m = SUBJECT.matcher(path)).matches()) {
      return "POST".equals(method) ? lookup(decode(m.group(1)), body) : error(405, 405, "HTTP 405 Method Not Allowed");
    }
    if ((m = SCHEMA_BY_ID.matcher(path)).matches() && "GET".equals(method)) {
      String schema = schemasById.get(Integer.parseInt(m.group(1)));
      return schema == null ? error(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + m.group(1) + " not found")
          : ok(JSON.createObjectNode().put("schema", schema));
    }
    return error(404, 404, "HTTP 404 Not Found");
  }

  private Answer register(String subject, String body) {
    Schema schema;
    try {
      schema = parse(body);
    } catch (IllegalArgumentException e) {
      return error(422, 42201, "Invalid schema: " + e.getMessage());
    }
    String canonical = schema.toString();
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idsBySchema.get(canonical);
    if (existing != null && versions.contains(existing)) {
      return ok(JSON.createObjectNode().put("id", existing));
    }
    if (!versions.isEmpty()) {
      Schema latest = new Schema.Parser().parse(schemasById.get(versions.get(versions.size() - 1)));
      if (SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
          != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        return error(409, 409, "Schema being registered is incompatible with an earlier schema for subject \"" + subject
            + "\" (compatibility BACKWARD)");
      }
    }
    int id = existing != null ? existing : nextId++;
    idsBySchema.put(canonical, id);
    schemasById.put(id, canonical);
    versions.add(id);
    return ok(JSON.createObjectNode().put("id", id));
  }

  private Answer lookup(String subject, String body) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      return error(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }
    Schema schema;
    try {
      schema = parse(body);
    } catch (IllegalArgumentException e) {
      return error(422, 42201, "Invalid schema: " + e.getMessage());
    }
    Integer id = idsBySchema.get(schema.toString());
    if (id == null || !versions.contains(id)) {
      return error(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }
    return ok(JSON.createObjectNode().put("subject", subject).put("id", id).put("version", versions.indexOf(id) + 1)
        .put("schema", schemasById.get(id)));
  }

  private static Schema parse(String body) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("body is not JSON");
    }
    if (request == null || !request.path("schema").isTextual()) {
      throw new IllegalArgumentException("no \"schema\" string in the request");
    }
    String type = request.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new IllegalArgumentException("schema type " + type + " is not served by this registry");
    }
    try {
      return new Schema.Parser().parse(request.get("schema").asText());
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static Answer ok(ObjectNode node) {
    return new Answer(200, node.toString(), true);
  }

  private static Answer error(int status, int code, String message) {
    return new Answer(status, JSON.createObjectNode().put("error_code", code).put("message", message).toString(), true);
  }
}
