package io.textenrich.devkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link BrokerMain} running in a child JVM, which exits when this JVM closes it or dies. */
final class ChildBroker {

    static final String LOG_FILE_NAME = "broker.log";

    private final ChildProcess process;

    private ChildBroker(ChildProcess process) {
        this.process = process;
    }

    /** Starts the child and returns once it reports ready; if it does not, kills it and says why. */
    static ChildBroker launch(int port, int controllerPort, int securedPort, Path dataDir, Duration timeout)
            throws IOException, InterruptedException {
        return new ChildBroker(ChildProcess.launch("Kafka broker", command(port, controllerPort, securedPort, dataDir),
                dataDir.resolve(LOG_FILE_NAME), BrokerMain.READY_PREFIX, timeout,
                "raise BrokerOptions.startTimeout if the machine is just slow"));
    }

    long pid() {
        return process.pid();
    }

    String bootstrapServers() {
        return process.readyValue();
    }

    /** The child's command line: this JVM and class path running {@link BrokerMain}; securedPort 0 for none. */
    static List<String> command(int port, int controllerPort, int securedPort, Path dataDir) {
        List<String> command = new ArrayList<>(List.of(
                ChildProcess.javaExecutable(),
                "-Xmx512m",
                // The broker's INFO logging is a firehose; warnings are what a developer acts on.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(),
                "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort),
                "--data-dir", dataDir.toString()));
        if (securedPort != 0) {
            command.addAll(List.of("--secured-port", Integer.toString(securedPort)));
        }
        return command;
    }

    /** Closes the child's input so it shuts down cleanly, and kills it if it takes longer than 10 s. */
    void close() {
        process.close();
    }
}
