package io.textenrich.topology;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same scenarios on Apache Kafka's own container image; skipped when no Docker engine is reachable. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaEnrichmentIT extends EnrichmentScenarios {

  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

  @Override
  protected String bootstrapServers() {
    return KAFKA.getBootstrapServers();
  }
}
