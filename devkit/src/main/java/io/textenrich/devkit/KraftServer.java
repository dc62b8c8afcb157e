package io.textenrich.devkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka server (combined broker and controller, KRaft) running in this JVM.
 * Shared by the in-process mode and by {@link BrokerMain} in the child JVM, so both behave the same.
 */
final class KraftServer implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private boolean closed;

    private KraftServer(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code dataDir} unless it already holds a cluster, starts the server and returns once an admin
     * client sees the broker.
     *
     * @param securedPort the SASL_SSL listener's port, 0 for none; its settings are those that
     *                    {@link CertificateAuthority#prepare} left in the data dir
     */
    static KraftServer start(int port, int controllerPort, int securedPort, Path dataDir, Duration readyTimeout)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        CertificateAuthority.Settings secured = securedPort == 0 ? null : CertificateAuthority.settings(dataDir);
        Properties props = serverProperties(port, controllerPort, dataDir);
        if (secured != null) {
            addSecuredListener(props, port, securedPort, secured);
        }
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Single-node Kafka broker for development and tests");
        }
        // A data dir kept from an earlier run already holds a cluster; formatting is for new ones only.
        if (!Files.exists(logDir(dataDir).resolve("meta.properties"))) {
            formatStorage(configFile, dataDir, secured);
        }

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        KraftServer started = new KraftServer(server, "localhost:" + port);
        try {
            server.startup();
            started.awaitBrokerVisible(readyTimeout);
        } catch (RuntimeException | IOException | InterruptedException e) {
            started.close();
            throw e;
        }
        return started;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Blocks until the server has stopped, whether through {@link #close()} or on its own. */
    void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties serverProperties(int port, int controllerPort, Path dataDir) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir(dataDir).toString()),
                // One broker: internal topics cannot have more replicas than that.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // Internal topics default to 50 partitions; creating them on first use would cost seconds.
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.num.partitions", "1"),
                // Tests and demos want consumers to get partitions at once.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // After a crash, read_committed readers wait until the dead producer's open
                // transaction is aborted; check for timed-out transactions every second, not every ten.
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
                Map.entry("num.partitions", "1"),
                // A typo in a topic name should fail loudly, not create a new topic.
                Map.entry("auto.create.topics.enable", "false"),
                // The default takes 128 MB of heap for a cleaner that has next to nothing to do here;
                // Kafka requires more than 1 MB.
                Map.entry("log.cleaner.dedupe.buffer.size", "2097152")));
        return props;
    }

    /**
     * A SASL_SSL listener next to the plain one, which stays the inter-broker listener. SCRAM needs no
     * JAAS user list on the broker: the credentials live in the cluster metadata, written at format time.
     */
    private static void addSecuredListener(Properties props, int port, int securedPort,
            CertificateAuthority.Settings secured) {
        String listeners = props.getProperty("listeners");
        props.setProperty("listeners", listeners + ",SECURED://localhost:" + securedPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port + ",SECURED://localhost:" + securedPort);
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURED:SASL_SSL");
        props.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.setProperty("listener.name.secured.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.setProperty("listener.name.secured.ssl.keystore.type", "PKCS12");
        props.setProperty("listener.name.secured.ssl.keystore.location", secured.keystore().toString());
        props.setProperty("listener.name.secured.ssl.keystore.password", secured.keystorePassword());
    }

    private static Path logDir(Path dataDir) {
        return dataDir.resolve("logs");
    }

    private static void formatStorage(Path configFile, Path dataDir, CertificateAuthority.Settings secured) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(
            "format",
            "--cluster-id", Uuid.randomUuid().toString(),
            "--config", configFile.toString(),
            "--standalone"));
        if (secured != null) {
            args.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + secured.listener().user() + ",password="
                    + secured.listener().password() + "]"));
        }
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args.toArray(String[]::new), printStream);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + dataDir + " failed with exit code "
                    + exitCode + ": " + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private void awaitBrokerVisible(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                Collection<Node> nodes;
                try {
                    nodes = admin.describeCluster().nodes()
                            .get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new IOException("Kafka at " + bootstrapServers + " started but did not answer an admin"
                            + " client within " + timeout.toSeconds() + " s", e);
                } catch (ExecutionException e) {
                    throw new IOException("Kafka at " + bootstrapServers + " started but describing the cluster"
                            + " failed: " + e.getCause(), e.getCause());
                }
                if (!nodes.isEmpty()) {
                    return;
                }
                if (System.nanoTime() >= deadline) {
                    throw new IOException("Kafka at " + bootstrapServers + " started but listed no broker within "
                            + timeout.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        }
    }
}
