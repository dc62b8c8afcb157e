package io.textenrich.devkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a single-node Kafka broker in this JVM; the child process behind
 * {@link BrokerOptions.Mode#CHILD_PROCESS}.
 *
 * <p>Usage: {@code BrokerMain --port N --controller-port N --data-dir DIR [--secured-port N]}; the secured
 * listener's settings come from the data dir, where {@link KafkaBroker} prepared them. Prints {@value #READY_PREFIX}
 * followed by the bootstrap servers on standard output once the broker answers, and exits when standard input
 * reaches end of file, so that the broker never outlives a parent that holds the other end of that pipe.
 */
public final class BrokerMain {

    static final String READY_PREFIX = "BROKER READY ";

    private static final String USAGE = "Usage: BrokerMain --port N --controller-port N --data-dir DIR [--secured-port N]";

    /** The parent gives up sooner; this only stops a forgotten child from waiting forever. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private BrokerMain() {
    }

    public static void main(String[] args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

        ParentWatch.start();

        // Shutdown hooks also run on SIGTERM, so a terminated child still stops Kafka cleanly.
        AtomicReference<KraftServer> running = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            KraftServer server = running.get();
            if (server != null) {
                server.close();
            }
        }, "kafka-broker-shutdown"));

        KraftServer server;
        try {
            server = KraftServer.start(arguments.port(), arguments.controllerPort(), arguments.securedPort(),
                    arguments.dataDir(), READY_TIMEOUT);
        } catch (Exception e) {
            e.printStackTrace();
            // Printed last, so that it ends the tail of output that a parent reports.
            System.err.println("Kafka broker failed to start: " + causeChain(e));
            System.exit(1);
            return;
        }
        running.set(server);
        System.out.println(READY_PREFIX + server.bootstrapServers());
        System.out.flush();

        server.awaitShutdown();
        System.exit(0);
    }

    /** Kafka wraps the actionable message (a port in use, say) a few causes deep. */
    private static String causeChain(Throwable error) {
        StringBuilder chain = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            chain.append(" <- ").append(cause.getMessage());
        }
        return chain.toString();
    }

    private record Arguments(int port, int controllerPort, int securedPort, Path dataDir) {

        static Arguments parse(String[] args) {
            Integer port = null;
            Integer controllerPort = null;
            int securedPort = 0;
            Path dataDir = null;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing value after " + args[i]);
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--port" -> port = parsePort(args[i], value);
                    case "--controller-port" -> controllerPort = parsePort(args[i], value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--secured-port" -> securedPort = parsePort(args[i], value);
                    default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
                }
            }
            if (port == null || controllerPort == null || dataDir == null) {
                throw new IllegalArgumentException("--port, --controller-port and --data-dir are all required");
            }
            return new Arguments(port, controllerPort, securedPort, dataDir);
        }

        private static int parsePort(String name, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // Reported below with the expected range.
            }
            throw new IllegalArgumentException(name + " must be a port number 1..65535, got " + value);
        }
    }
}
