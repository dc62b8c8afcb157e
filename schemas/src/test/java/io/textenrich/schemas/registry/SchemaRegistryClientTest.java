package io.textenrich.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

  private static final Schema V1 = SchemaBuilder.record("Note").namespace("test").fields()
      .requiredString("text").endRecord();
  private static final Schema V2 = SchemaBuilder.record("Note").namespace("test").fields()
      .requiredString("text").optionalString("lang").endRecord();
  private static final Schema INCOMPATIBLE = SchemaBuilder.record("Note").namespace("test").fields()
      .requiredString("text").requiredLong("count").endRecord();

  private final TestSchemaRegistry registry = TestSchemaRegistry.start();
  private final SchemaRegistryClient client = client(registry.url(), null);

  private static SchemaRegistryClient client(String url, String userInfo) {
    return new SchemaRegistryClient(URI.create(url), userInfo, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void registeringGivesOneIdPerDistinctSchemaAcrossSubjects() {
    int id = client.register("notes-value", V1);
    assertEquals(id, client.register("archive-value", V1), "the same schema under another subject keeps its id");
    int second = client.register("notes-value", V2);
    assertNotEquals(id, second);
    assertEquals(V2, client(registry.url(), null).schemaById(second));
    assertEquals(id, client(registry.url(), null).lookup("archive-value", V1));
  }

  @Test
  void requestsUseTheRegistryContentTypeAndAnswersAreCached() {
    int id = client.register("notes-value", V1);
    assertEquals(id, client.register("notes-value", V1));
    assertEquals(id, client.lookup("notes-value", V1));
    assertEquals(V1, client.schemaById(id));
    assertEquals(1, registry.requests().size(), "one request in all: " + registry.requests());
    assertEquals(SchemaRegistryClient.CONTENT_TYPE, registry.requests().get(0).contentType());
    assertEquals("/subjects/notes-value/versions", registry.requests().get(0).path());

    SchemaRegistryClient reader = client(registry.url(), null);
    for (int i = 0; i < 5; i++) {
      assertEquals(V1, reader.schemaById(id));
    }
    assertEquals(2, registry.requests().size());
    assertEquals("GET", registry.requests().get(1).method());
  }

  @Test
  void notFoundAnswersCarryTheRegistryErrorCode() {
    SchemaRegistryException unknownId = assertThrows(SchemaRegistryException.class, () -> client.schemaById(999));
    assertEquals(404, unknownId.status());
    assertEquals(40403, unknownId.errorCode());
    assertTrue(unknownId.schemaNotFound());
    assertFalse(unknownId.retriable());
    assertTrue(unknownId.getMessage().contains("/schemas/ids/999"), unknownId.getMessage());

    SchemaRegistryException noSubject = assertThrows(SchemaRegistryException.class, () -> client.lookup("notes-value", V1));
    assertTrue(noSubject.subjectNotFound(), noSubject.getMessage());
    assertTrue(noSubject.getMessage().contains("Subject 'notes-value' not found"), noSubject.getMessage());

    client.register("notes-value", V1);
    SchemaRegistryException noSchema = assertThrows(SchemaRegistryException.class, () -> client.lookup("notes-value", V2));
    assertTrue(noSchema.schemaNotFound(), noSchema.getMessage());
  }

  @Test
  void anIncompatibleSchemaIsRefusedWithConflict() {
    client.register("notes-value", V1);
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.register("notes-value", INCOMPATIBLE));
    assertEquals(409, e.status());
    assertFalse(e.retriable());
    assertTrue(e.getMessage().contains("incompatible"), e.getMessage());
  }

  @Test
  void basicAuthIsSentAndAWrongPasswordIsAnError() {
    try (TestSchemaRegistry secured = TestSchemaRegistry.start(1, "svc:s3cret")) {
      assertEquals(1, client(secured.url(), "svc:s3cret").register("notes-value", V1));
      assertEquals("Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)),
          secured.requests().get(0).authorization());
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
          () -> client(secured.url(), "svc:wrong").register("notes-value", V1));
      assertEquals(401, e.status());
      assertFalse(e.retriable());
    }
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() {
    registry.failNext(2);
    assertEquals(1, client.register("notes-value", V1));
    assertEquals(3, registry.requests().size());

    registry.failNext(SchemaRegistryClient.ATTEMPTS);
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(5));
    assertEquals(503, e.status());
    assertTrue(e.retriable());
    assertTrue(e.getMessage().contains("tried " + SchemaRegistryClient.ATTEMPTS + " times"), e.getMessage());
  }

  @Test
  void anUnreachableRegistryIsARetriableFailureNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(url, null).schemaById(1));
    assertEquals(-1, e.status());
    assertTrue(e.retriable());
    assertTrue(e.getMessage().contains(url), e.getMessage());
  }

  @Test
  void aNotFoundWithoutTheRegistryCodeIsNotAnUnknownSchema() {
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
        () -> client(registry.url() + "/nowhere", null).schemaById(1));
    assertEquals(404, e.status());
    assertFalse(e.schemaNotFound(), "a 404 without the registry's code is not an unknown schema");
  }
}
