package io.textenrich.topology.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.registry.TestSchemaRegistry;
import io.textenrich.topology.config.ServiceConfig;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the service writes with, and how a registry problem stops the start. On the in-test registry: these tests
 * check which requests the service sends (a real registry does not report them) and refused basic-auth credentials
 * (Apicurio Registry checks credentials only through an OpenID Connect server). A real registry refusing an
 * incompatible schema at start: ApicurioRegistryIT.
 */
class WireFormatsTest {

  private static ServiceConfig config(String url, Map<String, String> more) {
    Map<String, String> values = new TreeMap<>(more);
    values.put("enrich.schema.registry.url", url);
    return ServiceConfig.fromMap(values);
  }

  @Test
  void withoutARegistryTheOutputIsSingleObjectEncoded() {
    WireFormats formats = WireFormats.open(ServiceConfig.defaults());
    assertInstanceOf(AvroSerde.class, formats.output());
    assertNull(formats.registryInput());
  }

  @Test
  void theSchemaIsRegisteredAtStartForTheEnrichedAndTheModerationTopic() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
      WireFormats formats = WireFormats.open(config(registry.url(), Map.of()));
      assertInstanceOf(RegistryAvroSerde.class, formats.output());
      assertEquals(List.of("POST /subjects/enriched-text-value/versions", "POST /subjects/moderation-value/versions"),
          registry.requests().stream().map(r -> r.method() + " " + r.path()).toList());
    }
  }

  @Test
  void anUnreachableRegistryFailsTheStartNamingTheSettingAndTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> WireFormats.open(config(url, Map.of())));
    assertTrue(e.getMessage().contains("enrich.schema.registry.url"), e.getMessage());
    assertTrue(e.getMessage().contains(url), e.getMessage());
  }

  @Test
  void withoutAutoRegistrationAMissingSchemaFailsTheStartAndARegisteredOneIsOnlyLookedUp() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
      ServiceConfig lookupOnly = config(registry.url(), Map.of("enrich.schema.registry.auto.register", "false",
          "enrich.moderation.topic", ""));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> WireFormats.open(lookupOnly));
      assertTrue(e.getMessage().contains("subject enriched-text-value"), e.getMessage());
      assertTrue(e.getMessage().contains("enrich.schema.registry.auto.register=true"), e.getMessage());

      WireFormats.open(config(registry.url(), Map.of("enrich.moderation.topic", "")));
      int before = registry.requests().size();
      WireFormats.open(lookupOnly);
      assertEquals("POST /subjects/enriched-text-value", registry.requests().get(before).method() + " "
          + registry.requests().get(before).path());
      assertEquals(before + 1, registry.requests().size());
    }
  }

  @Test
  void refusedCredentialsNameTheirSetting() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start(1, "svc:s3cret")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> WireFormats.open(config(registry.url(),
          Map.of("enrich.schema.registry.basic.auth.user.info", "svc:wrong"))));
      assertTrue(e.getMessage().contains("enrich.schema.registry.basic.auth.user.info"), e.getMessage());
      WireFormats.open(config(registry.url(), Map.of("enrich.schema.registry.basic.auth.user.info", "svc:s3cret")));
    }
  }

  @Test
  void recordNameSubjectsAreOneSubjectForBothTopics() {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start()) {
      WireFormats.open(config(registry.url(), Map.of("enrich.schema.registry.subject.name.strategy", "record")));
      assertEquals("/subjects/" + EnrichedText.getClassSchema().getFullName() + "/versions", registry.requests().get(0).path());
      assertEquals(1, registry.requests().size(), "the second topic's id comes from the client's cache");
    }
  }
}
