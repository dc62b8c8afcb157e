package io.textenrich.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerMainTest {

    @Test
    void exitsOnItsOwnWhenItsStandardInputIsClosed(@TempDir Path dataDir) throws Exception {
        int port;
        int controllerPort;
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = first.getLocalPort();
            controllerPort = second.getLocalPort();
        }
        Process broker = new ProcessBuilder(ChildBroker.command(port, controllerPort, 0, dataDir))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader output = new BufferedReader(
                    new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            String readyLine = CompletableFuture.supplyAsync(() -> output.lines()
                            .filter(line -> line.startsWith(BrokerMain.READY_PREFIX))
                            .findFirst()
                            .orElse("(output ended without a ready line)"))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(BrokerMain.READY_PREFIX + "localhost:" + port, readyLine);
            // Keep draining so that the child never blocks on a full pipe while it shuts down.
            CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));

            broker.getOutputStream().close();

            assertTrue(broker.waitFor(20, TimeUnit.SECONDS), "broker did not exit within 20 s of its input closing");
            assertEquals(0, broker.exitValue());
        } finally {
            broker.destroyForcibly();
        }
    }
}
