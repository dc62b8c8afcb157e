package io.textenrich.devkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BrokerMain} running in a child JVM. The child's standard input stays open for as long as this object
 * lives; closing it is what stops the child, and the operating system closes it too if this JVM dies.
 */
final class ChildBroker {

    private static final Logger log = LoggerFactory.getLogger(ChildBroker.class);

    static final String LOG_FILE_NAME = "broker.log";

    private static final int RECENT_LINE_COUNT = 40;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path logFile;
    private final Deque<String> recentLines = new ArrayDeque<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread outputDrain;

    private ChildBroker(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        this.outputDrain = new Thread(this::drainOutput, "kafka-broker-" + process.pid() + "-output");
        outputDrain.setDaemon(true);
    }

    /** Starts the child and returns once it reports ready; if it does not, kills it and says why. */
    static ChildBroker launch(int port, int controllerPort, int securedPort, Path dataDir, Duration timeout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(port, controllerPort, securedPort, dataDir))
                .redirectErrorStream(true).start();
        ChildBroker child = new ChildBroker(process, dataDir.resolve(LOG_FILE_NAME));
        child.outputDrain.start();
        child.awaitReady(timeout);
        return child;
    }

    long pid() {
        return process.pid();
    }

    String bootstrapServers() {
        return ready.join();
    }

    /** The child's command line: this JVM and class path running {@link BrokerMain}; securedPort 0 for none. */
    static List<String> command(int port, int controllerPort, int securedPort, Path dataDir) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("Closing the input of Kafka broker child pid {} failed; it is stopped regardless", pid(), e);
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Kafka broker child pid {} did not stop within {} s of closing its input; killing it."
                        + " Last lines of its output:\n{}", pid(), STOP_TIMEOUT.toSeconds(), recentOutput());
                kill();
            }
            outputDrain.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            kill();
            throw new IllegalStateException("Kafka broker child pid " + pid() + " was not ready within "
                    + String.format("%.1f s", timeout.toMillis() / 1000.0)
                    + "; raise BrokerOptions.startTimeout if the machine is just slow. Last lines of its output:\n"
                    + recentOutput());
        } catch (ExecutionException e) {
            // Its output ended: the child is exiting. Let it finish so the exit code is its own.
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill();
            }
            outputDrain.join(STOP_TIMEOUT.toMillis());
            throw new IllegalStateException("Kafka broker child pid " + pid() + " exited with code "
                    + process.exitValue() + " before it was ready. Last lines of its output:\n" + recentOutput());
        } catch (InterruptedException e) {
            kill();
            throw e;
        }
    }

    /** Kills the child and waits for its output to end, so that the log file is closed afterwards. */
    private void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        outputDrain.join(STOP_TIMEOUT.toMillis());
    }

    private void drainOutput() {
        try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = output.readLine()) != null) {
                remember(line);
                logWriter.write(line);
                logWriter.write(System.lineSeparator());
                // Flushed per line so that a developer tailing the file sees a problem as it happens.
                logWriter.flush();
                if (line.startsWith(BrokerMain.READY_PREFIX)) {
                    ready.complete(line.substring(BrokerMain.READY_PREFIX.length()).strip());
                }
            }
        } catch (IOException e) {
            remember("(reading the broker's output failed: " + e + ")");
        } finally {
            ready.completeExceptionally(new IllegalStateException("Kafka broker output ended"));
        }
    }

    private synchronized void remember(String line) {
        if (recentLines.size() == RECENT_LINE_COUNT) {
            recentLines.removeFirst();
        }
        recentLines.addLast(line);
    }

    private synchronized String recentOutput() {
        return recentLines.isEmpty() ? "(no output)" : String.join("\n", recentLines);
    }
}
