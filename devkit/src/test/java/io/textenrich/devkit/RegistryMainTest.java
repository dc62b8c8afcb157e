package io.textenrich.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's child JVM without the registry: a main that never returns stands in for it. */
class RegistryMainTest {

    /** Runs until its JVM exits, as the registry's main does. */
    public static final class NeverReturns {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void exitsOnItsOwnWhenItsStandardInputIsClosed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process child = new ProcessBuilder(List.of(ChildProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                RegistryMain.class.getName(), NeverReturns.class.getName(), Integer.toString(port)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child must exit once its input is closed");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aDirectoryWithoutTheRegistryNamesHowToGetIt(@TempDir Path empty) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApicurioRegistry.start(empty, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("No *-runner.jar in " + empty), e.getMessage());
        assertTrue(e.getMessage().contains("dependency:unpack@apicurio-registry"), e.getMessage());
    }
}
