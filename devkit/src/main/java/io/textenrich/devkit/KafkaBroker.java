package io.textenrich.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) for demos and integration tests.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
 *     broker.createTopics(3, "input", "output");
 *     // point clients at broker.bootstrapServers()
 * }
 * }</pre>
 *
 * The broker is also closed when the JVM exits, so neither a child process nor a temporary data dir outlives it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String securedBootstrapServers;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final Runnable stop;
    private final OptionalLong childPid;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread closeOnExit = new Thread(this::close, "kafka-broker-close-on-exit");

    private KafkaBroker(String bootstrapServers, String securedBootstrapServers, Path dataDir,
            boolean temporaryDataDir, Runnable stop, OptionalLong childPid) {
        this.bootstrapServers = bootstrapServers;
        this.securedBootstrapServers = securedBootstrapServers;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.stop = stop;
        this.childPid = childPid;
    }

    /**
     * Starts a broker and returns once an admin client sees it.
     *
     * @throws IllegalStateException if it is not ready within {@link BrokerOptions#startTimeout()}; the message
     *                               names the cause and, for a child process, ends with its last log lines
     * @throws UncheckedIOException  if the data dir or the ports cannot be set up
     */
    public static KafkaBroker start(BrokerOptions options) {
        Objects.requireNonNull(options, "options");
        long startNanos = System.nanoTime();
        boolean temporary = options.dataDir() == null;
        Path dataDir = prepareDataDir(options.dataDir());
        KafkaBroker broker;
        try {
            Ports ports = Ports.pick(options.port());
            int securedPort = 0;
            if (options.secured() != null) {
                CertificateAuthority.prepare(dataDir, options.secured());
                securedPort = Ports.free();
            }
            String secured = securedPort == 0 ? null : "localhost:" + securedPort;
            broker = switch (options.mode()) {
                case IN_PROCESS -> {
                    KraftServer server = KraftServer.start(ports.client(), ports.controller(), securedPort, dataDir,
                            options.startTimeout());
                    yield new KafkaBroker(server.bootstrapServers(), secured, dataDir, temporary, server::close,
                            OptionalLong.empty());
                }
                case CHILD_PROCESS -> {
                    ChildBroker child = ChildBroker.launch(ports.client(), ports.controller(), securedPort, dataDir,
                            options.startTimeout());
                    yield new KafkaBroker(child.bootstrapServers(), secured, dataDir, temporary, child::close,
                            OptionalLong.of(child.pid()));
                }
            };
        } catch (IOException e) {
            deleteIfTemporary(dataDir, temporary);
            throw new IllegalStateException("Kafka broker in " + dataDir + " did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            deleteIfTemporary(dataDir, temporary);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the Kafka broker in " + dataDir, e);
        } catch (RuntimeException e) {
            deleteIfTemporary(dataDir, temporary);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(broker.closeOnExit);
        log.info("Kafka broker ready at {} ({}, data dir {}) in {} s", broker.bootstrapServers,
                broker.childPid.isPresent() ? "child pid " + broker.childPid.getAsLong() : "in-process",
                dataDir, String.format("%.1f", (System.nanoTime() - startNanos) / 1e9));
        return broker;
    }

    /** Where clients connect, such as {@code localhost:39092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The SASL_SSL listener ({@code localhost:PORT}) when {@link BrokerOptions#secured()} asked for one: clients
     * there need {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=SCRAM-SHA-512}, the user's JAAS line and
     * {@link #caCertificate()} as their trust store (type PEM).
     */
    public Optional<String> securedBootstrapServers() {
        return Optional.ofNullable(securedBootstrapServers);
    }

    /**
     * Client settings for the secured listener as the broker's SCRAM user, with the given password (a test of a
     * wrong one passes that): bootstrap servers, protocol, mechanism, JAAS line and the CA as a PEM trust store.
     *
     * @throws IllegalStateException if the broker has no secured listener
     */
    public Map<String, String> securedClientSettings(String password) {
        if (securedBootstrapServers == null) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " has no secured listener;"
                    + " start it with BrokerOptions.withSecuredListener");
        }
        String user;
        try {
            user = CertificateAuthority.settings(dataDir).listener().user();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secured listener's settings in " + dataDir, e);
        }
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, securedBootstrapServers,
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", caCertificate().orElseThrow().toString());
    }

    /** The PEM certificate of the authority that signed the secured listener's certificate. */
    public Optional<Path> caCertificate() {
        return securedBootstrapServers == null ? Optional.empty()
                : Optional.of(CertificateAuthority.directory(dataDir).resolve(CertificateAuthority.CA_CERTIFICATE));
    }

    /**
     * Creates the topics with replication factor 1 and waits until every partition has a leader. Topics that already exist are left
     * as they are, whatever their partition count.
     */
    public void createTopics(int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (closed.get()) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers + " is closed; start a new one");
        }
        if (names.length == 0) {
            return;
        }
        List<NewTopic> topics = Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(topics).values().entrySet()) {
                awaitTopic(result.getKey(), result.getValue());
            }
            awaitLeaders(admin, List.of(names));
        }
    }

    /**
     * Waits until every partition of the topics has a leader. A topic exists before its partitions have one, and a
     * producer that sends then gets NOT_LEADER_OR_FOLLOWER on its first batches, which an idempotent producer can
     * turn into out-of-order retries until its delivery timeout fails the records.
     */
    private void awaitLeaders(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                boolean led = admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                // Not visible to this broker's metadata yet: ask again.
            } catch (TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the leaders of " + names, e);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the leaders of " + names, e);
            }
        }
        throw new IllegalStateException("The partitions of " + names + " on " + bootstrapServers + " had no leader within "
                + ADMIN_TIMEOUT.toSeconds() + " s; check that the broker is still running");
    }

    /** Stops the broker and deletes its data dir if it was temporary. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnExit);
        } catch (IllegalStateException e) {
            // The JVM is exiting, so the hook runs (or is this call) and finds the broker closed.
        }
        stop.run();
        deleteIfTemporary(dataDir, temporaryDataDir);
        log.info("Kafka broker at {} stopped", bootstrapServers);
    }

    /**
     * The child's process id in {@link BrokerOptions.Mode#CHILD_PROCESS}, empty in-process: what a fault test
     * kills to crash the broker.
     */
    public OptionalLong childPid() {
        return childPid;
    }

    Path dataDir() {
        return dataDir;
    }

    private void awaitTopic(String name, KafkaFuture<Void> creation) {
        try {
            creation.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name + " on " + bootstrapServers + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic " + name + " on " + bootstrapServers + " took over "
                    + ADMIN_TIMEOUT.toSeconds() + " s; check that the broker is still running", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    private static Path prepareDataDir(Path requested) {
        try {
            if (requested == null) {
                return Files.createTempDirectory("kafka-broker-");
            }
            return Files.createDirectories(requested.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the Kafka data dir " + (requested == null
                    ? "in " + System.getProperty("java.io.tmpdir") : requested) + ": " + e.getMessage(), e);
        }
    }

    private static void deleteIfTemporary(Path dir, boolean temporary) {
        if (temporary) {
            TempDirectory.delete(dir);
        }
    }

    /** The client port and the controller port, distinct. */
    private record Ports(int client, int controller) {

        static int free() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        /** Asks the OS for free ports; Kafka binds them a moment later, which is fine on a developer machine. */
        static Ports pick(int requestedClientPort) throws IOException {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (ServerSocket first = new ServerSocket(0, 1, loopback);
                 ServerSocket second = new ServerSocket(0, 1, loopback)) {
                if (requestedClientPort == 0) {
                    return new Ports(first.getLocalPort(), second.getLocalPort());
                }
                int controller = first.getLocalPort() != requestedClientPort
                        ? first.getLocalPort() : second.getLocalPort();
                return new Ports(requestedClientPort, controller);
            }
        }
    }
}
