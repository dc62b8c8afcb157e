package io.textenrich.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SASL_SSL listener: the right user over the generated CA gets in; a wrong password or no trust does not. */
class SecuredListenerTest {

    private static final String PASSWORD = "right-password-42";
    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(BrokerOptions.defaults().withSecuredListener(new SecuredListener("enrich", PASSWORD)));
        broker.createTopics(1, "secured");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theUserOverTheGeneratedCaListsTopicsAndProduces() throws Exception {
        Map<String, Object> settings = new HashMap<>(broker.securedClientSettings(PASSWORD));
        try (Admin admin = Admin.create(settings)) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("secured"));
        }
        settings.remove("bootstrap.servers");
        try (var producer = Clients.producer(broker.securedBootstrapServers().orElseThrow(), settings)) {
            assertEquals("secured", producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("secured", "hi"))
                    .get(30, TimeUnit.SECONDS).topic());
        }
        assertTrue(Files.readString(broker.caCertificate().orElseThrow()).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void aWrongPasswordFailsAuthentication() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> listTopics(broker.securedClientSettings("wrong")));
        assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
    }

    @Test
    void aClientThatDoesNotTrustTheCaFailsTheHandshake() {
        Map<String, String> settings = new HashMap<>(broker.securedClientSettings(PASSWORD));
        settings.keySet().removeAll(Set.of("ssl.truststore.type", "ssl.truststore.location"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> listTopics(settings));
        assertInstanceOf(SslAuthenticationException.class, e.getCause(), e.toString());
    }

    private static void listTopics(Map<String, String> settings) throws Exception {
        try (Admin admin = Admin.create(new HashMap<String, Object>(settings))) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
