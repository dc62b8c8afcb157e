package io.textenrich.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that is its own serializer and deserializer and takes everything it needs at
 * construction: Kafka's configuration is ignored and there is nothing to release.
 */
interface SelfContainedSerde<T> extends Serde<T>, Serializer<T>, Deserializer<T> {

  @Override
  default void configure(Map<String, ?> configs, boolean isKey) {
    // Everything is given at construction.
  }

  @Override
  default void close() {
    // Nothing held that needs releasing.
  }

  @Override
  default Serializer<T> serializer() {
    return this;
  }

  @Override
  default Deserializer<T> deserializer() {
    return this;
  }
}
