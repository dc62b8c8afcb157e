package io.textenrich.cli.chaos;

import io.textenrich.cli.EnrichCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One service instance as a child process, exactly as a user runs it: {@code enrich run --config FILE} in a JVM of
 * its own, with the same class path as this one. It keeps its HTTP port and state directory across restarts, and
 * appends every start's output to one log file.
 */
final class ServiceProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path dir;
  private final Path configFile;
  private final Path log;
  private final Path stateDir;
  private final Map<String, String> settings;
  private final Map<String, String> environment;
  private final String maxHeap;
  private final int httpPort;
  private volatile Process process;
  private int starts;

  private ServiceProcess(String name, Path dir, Path stateDir, int httpPort, Map<String, String> settings,
      Map<String, String> environment, String maxHeap) throws IOException {
    this.name = name;
    this.dir = dir;
    this.configFile = dir.resolve(name + ".properties");
    this.log = dir.resolve(name + ".log");
    this.stateDir = stateDir;
    this.environment = Map.copyOf(environment);
    this.maxHeap = maxHeap;
    this.httpPort = httpPort;
    Map<String, String> all = new TreeMap<>(settings);
    all.put("state.dir", stateDir.toString());
    all.put("enrich.http.port", Integer.toString(httpPort));
    all.putIfAbsent("enrich.instance.id", name);
    this.settings = Map.copyOf(all);
    List<String> lines = new ArrayList<>();
    all.forEach((k, v) -> lines.add(k + "=" + v.replace("\\", "\\\\")));
    Files.write(configFile, lines);
  }

  /**
   * @param settings the {@code run --config} file's settings
   * @param environment variables the child gets on top of this JVM's, less any {@code ENRICH_*} and {@code KAFKA_*}
   *     of this JVM, which would override the file
   */
  static ServiceProcess create(String name, Path dir, Map<String, String> settings, Map<String, String> environment,
      String maxHeap) {
    try {
      return new ServiceProcess(name, dir, dir.resolve(name + "-state"), freePort(), settings, environment, maxHeap);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the configuration of service " + name + " in " + dir, e);
    }
  }

  /**
   * A second process of this instance, as a pod's standby container runs it: the same settings, identity, state
   * directory and HTTP port (only the active process binds it), a log of its own. Started while this one runs, it
   * loads its models and stands by.
   */
  ServiceProcess standby() {
    try {
      return new ServiceProcess(name + "-standby", dir, stateDir, httpPort, settings, environment, maxHeap);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the configuration of a standby of " + name + " in " + dir, e);
    }
  }

  /**
   * Waits until the process started last logs that it stands by with its models loaded; false if it died, took over
   * or time ran out.
   */
  boolean awaitStandingBy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && alive()) {
      String text = logText();
      String lastStart = text.substring(Math.max(0, text.lastIndexOf("=== chaos: start ")));
      if (lastStart.contains("Standing by with the models loaded")) {
        return !lastStart.contains("Taking over");
      }
      Thread.sleep(100);
    }
    return false;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  Path configFile() {
    return configFile;
  }

  int httpPort() {
    return httpPort;
  }

  /** Set by bin/enrich to the class-data archive it runs the drill's JVM with. */
  static final String CLASS_DATA_ARCHIVE_PROPERTY = "enrich.class.data.archive";

  /**
   * The JVM options that start a service process on the drill's class-data archive, as bin/enrich starts a service:
   * none without one. The archive holds the classes of the same class path, which the processes share.
   */
  static List<String> classDataOptions(String archive) {
    if (archive == null || !Files.isRegularFile(Path.of(archive))) {
      return List.of();
    }
    return List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:SharedArchiveFile=" + archive);
  }

  synchronized void start() {
    if (alive()) {
      throw new IllegalStateException("service " + name + " is already running");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap));
    command.addAll(classDataOptions(System.getProperty(CLASS_DATA_ARCHIVE_PROPERTY)));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), EnrichCommand.class.getName(), "run", "--config",
        configFile.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).directory(dir.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("ENRICH_") || k.startsWith("KAFKA_"));
    builder.environment().putAll(environment);
    try {
      Files.writeString(log, "=== chaos: start " + (++starts) + " of " + name + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start service " + name, e);
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** The last run's exit code; empty while it runs or before the first start. */
  synchronized OptionalLong exitCode() {
    return process == null || process.isAlive() ? OptionalLong.empty() : OptionalLong.of(process.exitValue());
  }

  /**
   * Writes the running service's thread stacks ({@code jcmd PID Thread.print}) beside its log, for a
   * scenario that failed while the service still ran: what a stuck thread waits on.
   *
   * @return the file, or empty when the service is not running or the JDK has no {@code jcmd}
   */
  synchronized Optional<Path> dumpThreads() throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (process == null || !process.isAlive() || !Files.isExecutable(jcmd)) {
      return Optional.empty();
    }
    Path out = dir.resolve(name + "-threads.txt");
    try {
      Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      return dump.waitFor(30, TimeUnit.SECONDS) && dump.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** SIGKILL: no shutdown hook, no commit, no goodbye to the group. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** SIGKILL without waiting, for a shutdown hook. */
  void killNow() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  /** SIGTERM, as an orchestrator stops a pod: the service closes Kafka Streams cleanly. */
  synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Deletes the local state directory, so the next start restores every store from its changelog. */
  void wipeState() throws IOException {
    if (alive()) {
      throw new IllegalStateException("wipe the state of " + name + " only while it is stopped");
    }
    if (Files.exists(stateDir)) {
      try (var paths = Files.walk(stateDir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Waits until {@code /ready} answers 200 (Kafka Streams RUNNING); false if the process died or time ran out. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!alive()) {
        return false;
      }
      if (get("/ready").map(r -> r.statusCode() == 200).orElse(false)) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** An answer of the HTTP endpoint, or empty when it does not answer. */
  Optional<HttpResponse<String>> get(String pathAndQuery) {
    try {
      return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + pathAndQuery))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Heap in use now, from the JVM metrics on {@code /metrics}; empty when it does not answer. */
  OptionalLong heapUsedBytes() {
    return get("/metrics").filter(r -> r.statusCode() == 200).map(r -> heapUsed(r.body())).orElse(OptionalLong.empty());
  }

  /** The sum of a Prometheus metric's series on {@code /metrics} (0 when absent), or -1 when the service does not answer. */
  double metric(String name) {
    return metric(name, "");
  }

  /** As {@link #metric(String)}, over the series whose line contains {@code label}, such as {@code reason="no-text"}. */
  double metric(String name, String label) {
    return get("/metrics").filter(r -> r.statusCode() == 200).map(r -> sum(r.body(), name, label)).orElse(-1.0);
  }

  /**
   * Whether both model stages have work submitted to their engines and not yet done, from one scrape of
   * {@code enrich_in_flight}; false when the service does not answer.
   */
  boolean bothStagesInFlight() {
    return get("/metrics").filter(r -> r.statusCode() == 200).map(r -> bothStagesInFlight(r.body())).orElse(false);
  }

  static boolean bothStagesInFlight(String prometheusText) {
    return sum(prometheusText, "enrich_in_flight", "stage=\"embed\"") > 0
        && sum(prometheusText, "enrich_in_flight", "stage=\"complete\"") > 0;
  }

  /** Events this process embedded since it started: the embed stage sees every valid event once. */
  double enrichedSinceStart() {
    return metric("enrich_enriched_records_total", "stage=\"embed\"");
  }

  static double sum(String prometheusText, String name, String label) {
    double sum = 0;
    for (String line : prometheusText.split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static OptionalLong heapUsed(String prometheusText) {
    double sum = 0;
    boolean found = false;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The last lines of the log, for a failure message. */
  String logTail(int lines) {
    List<String> all = logText().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
