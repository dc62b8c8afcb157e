package io.textenrich.topology;

import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import java.net.URI;
import java.time.Duration;

/**
 * The schema registry the service writes its Avro for, when one is configured.
 *
 * @param url the registry's base URL
 * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication; empty for none
 * @param subjects which subject a topic's schema goes under
 * @param autoRegister register the output schema at start; when false it must already be registered
 * @param requestTimeout how long one request to the registry may take
 */
public record SchemaRegistrySettings(URI url, String basicAuthUserInfo, SubjectNameStrategy subjects, boolean autoRegister,
    Duration requestTimeout) {

  SchemaRegistryClient client() {
    return new SchemaRegistryClient(url, basicAuthUserInfo, requestTimeout);
  }

  /** Keeps the password out of logs. */
  @Override
  public String toString() {
    return "SchemaRegistrySettings[url=" + url + ", basicAuth=" + (basicAuthUserInfo.isEmpty() ? "none" : "set")
        + ", subjects=" + subjects.configName() + ", autoRegister=" + autoRegister + ", requestTimeout=" + requestTimeout + "]";
  }
}
