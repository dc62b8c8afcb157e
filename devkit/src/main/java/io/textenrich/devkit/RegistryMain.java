package io.textenrich.devkit;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Runs Apicurio Registry's own main class in this JVM, the child process behind {@link ApicurioRegistry}: its class
 * path is this class's and the registry's runner jar, its port a {@code quarkus.http.port} system property.
 *
 * <p>Usage: {@code RegistryMain MAIN_CLASS PORT}. Prints {@value #READY_PREFIX} and the registry's base URL once
 * its Confluent-compatible API answers, and exits when standard input reaches end of file ({@link ParentWatch}).
 */
public final class RegistryMain {

    static final String READY_PREFIX = "SCHEMA REGISTRY READY ";

    /** The parent gives up sooner; this only stops a forgotten child from waiting forever. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private RegistryMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("Usage: RegistryMain MAIN_CLASS PORT");
            System.exit(2);
            return;
        }
        ParentWatch.start();
        Thread registry = new Thread(() -> runMain(args[0]), "registry-main");
        registry.start();

        String base = "http://127.0.0.1:" + Integer.parseInt(args[1]);
        URI probe = URI.create(base + ApicurioRegistry.CONFLUENT_API_PATH + "/subjects");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!answers(probe)) {
            if (!registry.isAlive() || System.nanoTime() > deadline) {
                System.err.println("Apicurio Registry did not answer " + probe + (registry.isAlive()
                        ? " within " + READY_TIMEOUT.toMinutes() + " minutes" : "; its main thread ended"));
                System.exit(1);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        System.out.println(READY_PREFIX + base);
        System.out.flush();
    }

    private static void runMain(String mainClass) {
        try {
            Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
        } catch (ReflectiveOperationException e) {
            System.err.println("Cannot run " + mainClass + " from the registry's runner jar: " + e);
        }
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }
}
