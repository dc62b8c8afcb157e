package io.textenrich.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessBrokerTest {

    private static final String READ_UNCOMMITTED = "read_uncommitted";

    @Test
    void roundTripsARecordAndLeavesNoProcessOrTemporaryDataBehindAfterClose() throws Exception {
        KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults());
        long pid = broker.childPid().orElseThrow();
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        try {
            assertTrue(child.map(ProcessHandle::isAlive).orElse(false), "child process should be running");
            broker.createTopics(2, "greetings");
            broker.createTopics(2, "greetings");

            Clients.send(broker.bootstrapServers(), "greetings", "hello");

            assertEquals(List.of("hello"),
                    Clients.receiveUntil(broker.bootstrapServers(), "greetings", "hello", READ_UNCOMMITTED));
        } finally {
            broker.close();
        }
        broker.close();

        assertFalse(child.get().isAlive(), "child pid " + pid + " is still alive after close()");
        assertFalse(Files.exists(broker.dataDir()), "temporary data dir " + broker.dataDir() + " is left behind");
    }

    @Test
    void aBrokerOnAKeptDataDirFindsItsTopicsAndRecordsAgain(@TempDir Path dataDir) throws Exception {
        BrokerOptions options = BrokerOptions.defaults().withDataDir(dataDir);
        try (KafkaBroker first = KafkaBroker.start(options)) {
            first.createTopics(1, "kept");
            Clients.send(first.bootstrapServers(), "kept", "from the first run");
        }
        assertTrue(Files.exists(dataDir.resolve(ChildBroker.LOG_FILE_NAME)), "a given data dir must be kept");

        try (KafkaBroker second = KafkaBroker.start(options)) {
            assertEquals(List.of("from the first run"), Clients.receiveUntil(second.bootstrapServers(), "kept",
                    "from the first run", READ_UNCOMMITTED));
        }
    }

    @Test
    void aBrokerThatCannotStartReportsTheChildsOwnError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BrokerOptions options = BrokerOptions.defaults().withPort(taken.getLocalPort());

            IllegalStateException error = assertThrows(IllegalStateException.class, () -> KafkaBroker.start(options));

            assertTrue(error.getMessage().contains("exited with code"), error.getMessage());
            assertTrue(error.getMessage().contains("Address already in use"), error.getMessage());
        }
    }
}
