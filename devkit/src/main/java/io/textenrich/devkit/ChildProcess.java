package io.textenrich.devkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM that prints a ready line and exits when its standard input closes ({@link ParentWatch}). Its
 * standard input stays open for as long as this object lives; closing it is what stops the child, and the
 * operating system closes it too if this JVM dies. Its output goes to a log file as it comes.
 */
final class ChildProcess {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private static final int RECENT_LINE_COUNT = 40;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String readyPrefix;
    private final Process process;
    private final Path logFile;
    private final Deque<String> recentLines = new ArrayDeque<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread outputDrain;

    private ChildProcess(String name, String readyPrefix, Process process, Path logFile) {
        this.name = name;
        this.readyPrefix = readyPrefix;
        this.process = process;
        this.logFile = logFile;
        this.outputDrain = new Thread(this::drainOutput, name.replace(' ', '-') + "-" + process.pid() + "-output");
        outputDrain.setDaemon(true);
    }

    /**
     * Starts the child and returns once it prints a line starting with {@code readyPrefix}; if it does not,
     * kills it and says why, with its last lines of output.
     *
     * @param name       what the child is, for messages ("Kafka broker")
     * @param timeoutFix what to do when the child is not ready in time, for the message
     */
    static ChildProcess launch(String name, List<String> command, Path logFile, String readyPrefix, Duration timeout,
            String timeoutFix) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ChildProcess child = new ChildProcess(name, readyPrefix, process, logFile);
        child.outputDrain.start();
        child.awaitReady(timeout, timeoutFix);
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** What the child printed after the ready prefix: the address it serves on. */
    String readyValue() {
        return ready.join();
    }

    /** The java launcher of this JVM, which the children run on too. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Closes the child's input so it shuts down cleanly, and kills it if it takes longer than 10 s. */
    void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("Closing the input of {} child pid {} failed; it is stopped regardless", name, pid(), e);
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("{} child pid {} did not stop within {} s of closing its input; killing it."
                        + " Last lines of its output:\n{}", name, pid(), STOP_TIMEOUT.toSeconds(), recentOutput());
                kill();
            }
            outputDrain.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout, String timeoutFix) throws InterruptedException {
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            kill();
            throw new IllegalStateException(name + " child pid " + pid() + " was not ready within "
                    + String.format("%.1f s", timeout.toMillis() / 1000.0) + "; " + timeoutFix
                    + ". Last lines of its output:\n" + recentOutput());
        } catch (ExecutionException e) {
            // Its output ended: the child is exiting. Let it finish so the exit code is its own.
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill();
            }
            outputDrain.join(STOP_TIMEOUT.toMillis());
            throw new IllegalStateException(name + " child pid " + pid() + " exited with code "
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
             // Appended: a child restarted on the same directory (a broker after an outage drill) keeps the log of its
             // previous run, which is where a problem of that run is told.
             Writer logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            String line;
            while ((line = output.readLine()) != null) {
                remember(line);
                logWriter.write(line);
                logWriter.write(System.lineSeparator());
                // Flushed per line so that a developer tailing the file sees a problem as it happens.
                logWriter.flush();
                if (line.startsWith(readyPrefix)) {
                    ready.complete(line.substring(readyPrefix.length()).strip());
                }
            }
        } catch (IOException e) {
            remember("(reading the output of the " + name + " failed: " + e + ")");
        } finally {
            ready.completeExceptionally(new IllegalStateException(name + " output ended"));
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
