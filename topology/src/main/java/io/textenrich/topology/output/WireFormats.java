package io.textenrich.topology.output;

import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import io.textenrich.schemas.RegistryAvroSerde;
import io.textenrich.schemas.TextEvent;
import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SchemaRegistryException;
import io.textenrich.topology.config.SchemaRegistrySettings;
import io.textenrich.topology.config.ServiceConfig;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the service's Avro looks on the wire: Avro single-object encoding by default; with a schema
 * registry configured, the registry's wire format on the enriched and moderation topics, and
 * registry-framed {@code TextEvent}s accepted on the input next to the other formats.
 *
 * @param output the serializer of the enriched and moderation topics
 * @param registryInput reads registry-framed input; null when no registry is configured
 */
public record WireFormats(Serializer<EnrichedText> output, RegistryAvroSerde<TextEvent> registryInput) {

  private static final Logger LOG = LoggerFactory.getLogger(WireFormats.class);

  /**
   * With a registry, registers (or looks up) the output schema for each output topic now, so that a
   * wrong URL, refused credentials or a rejected schema stop the start with the fix named rather
   * than fail the first record.
   */
  public static WireFormats open(ServiceConfig config) {
    Optional<SchemaRegistrySettings> configured = config.schemaRegistry();
    if (configured.isEmpty()) {
      return new WireFormats(AvroSerde.enrichedText(), null);
    }
    SchemaRegistrySettings registry = configured.get();
    SchemaRegistryClient client = registry.client();
    RegistryAvroSerde<EnrichedText> output = RegistryAvroSerde.of(EnrichedText.class, client, registry.subjects(),
        registry.autoRegister());
    for (String topic : config.enrichedTopics()) {
      try {
        LOG.info("Topic {} gets EnrichedText with schema id {} (subject {}) of schema registry {}", topic,
            output.schemaId(topic), output.subject(topic), client.url());
      } catch (SchemaRegistryException e) {
        throw new IllegalStateException(startFailure(registry, output.subject(topic), e), e);
      }
    }
    return new WireFormats(output, RegistryAvroSerde.of(TextEvent.class, client, registry.subjects(), registry.autoRegister()));
  }

  private static String startFailure(SchemaRegistrySettings registry, String subject, SchemaRegistryException e) {
    String fix;
    if (!registry.autoRegister() && (e.subjectNotFound() || e.schemaNotFound())) {
      fix = "the schema is not registered under subject " + subject + "; register it there, or set"
          + " enrich.schema.registry.auto.register=true to let the service register it";
    } else if (e.status() == 401 || e.status() == 403) {
      fix = "the registry refused the credentials; check enrich.schema.registry.basic.auth.user.info";
    } else if (e.status() == 409) {
      fix = "the subject's compatibility rule rejects this schema; change the subject's compatibility setting in the"
          + " registry, or use other subjects (enrich.schema.registry.subject.name.strategy)";
    } else if (e.retriable()) {
      fix = "check enrich.schema.registry.url and that the registry runs and is reachable from here";
    } else {
      fix = "check that enrich.schema.registry.url is the base URL of a Confluent-compatible schema registry";
    }
    return "Cannot " + (registry.autoRegister() ? "register" : "find") + " the EnrichedText schema under subject " + subject
        + " in schema registry " + registry.url() + ": " + fix + ". " + e.getMessage();
  }
}
