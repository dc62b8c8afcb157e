package io.textenrich.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client for the REST API of a Confluent-compatible schema registry, for Avro schemas: register
 * a schema under a subject, look up the id of a schema under a subject, fetch a schema by id.
 *
 * <p>Answers are cached for the life of the client (a registered id never changes its schema), so
 * each schema and id costs one request. A request that gets no answer, or a server-side error, is
 * tried {@value #ATTEMPTS} times with a short backoff before it fails as {@link
 * SchemaRegistryException#retriable() retriable}.
 */
public final class SchemaRegistryClient {

  /** Content type of the registry's API, version 1. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  /** How many times a request is sent before a retriable failure is given up. */
  public static final int ATTEMPTS = 3;

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String authorization;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  /**
   * @param url               the registry's base URL, e.g. {@code http://localhost:8081}
   * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication; null or empty for none
   * @param requestTimeout    how long one request may take, connecting included
   */
  public SchemaRegistryClient(URI url, String basicAuthUserInfo, Duration requestTimeout) {
    Objects.requireNonNull(url, "url");
    this.url = url.toString().replaceAll("/+$", "");
    this.authorization = basicAuthUserInfo == null || basicAuthUserInfo.isEmpty() ? null
        : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(requestTimeout)
        .build();
  }

  /** The registry's base URL, for messages. */
  public String url() {
    return url;
  }

  /**
   * Registers the schema under the subject, or finds it there if it already is, and returns its
   * id. The registry may refuse a schema its compatibility rule rejects (409) or cannot parse (422).
   */
  public int register(String subject, Schema schema) {
    return idUnder(subject, schema, "/versions");
  }

  /**
   * The id of this exact schema under the subject, without registering it. Fails with {@link
   * SchemaRegistryException#subjectNotFound()} or {@link SchemaRegistryException#schemaNotFound()}
   * when it is not there.
   */
  public int lookup(String subject, Schema schema) {
    return idUnder(subject, schema, "");
  }

  /** The schema registered with this id; fails with {@link SchemaRegistryException#schemaNotFound()} for an unknown id. */
  public Schema schemaById(int id) {
    Schema cached = schemas.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new IllegalArgumentException("schema id " + id + " in " + url + " is a " + type + " schema; only Avro is read");
    }
    Schema schema = new Schema.Parser().parse(text(answer, "schema", "GET /schemas/ids/" + id));
    schemas.put(id, schema);
    return schema;
  }

  private int idUnder(String subject, Schema schema, String pathSuffix) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20") + pathSuffix;
    JsonNode answer = send("POST", path, body);
    JsonNode id = answer.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new SchemaRegistryException(url + ": POST " + path + " answered without a schema id: " + answer, 200, -1, null);
    }
    ids.put(key, id.intValue());
    schemas.putIfAbsent(id.intValue(), schema);
    return id.intValue();
  }

  private JsonNode send(String method, String path, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path))
        .timeout(requestTimeout)
        .header("Accept", CONTENT_TYPE + ", application/json");
    if (body == null) {
      builder.GET();
    } else {
      builder.header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      SchemaRegistryException failure;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 == 2) {
          return parse(response, method, path);
        }
        failure = refused(response, method, path);
      } catch (IOException e) {
        failure = new SchemaRegistryException("Schema registry " + url + " did not answer " + method + " " + path + ": " + e,
            -1, -1, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("Interrupted during " + method + " " + path + " to schema registry " + url, -1, -1, e);
      }
      if (!failure.retriable()) {
        throw failure;
      }
      if (attempt == ATTEMPTS) {
        throw new SchemaRegistryException(failure.getMessage() + " (tried " + ATTEMPTS + " times)", failure.status(),
            failure.errorCode(), failure.getCause());
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure;
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  private JsonNode parse(HttpResponse<String> response, String method, String path) {
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException(url + " answered " + method + " " + path + " with " + response.statusCode()
          + " but not with JSON; is it a schema registry? Body: " + abbreviate(response.body()), response.statusCode(), -1, e);
    }
  }

  /** The registry's error answer, with its {@code error_code} and message when it gave them. */
  private SchemaRegistryException refused(HttpResponse<String> response, String method, String path) {
    int code = -1;
    String message = abbreviate(response.body());
    try {
      JsonNode error = JSON.readTree(response.body());
      if (error != null && error.has("error_code")) {
        code = error.get("error_code").asInt(-1);
        message = error.path("message").asText(message);
      }
    } catch (JsonProcessingException e) {
      // Not a registry error document (a proxy's page, say): the body itself is the message.
    }
    return new SchemaRegistryException("Schema registry " + url + " answered " + response.statusCode() + " to " + method
        + " " + path + (code >= 0 ? " (error_code " + code + ")" : "") + ": " + message, response.statusCode(), code, null);
  }

  private String text(JsonNode answer, String field, String request) {
    JsonNode value = answer.get(field);
    if (value == null || !value.isTextual()) {
      throw new SchemaRegistryException(url + ": " + request + " answered without \"" + field + "\": " + abbreviate(answer.toString()),
          200, -1, null);
    }
    return value.asText();
  }

  private static String abbreviate(String body) {
    String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }
}
