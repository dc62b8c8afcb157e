package io.textenrich.topology;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The scenarios on a real Apache Kafka broker (KRaft) started from the Maven Central artifacts,
 * with a real schema registry: Apicurio Registry's Confluent-compatible API.
 */
class EmbeddedKafkaEnrichmentIT extends EnrichmentScenarios {

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(BrokerOptions.defaults());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Override
  protected String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  protected String schemaRegistryUrl() {
    return SharedApicurioRegistry.get().confluentApiUrl();
  }
}
