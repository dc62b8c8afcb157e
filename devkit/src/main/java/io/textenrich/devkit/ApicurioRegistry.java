package io.textenrich.devkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry, in memory, in a child JVM on a free port of 127.0.0.1 that exits when this JVM closes it or
 * dies. Started from the registry's runnable distribution (Maven Central:
 * {@code io.apicurio:apicurio-registry-app}, classifier {@code all}, type {@code zip}, unpacked), with Confluent's
 * default compatibility rule, BACKWARD, set globally, so that it refuses what a Confluent registry would.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** Where Apicurio serves the Confluent Schema Registry API, version 7. */
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";
    /** Where Apicurio serves its own API, version 2, which Apicurio's serializers use. */
    public static final String REGISTRY_API_PATH = "/apis/registry/v2";
    /** The system property that the build sets to the unpacked distribution, for tests and the demo. */
    public static final String DISTRIBUTION_PROPERTY = "apicurio.registry.dir";

    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistry.class);

    private static final String LOG_FILE_NAME = "registry.log";

    private final ChildProcess process;
    private final TempDirectory logDir;
    private final String url;

    private ApicurioRegistry(ChildProcess process, TempDirectory logDir) {
        this.process = process;
        this.logDir = logDir;
        this.url = process.readyValue();
    }

    /**
     * Starts the registry of the unpacked distribution in {@code distribution} and returns once its
     * Confluent-compatible API answers.
     *
     * @throws IllegalStateException when the distribution is not there, or the registry does not start within
     *                               {@code startTimeout}; the message names the fix or ends with the child's output
     */
    public static ApicurioRegistry start(Path distribution, Duration startTimeout) {
        long started = System.nanoTime();
        Path runner = runnerJar(distribution);
        TempDirectory logDir = TempDirectory.create("apicurio-registry");
        ChildProcess child;
        try {
            child = ChildProcess.launch("Apicurio Registry", command(runner, freePort()),
                    logDir.path().resolve(LOG_FILE_NAME), RegistryMain.READY_PREFIX, startTimeout,
                    "raise the start timeout if the machine is just slow");
        } catch (IOException e) {
            logDir.close();
            throw new UncheckedIOException("Cannot start Apicurio Registry from " + runner + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            logDir.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Apicurio Registry started", e);
        } catch (RuntimeException e) {
            logDir.close();
            throw e;
        }
        ApicurioRegistry registry = new ApicurioRegistry(child, logDir);
        try {
            registry.setGlobalCompatibility("BACKWARD");
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        log.info("Apicurio Registry ready at {} (child pid {}) in {} s", registry.url(), registry.pid(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        return registry;
    }

    /** The registry's base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return url;
    }

    /** The base URL of its Confluent-compatible API: what a Confluent client or this service is given. */
    public String confluentApiUrl() {
        return url + CONFLUENT_API_PATH;
    }

    /** The base URL of Apicurio's own API: what Apicurio's serializers are given. */
    public String registryApiUrl() {
        return url + REGISTRY_API_PATH;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the child (its in-memory schemas go with it) and deletes its log. */
    @Override
    public void close() {
        process.close();
        logDir.close();
    }

    /** The child's command line: this JVM running {@link RegistryMain} beside the registry's runner jar. */
    static List<String> command(Path runnerJar, int port) throws IOException {
        return List.of(
                ChildProcess.javaExecutable(),
                "-Xmx384m",
                // Starts in about half the time; a test registry never runs long enough to need the C2 compiler.
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // Its INFO logging is a banner and a page of notices; warnings are what a developer acts on.
                "-Dquarkus.log.level=WARN",
                "-cp", ownClassPath() + File.pathSeparator + runnerJar,
                RegistryMain.class.getName(),
                mainClass(runnerJar),
                Integer.toString(port));
    }

    private void setGlobalCompatibility(String level) {
        URI config = URI.create(confluentApiUrl() + "/config");
        HttpRequest request = HttpRequest.newBuilder(config)
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Apicurio Registry answered " + response.statusCode() + " to PUT " + config
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Apicurio Registry did not answer PUT " + config, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during PUT " + config, e);
        }
    }

    private static Path runnerJar(Path distribution) {
        String fix = "; unpack io.apicurio:apicurio-registry-app (classifier all, type zip) there, as"
                + " 'mvn -pl cli dependency:unpack@apicurio-registry' does into cli/target/apicurio-registry";
        if (!Files.isDirectory(distribution)) {
            throw new IllegalStateException("No Apicurio Registry distribution at " + distribution + fix);
        }
        try (Stream<Path> files = Files.list(distribution)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No *-runner.jar in " + distribution + fix));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + distribution, e);
        }
    }

    private static String mainClass(Path runnerJar) throws IOException {
        try (JarFile jar = new JarFile(runnerJar.toFile())) {
            String main = jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (main == null) {
                throw new IllegalStateException(runnerJar + " names no Main-Class; is it Apicurio Registry's runner jar?");
            }
            return main;
        }
    }

    /** The jar or classes directory this class came from, which holds {@link RegistryMain} too. */
    private static String ownClassPath() {
        try {
            return Path.of(ApicurioRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the devkit's classes", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
