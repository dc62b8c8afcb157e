package io.textenrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.textenrich.topology.config.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart as Helm itself lints and renders it (the Helm engine embedded for Java), over the value sets that
 * users turn on. Every rendered manifest is parsed with the Kubernetes model, failing on any field the model does not
 * know; the KEDA and Prometheus Operator resources, which the model has no classes for, are checked field by field.
 * Then the pods are checked against what the service needs. Nothing here runs Kubernetes.
 */
class HelmChartTest {

  private static final Path CHART = RepositoryFiles.root().resolve("helm/text-enrichment");
  private static final String RELEASE = "enrich";
  private static final String NAMESPACE = "streams";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonMapper KUBERNETES = JsonMapper.builder().build();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  /** The value sets the chart is checked with, each as a values file a user would write. */
  enum ValueSet {
    DEFAULTS("{}"),
    EPHEMERAL_DYNAMIC("""
        persistence:
          enabled: false
        membership:
          static: false
        """),
    GPU("""
        gpu:
          enabled: true
        """),
    PERSISTENCE("""
        persistence:
          enabled: true
          storageClassName: fast-ssd
        config:
          enrich.state.store: rocksdb
        """),
    AUTOSCALING("""
        autoscaling:
          enabled: true
          minReplicas: 1
          maxReplicas: 6
          inputTopicPartitions: 6
          triggerAuthentication: kafka-trigger-auth
        """),
    EXISTING_SECRET("""
        kafkaSecret:
          existingSecret: kafka-credentials
        """),
    STANDBY("""
        standby:
          enabled: true
        """),
    MONITORING("""
        metrics:
          serviceMonitor:
            enabled: true
            labels:
              release: prometheus
        """);

    private final String yaml;

    ValueSet(String yaml) {
      this.yaml = yaml;
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void helmLintFindsNothingInStrictMode(ValueSet values, @TempDir Path dir) throws IOException {
    // The embedded engine lints a chart with its own values.yaml, so each set is merged into a copy's.
    Path chart = copyChart(dir.resolve("text-enrichment"));
    JsonNode merged = merge(YAML.readTree(chart.resolve("values.yaml").toFile()), YAML.readTree(values.yaml));
    YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);

    LintResult lint = new Helm(chart).lint().strict().call();

    assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    assertTrue(lint.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
        String.join("\n", lint.getMessages()));
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyManifestParsesStrictlyAndEachPodProbesHealthAndReadinessAndAdvertisesItsOwnAddress(ValueSet values,
      @TempDir Path dir) {
    Rendered rendered = render(values, dir);
    StatefulSet statefulSet = rendered.only(StatefulSet.class);
    Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertHttpGet(container.getStartupProbe(), "/health");
    assertHttpGet(container.getLivenessProbe(), "/health");
    assertHttpGet(container.getReadinessProbe(), "/ready");
    assertTrue(container.getPorts().stream().anyMatch(p -> "http".equals(p.getName())), "the probes' named port");

    EnvVar podName = env(container, "POD_NAME");
    assertEquals("metadata.name", podName.getValueFrom().getFieldRef().getFieldPath());
    Service headless = rendered.all(Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
        .findFirst().orElseThrow(() -> new AssertionError("no headless Service"));
    assertEquals(headless.getMetadata().getName(), statefulSet.getSpec().getServiceName());
    assertTrue(headless.getSpec().getPublishNotReadyAddresses(), "instances ask each other during rebalances too");
    String pod = statefulSet.getMetadata().getName() + "-0";
    assertEquals(pod + "." + headless.getMetadata().getName() + "." + NAMESPACE + ".svc.cluster.local:8080",
        podEnvironment(container, pod).get("KAFKA_APPLICATION_SERVER"), "each pod advertises its own DNS name");
    assertFalse(statefulSet.getSpec().getTemplate().getSpec().getEnableServiceLinks(),
        "service links would add KAFKA_PORT and the like for a Service named kafka, read as settings");
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void theConfigMapAndThePodsVariablesAreSettingsTheServiceAccepts(ValueSet values, @TempDir Path dir) throws IOException {
    Rendered rendered = render(values, dir);
    StatefulSet statefulSet = rendered.only(StatefulSet.class);
    Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    ConfigMap configMap = rendered.only(ConfigMap.class);
    Volume configVolume = volume(statefulSet, "config");
    assertEquals(configMap.getMetadata().getName(), configVolume.getConfigMap().getName());
    String mountPath = container.getVolumeMounts().stream().filter(m -> "config".equals(m.getName())).findFirst()
        .orElseThrow().getMountPath();
    List<String> args = container.getArgs();
    String configFile = args.get(args.indexOf("--config") + 1);
    assertEquals(1, configMap.getData().size());
    String fileName = configMap.getData().keySet().iterator().next();
    assertEquals(mountPath + "/" + fileName, configFile, "--config reads the mounted ConfigMap");

    Path properties = Files.writeString(dir.resolve(fileName), configMap.getData().get(fileName));
    Map<String, String> environment = podEnvironment(container, statefulSet.getMetadata().getName() + "-0");
    Map<String, String> settings = new TreeMap<>();
    configMap.getData().get(fileName).lines().filter(l -> !l.isBlank()).forEach(l -> settings.put(l.split("=", 2)[0], ""));
    settings.putAll(ServiceConfig.fromEnvironment(environment));
    KnownSettings.assertKnown(settings.keySet(), "the chart (" + values + ")");

    // As the pod starts: the properties file under the container's variables.
    ServiceConfig config = ServiceConfig.load(properties, environment);
    assertEquals(8080, config.httpPort());
    assertEquals("0.0.0.0", config.httpHost(), "probes reach the pod's address");
  }

  @Test
  void withTheGpuOnEachPodLimitsNvidiaGpusRunsTheCudaImageAndUsesTheCudaDevice(@TempDir Path dir) {
    Rendered cpu = render(ValueSet.DEFAULTS, dir.resolve("cpu"));
    Rendered gpu = render(ValueSet.GPU, dir.resolve("gpu"));
    Container cpuContainer = cpu.only(StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    Container gpuContainer = gpu.only(StatefulSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertNull(cpuContainer.getResources().getLimits().get("nvidia.com/gpu"));
    assertEquals(new Quantity("1"), gpuContainer.getResources().getLimits().get("nvidia.com/gpu"));
    assertEquals(cpuContainer.getResources().getLimits().get("memory"), gpuContainer.getResources().getLimits().get("memory"),
        "the GPU limit is added to the other limits, not instead of them");
    assertTrue(gpuContainer.getImage().endsWith(":cuda"), gpuContainer.getImage());
    assertFalse(properties(cpu).contains("enrich.model.device="), properties(cpu));
    assertTrue(properties(gpu).lines().anyMatch("enrich.model.device=auto"::equals), properties(gpu));
  }

  @Test
  void withPersistenceEachPodClaimsItsOwnStateVolume(@TempDir Path dir) {
    StatefulSet withClaims = render(ValueSet.PERSISTENCE, dir.resolve("on")).only(StatefulSet.class);
    StatefulSet without = render(ValueSet.EPHEMERAL_DYNAMIC, dir.resolve("off")).only(StatefulSet.class);
    assertEquals(1, render(ValueSet.DEFAULTS, dir.resolve("default")).only(StatefulSet.class).getSpec()
        .getVolumeClaimTemplates().size(), "the state directory is on a volume by default");

    assertNotNull(volume(without, "state").getEmptyDir(), "without persistence the state is an emptyDir");
    assertEquals(1, withClaims.getSpec().getVolumeClaimTemplates().size());
    PersistentVolumeClaim claim = withClaims.getSpec().getVolumeClaimTemplates().get(0);
    assertEquals("state", claim.getMetadata().getName());
    assertEquals("fast-ssd", claim.getSpec().getStorageClassName());
    assertEquals(new Quantity("5Gi"), claim.getSpec().getResources().getRequests().get("storage"));
    assertTrue(withClaims.getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> "state".equals(v.getName())),
        "the claim template, not a pod volume, provides the state volume");
    Container container = withClaims.getSpec().getTemplate().getSpec().getContainers().get(0);
    String stateMount = container.getVolumeMounts().stream().filter(m -> "state".equals(m.getName())).findFirst()
        .orElseThrow().getMountPath();
    assertEquals(stateMount, env(container, "KAFKA_STATE_DIR").getValue(), "state.dir is the claimed volume");
  }

  @Test
  void eachPodIsAStaticMemberNamedByItsPodThatStaysInTheGroupOnAStopUnlessAutoscalingScalesDown(@TempDir Path dir)
      throws IOException {
    ServiceConfig byDefault = podConfig(render(ValueSet.DEFAULTS, dir.resolve("default")), dir.resolve("default"));
    ServiceConfig autoscaled = podConfig(render(ValueSet.AUTOSCALING, dir.resolve("keda")), dir.resolve("keda"));
    ServiceConfig dynamic = podConfig(render(ValueSet.EPHEMERAL_DYNAMIC, dir.resolve("dynamic")), dir.resolve("dynamic"));

    assertEquals(RELEASE + "-text-enrichment-0", byDefault.groupInstanceId().orElseThrow(), "the pod name");
    assertFalse(byDefault.leaveGroupOnStop(), "a rolling restart brings the pod back on its name");
    assertEquals(RELEASE + "-text-enrichment-0", autoscaled.groupInstanceId().orElseThrow());
    assertTrue(autoscaled.leaveGroupOnStop(), "an autoscaled pod may be stopped for good");
    assertTrue(dynamic.groupInstanceId().isEmpty());
    assertTrue(dynamic.leaveGroupOnStop());
  }

  /** The configuration pod 0 of the rendered StatefulSet starts with. */
  private static ServiceConfig podConfig(Rendered rendered, Path dir) throws IOException {
    Files.createDirectories(dir);
    StatefulSet statefulSet = rendered.only(StatefulSet.class);
    Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    return ServiceConfig.load(Files.writeString(dir.resolve("pod.properties"), properties(rendered)),
        podEnvironment(container, statefulSet.getMetadata().getName() + "-0"));
  }

  @Test
  void withAutoscalingKedaScalesTheStatefulSetOnTheInputTopicsConsumerGroupLag(@TempDir Path dir) throws IOException {
    Rendered rendered = render(ValueSet.AUTOSCALING, dir);
    StatefulSet statefulSet = rendered.only(StatefulSet.class);
    GenericKubernetesResource scaledObject = rendered.custom("keda.sh/v1alpha1", "ScaledObject");
    ServiceConfig config = ServiceConfig.load(Files.writeString(dir.resolve("p.properties"), properties(rendered)), Map.of());

    assertNull(statefulSet.getSpec().getReplicas(), "KEDA owns the replica count; the chart must not reset it");
    assertEquals(Map.of("apiVersion", "apps/v1", "kind", "StatefulSet", "name", statefulSet.getMetadata().getName()),
        scaledObject.get("spec", "scaleTargetRef"));
    assertEquals(1, (int) scaledObject.<Integer>get("spec", "minReplicaCount"));
    assertEquals(6, (int) scaledObject.<Integer>get("spec", "maxReplicaCount"));
    List<Map<String, Object>> triggers = scaledObject.get("spec", "triggers");
    assertEquals(1, triggers.size());
    assertEquals("kafka", triggers.get(0).get("type"));
    assertEquals(Map.of("name", "kafka-trigger-auth"), triggers.get(0).get("authenticationRef"));
    Map<String, Object> trigger = scaledObject.get("spec", "triggers", 0, "metadata");
    assertEquals(Set.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold", "offsetResetPolicy",
        "allowIdleConsumers"), trigger.keySet(), "fields of KEDA's kafka scaler");
    assertEquals(config.bootstrapServers(), trigger.get("bootstrapServers"));
    assertEquals(config.streamsProperties().get("application.id"), trigger.get("consumerGroup"),
        "Kafka Streams' consumer group is its application.id");
    assertEquals(config.inputTopic(), trigger.get("topic"));
    assertEquals("false", trigger.get("allowIdleConsumers"));
    assertTrue(Integer.parseInt((String) trigger.get("lagThreshold")) > 0);
  }

  @Test
  void moreReplicasThanInputPartitionsIsRefusedNamingTheFix(@TempDir Path dir) throws IOException {
    Path values = Files.writeString(dir.resolve("values.yaml"), """
        autoscaling:
          enabled: true
          maxReplicas: 12
          inputTopicPartitions: 6
        """);
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(values).call());
    assertTrue(refused.getMessage().contains("autoscaling.maxReplicas (12) is above the input topic's 6 partitions"),
        refused.getMessage());
  }

  @Test
  void withAStandbyEachPodRunsASecondProcessOfTheSameInstanceOnTheSameStateVolumeAndPort(@TempDir Path dir) {
    StatefulSet statefulSet = render(ValueSet.STANDBY, dir).only(StatefulSet.class);
    List<Container> containers = statefulSet.getSpec().getTemplate().getSpec().getContainers();
    assertEquals(List.of("enrich", "enrich-standby"), containers.stream().map(Container::getName).toList());
    Container service = containers.get(0);
    Container standby = containers.get(1);
    String pod = statefulSet.getMetadata().getName() + "-0";
    assertEquals(podEnvironment(service, pod), podEnvironment(standby, pod),
        "the same identity, state directory and HTTP port: the process that holds the state directory binds the port");
    assertEquals(service.getArgs(), standby.getArgs());
    assertEquals(service.getVolumeMounts(), standby.getVolumeMounts());
    assertEquals(8080, standby.getStartupProbe().getHttpGet().getPort().getIntVal(), "the pod's port, whichever is active");
    assertEquals("/ready", standby.getReadinessProbe().getHttpGet().getPath());
    assertTrue(standby.getPorts() == null || standby.getPorts().isEmpty(), "the port is declared once, by the first container");
    assertEquals(new Quantity("100m"), standby.getResources().getRequests().get("cpu"), "little CPU while it waits");
    assertEquals(service.getResources().getLimits().get("memory"), standby.getResources().getLimits().get("memory"),
        "memory for a second copy of the models");
    assertEquals(1, render(ValueSet.DEFAULTS, dir.resolve("default")).only(StatefulSet.class).getSpec().getTemplate()
        .getSpec().getContainers().size(), "no standby by default");
  }

  @Test
  void aStandbyBesideAGpuIsRefusedNamingTheFix(@TempDir Path dir) throws IOException {
    Path values = Files.writeString(dir.resolve("values.yaml"), """
        gpu:
          enabled: true
        standby:
          enabled: true
        """);
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(values).call());
    assertTrue(refused.getMessage().contains("a standby container would need a GPU of its own"), refused.getMessage());
  }

  @Test
  void anExistingSecretBecomesThePodsVariables(@TempDir Path dir) {
    Container container = render(ValueSet.EXISTING_SECRET, dir).only(StatefulSet.class).getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    assertEquals(1, container.getEnvFrom().size());
    assertEquals("kafka-credentials", container.getEnvFrom().get(0).getSecretRef().getName());
  }

  @Test
  void theServiceMonitorScrapesMetricsThroughTheHttpServiceOnly(@TempDir Path dir) {
    Rendered rendered = render(ValueSet.MONITORING, dir);
    GenericKubernetesResource monitor = rendered.custom("monitoring.coreos.com/v1", "ServiceMonitor");
    assertEquals("prometheus", monitor.getMetadata().getLabels().get("release"));
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    List<Service> selected = rendered.all(Service.class).stream()
        .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
    assertEquals(1, selected.size(), "one Service, so each pod is scraped once: " + selected);
    Service http = selected.get(0);
    assertNull(http.getSpec().getClusterIP(), "the HTTP Service, not the headless one");

    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertEquals(1, endpoints.size());
    assertEquals("/metrics", endpoints.get(0).get("path"));
    String port = (String) endpoints.get(0).get("port");
    assertTrue(http.getSpec().getPorts().stream().anyMatch(p -> port.equals(p.getName())), "the Service's named port " + port);
    assertEquals(Set.of("port", "path", "interval", "scrapeTimeout"), endpoints.get(0).keySet());
    assertTrue(render(ValueSet.DEFAULTS, dir.resolve("off")).customs().isEmpty(), "no CRD resources unless asked for");
  }

  /** What {@code helm template} rendered: the chart's resources, parsed. */
  private record Rendered(List<HasMetadata> resources) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T only(Class<T> type) {
      List<T> found = all(type);
      assertEquals(1, found.size(), "one " + type.getSimpleName());
      return found.get(0);
    }

    List<GenericKubernetesResource> customs() {
      return all(GenericKubernetesResource.class);
    }

    GenericKubernetesResource custom(String apiVersion, String kind) {
      List<GenericKubernetesResource> found = customs().stream()
          .filter(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind())).toList();
      assertEquals(1, found.size(), "one " + kind);
      return found.get(0);
    }
  }

  private static String properties(Rendered rendered) {
    return rendered.only(ConfigMap.class).getData().values().iterator().next();
  }

  private static Rendered render(ValueSet values, Path dir) {
    String manifests;
    try {
      Files.createDirectories(dir);
      Path file = Files.writeString(dir.resolve(values.name().toLowerCase(Locale.ROOT) + ".yaml"), values.yaml);
      manifests = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(file).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<HasMetadata> resources = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
      JsonNode tree;
      try {
        tree = YAML.readTree(document);
      } catch (IOException e) {
        throw new AssertionError("helm template wrote a document that is not YAML:\n" + document, e);
      }
      if (tree == null || tree.isMissingNode() || tree.isEmpty()) {
        continue;
      }
      HasMetadata parsed = (HasMetadata) KUBERNETES.readValue(tree.toString(), KubernetesResource.class);
      if (!(parsed instanceof GenericKubernetesResource)) {
        assertNoUnknownFields(parsed, parsed.getKind() + " " + parsed.getMetadata().getName());
      }
      resources.add(parsed);
    }
    return new Rendered(resources);
  }

  /**
   * The Kubernetes model keeps a field it has no property for in the object's additional properties instead of
   * failing; any there, at any depth, is a field Kubernetes would reject or drop.
   */
  private static void assertNoUnknownFields(Object node, String path) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> assertNoUnknownFields(value, path + "." + key));
    } else if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        assertNoUnknownFields(item, path + "[" + i++ + "]");
      }
    } else if (node != null && node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      for (Method getter : node.getClass().getMethods()) {
        if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class
            || getter.getReturnType().isPrimitive() || getter.getReturnType() == String.class) {
          continue;
        }
        Object value = invoke(getter, node);
        if (getter.getName().equals("getAdditionalProperties")) {
          assertTrue(value == null || ((Map<?, ?>) value).isEmpty(), "unknown field(s) " + value + " in " + path);
        } else {
          assertNoUnknownFields(value, path + "." + getter.getName().substring(3));
        }
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter + " of " + target, e);
    }
  }

  private static void assertHttpGet(Probe probe, String path) {
    assertNotNull(probe);
    HTTPGetAction get = probe.getHttpGet();
    assertEquals(path, get.getPath());
    assertEquals("http", get.getPort().getStrVal());
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no variable " + name));
  }

  /** The container's literal variables as the kubelet sets them for this pod: {@code $(POD_NAME)} resolved. */
  private static Map<String, String> podEnvironment(Container container, String podName) {
    Map<String, String> env = new TreeMap<>();
    container.getEnv().stream().filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue().replace("$(POD_NAME)", podName)));
    return env;
  }

  private static Volume volume(StatefulSet statefulSet, String name) {
    return statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> name.equals(v.getName()))
        .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static Path copyChart(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path source : files.toList()) {
        Files.copy(source, target.resolve(CHART.relativize(source).toString()));
      }
    }
    return target;
  }

  /** {@code overrides} over {@code base}, maps merged key by key as Helm merges values files. */
  private static JsonNode merge(JsonNode base, JsonNode overrides) {
    if (!(base instanceof ObjectNode merged) || !overrides.isObject()) {
      return overrides;
    }
    overrides.properties().forEach(e -> merged.set(e.getKey(),
        merged.has(e.getKey()) ? merge(merged.get(e.getKey()), e.getValue()) : e.getValue()));
    return merged;
  }
}
