package io.textenrich.topology.config;

import io.textenrich.schemas.registry.SchemaRegistryClient;
import io.textenrich.schemas.registry.SubjectNameStrategy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

  /**
   * @param set the keys as set, to name the registry keys set without a URL
   * @param maxPollIntervalMs a stream thread may wait for every attempt of a registry request, and
   *     must not be evicted meanwhile
   * @return null when no registry is configured (or the section is invalid)
   */
  static SchemaRegistrySettings from(ServiceConfig config, Map<String, String> set, long maxPollIntervalMs,
      List<String> errors) {
    String url = config.getString("enrich.schema.registry.url");
    String userInfo = config.getPassword("enrich.schema.registry.basic.auth.user.info").value();
    long timeout = config.getInt("enrich.schema.registry.request.timeout.ms");
    if (!userInfo.isEmpty() && userInfo.indexOf(':') < 1) {
      errors.add("enrich.schema.registry.basic.auth.user.info must be user:password");
    }
    if (url.isEmpty()) {
      List<String> withoutUrl = set.keySet().stream()
          .filter(k -> k.startsWith("enrich.schema.registry.") && !set.get(k).equals(ServiceConfig.defaultText(k)))
          .sorted().toList();
      if (!withoutUrl.isEmpty()) {
        errors.add(String.join(", ", withoutUrl) + " set but enrich.schema.registry.url is empty; set the registry URL, or remove them");
      }
      return null;
    }
    URI uri = httpUrl(url);
    if (uri == null) {
      errors.add("enrich.schema.registry.url='" + url + "' is not an http(s) URL such as http://localhost:8081"
          + " (one registry; credentials go in enrich.schema.registry.basic.auth.user.info)");
    }
    if (timeout * SchemaRegistryClient.ATTEMPTS >= maxPollIntervalMs) {
      errors.add("enrich.schema.registry.request.timeout.ms=" + timeout + " times " + SchemaRegistryClient.ATTEMPTS
          + " attempts must be below max.poll.interval.ms=" + maxPollIntervalMs
          + ", or Kafka evicts a stream thread waiting for the registry");
    }
    if (uri == null) {
      return null;
    }
    return new SchemaRegistrySettings(uri, userInfo, config.parsed("enrich.schema.registry.subject.name.strategy"),
        config.getBoolean("enrich.schema.registry.auto.register"), Duration.ofMillis(timeout));
  }

  /** The URL when it is a plain http(s) URL with a host; null otherwise. */
  private static URI httpUrl(String value) {
    try {
      URI uri = new URI(value);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return http && uri.getHost() != null && uri.getRawUserInfo() == null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  public SchemaRegistryClient client() {
    return new SchemaRegistryClient(url, basicAuthUserInfo, requestTimeout);
  }

  /** Keeps the password out of logs. */
  @Override
  public String toString() {
    return "SchemaRegistrySettings[url=" + url + ", basicAuth=" + (basicAuthUserInfo.isEmpty() ? "none" : "set")
        + ", subjects=" + subjects.configName() + ", autoRegister=" + autoRegister + ", requestTimeout=" + requestTimeout + "]";
  }
}
