package io.textenrich.topology;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.schemas.registry.TestSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The scenarios on a real Apache Kafka broker (KRaft) started from the Maven Central artifacts,
 * with the in-test schema registry.
 */
class EmbeddedKafkaEnrichmentIT extends EnrichmentScenarios {

  private static KafkaBroker broker;
  private static TestSchemaRegistry registry;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(BrokerOptions.defaults());
    registry = TestSchemaRegistry.start();
  }

  @AfterAll
  static void stopBroker() {
    registry.close();
    broker.close();
  }

  @Override
  protected String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  protected String schemaRegistryUrl() {
    return registry.url();
  }
}
