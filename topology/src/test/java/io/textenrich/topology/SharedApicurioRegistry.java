package io.textenrich.topology;

import io.textenrich.devkit.ApicurioRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real schema registry, Apicurio Registry, per test JVM, started on first use and stopped when the JVM exits:
 * it takes seconds to start, and every test uses subjects of its own topics. The build unpacks the registry and
 * names its directory in the system property {@value ApicurioRegistry#DISTRIBUTION_PROPERTY}.
 */
final class SharedApicurioRegistry {

  private static ApicurioRegistry registry;

  private SharedApicurioRegistry() {}

  static synchronized ApicurioRegistry get() {
    if (registry == null) {
      String distribution = System.getProperty(ApicurioRegistry.DISTRIBUTION_PROPERTY);
      if (distribution == null) {
        throw new IllegalStateException("System property " + ApicurioRegistry.DISTRIBUTION_PROPERTY + " is not set;"
            + " run this test through Maven (mvn -pl topology -am verify), which unpacks the registry and sets it");
      }
      ApicurioRegistry started = ApicurioRegistry.start(Path.of(distribution), Duration.ofMinutes(3));
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "apicurio-registry-stop"));
      registry = started;
    }
    return registry;
  }
}
