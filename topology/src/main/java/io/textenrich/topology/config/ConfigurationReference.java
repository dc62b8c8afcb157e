package io.textenrich.topology.config;

import java.util.Locale;
import java.util.TreeMap;

/** docs/configuration.md, generated from the declaration of the service's settings ({@link ServiceConfig#configDef()}). */
public final class ConfigurationReference {

  private ConfigurationReference() {}

  /** Every key with its type, default, accepted values and meaning. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("Every setting of the service, for whoever writes its configuration file. [Back to the README](../README.md).\n\n")
        .append("Generated from the service's declaration of its settings (`ServiceConfig`); a test keeps this file equal")
        .append(" to it.\nKeys starting with `enrich.` are the service's own; every other key is a Kafka Streams or")
        .append(" client setting,\npassed through unchanged. Environment variables override the file: `ENRICH_INPUT_TOPIC`")
        .append(" sets\n`enrich.input.topic`, `KAFKA_BOOTSTRAP_SERVERS` sets `bootstrap.servers` (`ENRICH_JAVA_OPTS` and the\n")
        .append("`KAFKA_*_OPTS` variables of Kafka's own scripts are no settings).\n\n")
        .append("Every mistake is reported at once, before a model loads, and the service exits with code 2: a key that is\n")
        .append("neither one of these nor a Kafka Streams, consumer, producer or admin setting (also under Kafka Streams'\n")
        .append("prefixes `consumer.`, `main.consumer.`, `restore.consumer.`, `global.consumer.`, `producer.`, `admin.`,\n")
        .append("`topic.`), with the nearest name that is; a value this table or Kafka rejects; each named as it was set\n")
        .append("(an environment variable by its name). `bin/enrich run --config FILE --print-config` prints every setting\n")
        .append("in effect with where it came from (default, file, environment variable), secrets masked.\n\n")
        .append("Kafka settings whose default the service sets (a value in the configuration wins): ")
        .append(String.join(", ", new TreeMap<>(ServiceConfig.STREAMS_DEFAULTS).entrySet().stream()
            .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList()))
        .append(".\n\n")
        .append("| key | type | default | accepted | meaning |\n| --- | --- | --- | --- | --- |\n");
    ServiceConfig.configDef().configKeys().forEach((key, def) -> {
      String dflt = ServiceConfig.defaultText(key);
      out.append("| `").append(key).append("` | ").append(def.type.name().toLowerCase(Locale.ROOT).replace("password", "string"))
          .append(" | ").append(dflt.isEmpty() ? "(empty)" : "`" + dflt.replace("|", "\\|") + "`")
          .append(" | ").append(def.validator == null ? "" : def.validator.toString().replace("|", "\\|"))
          .append(" | ").append(def.documentation.replace("|", "\\|")).append(" |\n");
    });
    return out.toString();
  }
}
