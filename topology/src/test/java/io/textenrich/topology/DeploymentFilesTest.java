package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.textenrich.topology.config.EnrichConfig;
import io.textenrich.topology.config.ServiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment files under docker/ and helm/ against the configuration they feed: every setting
 * they ship is one the service accepts, the files agree with each other on ports, paths and names,
 * and the compose file creates every topic the service needs. Nothing here runs Docker or Kubernetes.
 */
class DeploymentFilesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = repositoryRoot();
  private static final Pattern ENV_ASSIGNMENT = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)");
  private static final String STATEFUL_SET = "helm/text-enrichment/templates/statefulset.yaml";
  private static final Pattern TEMPLATE_ENV =
      Pattern.compile("- name: ((?:ENRICH|KAFKA)_[A-Z0-9_]+)\\s*\\n\\s*value: (.+)");

  @ParameterizedTest
  @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.cuda"})
  void imagesSetOnlySettingsTheServiceKnows(String dockerfile) throws IOException {
    Map<String, String> env = imageEnvironment(dockerfile);
    assertEquals("0.0.0.0", env.get("ENRICH_HTTP_HOST"), "probes and published ports need every interface");
    assertKnownSettings(env);
    ServiceConfig config = ServiceConfig.fromMap(ServiceConfig.fromEnvironment(env));
    assertEquals("0.0.0.0", config.httpHost());
  }

  @Test
  void composeServiceSettingsAreAcceptedAndAgreeWithTheComposeFile() throws IOException {
    ServiceConfig config = composeServiceConfig();
    JsonNode compose = yaml("docker/compose.yaml");
    JsonNode enrich = compose.at("/services/enrich");

    assertTrue(compose.at("/services/kafka/environment/KAFKA_ADVERTISED_LISTENERS").asText()
        .contains("://" + config.bootstrapServers()), "bootstrap.servers must be a listener the broker advertises");
    assertEquals("0.0.0.0", config.httpHost());

    List<String> command = texts(enrich.get("command"));
    String configPath = command.get(command.indexOf("--config") + 1);
    assertTrue(texts(enrich.get("volumes")).contains("./service.properties:" + configPath + ":ro"),
        "docker/service.properties is mounted where --config reads it");

    String stateDir = (String) config.streamsProperties().get(StreamsConfig.STATE_DIR_CONFIG);
    assertTrue(texts(enrich.get("volumes")).stream().anyMatch(v -> v.endsWith(":" + stateDir)),
        "state.dir " + stateDir + " is on a volume");

    assertTrue(texts(enrich.get("ports")).contains(config.httpPort() + ":" + config.httpPort()));
    String healthCheck = String.join(" ", texts(enrich.at("/healthcheck/test")));
    assertTrue(healthCheck.contains("/dev/tcp/127.0.0.1/" + config.httpPort()) && healthCheck.contains("GET /ready "),
        healthCheck);
  }

  @Test
  void composeTopicInitCreatesEveryTopicTheServiceNeedsBeforeTheServiceStarts() throws IOException {
    ServiceConfig config = composeServiceConfig();
    JsonNode compose = yaml("docker/compose.yaml");

    List<String> creations = String.join("\n", texts(compose.at("/services/topics/command"))).lines()
        .filter(line -> line.contains("kafka-topics.sh")).toList();
    Set<String> created = new TreeSet<>();
    for (String line : creations) {
      assertTrue(line.contains("--create") && line.contains("--bootstrap-server " + config.bootstrapServers()), line);
      Matcher topic = Pattern.compile("--topic\\s+(\\S+)").matcher(line);
      assertTrue(topic.find(), line);
      created.add(topic.group(1));
    }
    assertEquals(4, config.topics().size(), "input, output, dead letters and moderation");
    assertTrue(created.containsAll(config.topics()), "created " + created + ", needed " + config.topics());
    assertEquals("service_completed_successfully",
        compose.at("/services/enrich/depends_on/topics/condition").asText(), "the service starts after the topics exist");
  }

  @Test
  void helmValuesConfigIsAcceptedWithTheChartsOwnSettings() throws IOException {
    JsonNode values = yaml("helm/text-enrichment/values.yaml");
    Map<String, String> config = new TreeMap<>();
    values.get("config").fields().forEachRemaining(e -> {
      assertTrue(e.getValue().isValueNode(), e.getKey() + " must be a single value");
      config.put(e.getKey(), e.getValue().asText());
    });

    Map<String, String> chartEnv = chartEnvironment();
    assertEquals(Set.of("ENRICH_HTTP_HOST", "ENRICH_HTTP_PORT", "KAFKA_APPLICATION_SERVER", "KAFKA_STATE_DIR"),
        chartEnv.keySet());
    assertKnownSettings(chartEnv);
    Set<String> chartKeys = ServiceConfig.fromEnvironment(chartEnv).keySet();
    assertTrue(chartKeys.stream().noneMatch(config::containsKey),
        "values.config sets " + chartKeys + ", which the chart overrides");

    Map<String, String> settings = new HashMap<>(config);
    settings.put("enrich.http.host", unquote(chartEnv.get("ENRICH_HTTP_HOST")));
    settings.put("enrich.http.port", values.at("/http/port").asText());
    settings.put("application.server", "text-enrichment-0.text-enrichment-headless.default.svc.cluster.local:"
        + values.at("/http/port").asText());
    settings.put("state.dir", chartEnv.get("KAFKA_STATE_DIR"));
    ServiceConfig cpu = ServiceConfig.fromMap(settings);
    assertEquals(values.at("/http/port").asInt(), cpu.httpPort());

    // With gpu.enabled the chart adds the device setting.
    settings.put("enrich.model.device", values.at("/gpu/device").asText());
    ServiceConfig.fromMap(settings);
  }

  @Test
  void helmPodsAdvertiseTheirOwnAddressAndKeepOtherVariablesOut() throws IOException {
    String statefulSet = Files.readString(ROOT.resolve(STATEFUL_SET));
    Map<String, String> chartEnv = chartEnvironment();
    String applicationServer = chartEnv.get("KAFKA_APPLICATION_SERVER");
    assertTrue(applicationServer.startsWith("\"$(POD_NAME).{{ include \"text-enrichment.headlessName\" . }}."),
        "each pod advertises its own name under the headless Service: " + applicationServer);
    assertTrue(applicationServer.endsWith(":{{ .Values.http.port }}\""), applicationServer);
    assertTrue(chartEnv.get("ENRICH_HTTP_PORT").contains(".Values.http.port"));
    assertTrue(statefulSet.contains("serviceName: {{ include \"text-enrichment.headlessName\" . }}"));

    Matcher stateMount = Pattern.compile("- name: state\\s*\\n\\s*mountPath: (\\S+)").matcher(statefulSet);
    assertTrue(stateMount.find());
    assertEquals(stateMount.group(1), chartEnv.get("KAFKA_STATE_DIR"), "state.dir is the mounted volume");

    // With a read-only root filesystem, the native libraries unpack into these two (tokenizer: ~/.djl.ai).
    String home = Pattern.compile("--home-dir (\\S+)").matcher(Files.readString(ROOT.resolve("docker/Dockerfile"))).results()
        .findFirst().orElseThrow().group(1);
    for (String writable : List.of("/tmp", home)) {
      assertTrue(statefulSet.contains("mountPath: " + writable + "\n"), writable + " must be a writable mount");
    }

    assertTrue(statefulSet.contains("enableServiceLinks: false"),
        "service links would add KAFKA_PORT and the like for a Service named kafka, read as settings");
    String headless = Files.readString(ROOT.resolve("helm/text-enrichment/templates/service-headless.yaml"));
    assertTrue(headless.contains("clusterIP: None") && headless.contains("publishNotReadyAddresses: true"));
  }

  /** The settings the compose file's service runs with: its properties file under the image's environment. */
  private static ServiceConfig composeServiceConfig() throws IOException {
    return ServiceConfig.load(ROOT.resolve("docker/service.properties"), imageEnvironment("docker/Dockerfile"));
  }

  /** The ENRICH_* and KAFKA_* variables a Dockerfile's ENV instructions set. */
  private static Map<String, String> imageEnvironment(String dockerfile) throws IOException {
    String text = Files.readString(ROOT.resolve(dockerfile), StandardCharsets.UTF_8).replace("\\\n", " ");
    Map<String, String> env = new TreeMap<>();
    text.lines().filter(line -> line.startsWith("ENV ")).forEach(line -> {
      Matcher m = ENV_ASSIGNMENT.matcher(line.substring(4));
      while (m.find()) {
        if (m.group(1).startsWith("ENRICH_") || m.group(1).startsWith("KAFKA_")) {
          env.put(m.group(1), unquote(m.group(2)));
        }
      }
    });
    assertFalse(env.isEmpty(), dockerfile + " sets no ENRICH_ or KAFKA_ variable");
    return env;
  }

  /** The ENRICH_* and KAFKA_* variables the StatefulSet sets, with their values as written in the template. */
  private static Map<String, String> chartEnvironment() throws IOException {
    Map<String, String> env = new TreeMap<>();
    Matcher m = TEMPLATE_ENV.matcher(Files.readString(ROOT.resolve(STATEFUL_SET)));
    while (m.find()) {
      env.put(m.group(1), m.group(2).trim());
    }
    return env;
  }

  /** ENRICH_* must name one of the service's settings, KAFKA_* one of Kafka Streams'. */
  private static void assertKnownSettings(Map<String, String> env) {
    Set<String> streamsKeys = StreamsConfig.configDef().names();
    env.keySet().forEach(name -> {
      String key = ServiceConfig.fromEnvironment(Map.of(name, "")).keySet().iterator().next();
      assertTrue(name.startsWith("ENRICH_") ? EnrichConfig.keys().contains(key) : streamsKeys.contains(key),
          name + " sets " + key + ", which is not a known setting");
    });
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static JsonNode yaml(String file) throws IOException {
    return YAML.readTree(ROOT.resolve(file).toFile());
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker/compose.yaml above " + Path.of("").toAbsolutePath());
  }
}
