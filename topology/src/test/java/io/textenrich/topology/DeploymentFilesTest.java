package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.textenrich.topology.config.ServiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The files under docker/ against the configuration they feed: every setting they ship is one the
 * service accepts, the files agree with each other on ports, paths and names, and the compose file
 * creates every topic the service needs. Nothing here runs Docker. The Helm chart: HelmChartTest.
 */
class DeploymentFilesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = RepositoryFiles.root();
  private static final Pattern ENV_ASSIGNMENT = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)");

  @ParameterizedTest
  @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.cuda"})
  void imagesSetOnlySettingsTheServiceKnows(String dockerfile) throws IOException {
    Map<String, String> env = imageEnvironment(dockerfile);
    assertEquals("0.0.0.0", env.get("ENRICH_HTTP_HOST"), "probes and published ports need every interface");
    assertKnownSettings(env);
    ServiceConfig config = ServiceConfig.fromMap(ServiceConfig.fromEnvironment(env));
    assertEquals("0.0.0.0", config.httpHost());
  }

  /**
   * A class-data archive serves only the class path it was written with, and a JVM that finds another one ignores it
   * without a word: the build's demo run and the ENTRYPOINT must name the same archive and class path.
   */
  @ParameterizedTest
  @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.cuda"})
  void imagesStartOnTheClassDataArchiveTheirBuildWrites(String dockerfile) throws IOException {
    String text = Files.readString(ROOT.resolve(dockerfile), StandardCharsets.UTF_8).replace("\\\n", " ");
    Matcher written = Pattern.compile("RUN java .*-XX:ArchiveClassesAtExit=(\\S+)\\s+-cp '([^']+)' io\\.textenrich\\.cli\\.EnrichCommand demo")
        .matcher(text);
    Matcher used = Pattern.compile("ENTRYPOINT .*exec java .*-XX:SharedArchiveFile=(\\S+) .*-cp '([^']+)' io\\.textenrich\\.cli\\.EnrichCommand")
        .matcher(text);
    assertTrue(written.find(), dockerfile + " writes no class-data archive");
    assertTrue(used.find(), dockerfile + " starts without the class-data archive");
    assertEquals(written.group(1), used.group(1), "the archive the build writes is the one a start maps");
    assertEquals(written.group(2), used.group(2), "the class path an archive is written with is the one it serves");
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

  /** ENRICH_* must name one of the service's settings, KAFKA_* one of Kafka Streams'. */
  private static void assertKnownSettings(Map<String, String> env) {
    KnownSettings.assertKnown(ServiceConfig.fromEnvironment(env).keySet(), "the environment");
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
}
