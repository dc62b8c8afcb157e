package io.textenrich.topology;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same scenarios on Apache Kafka's own container image, with Confluent's schema registry
 * image; skipped when no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaEnrichmentIT extends EnrichmentScenarios {

  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1")
      .withNetwork(NETWORK)
      .withListener("kafka:19092");

  @Container
  private static final GenericContainer<?> REGISTRY = new GenericContainer<>("confluentinc/cp-schema-registry:7.9.1")
      .withNetwork(NETWORK)
      .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
      .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
      .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
      .withExposedPorts(8081)
      .waitingFor(Wait.forHttp("/subjects").forStatusCode(200))
      .dependsOn(KAFKA);

  @Override
  protected String bootstrapServers() {
    return KAFKA.getBootstrapServers();
  }

  @Override
  protected String schemaRegistryUrl() {
    return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
  }
}
