package io.textenrich.devkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link KafkaBroker}.
 *
 * @param mode         where the broker runs
 * @param port         client (PLAINTEXT) port; 0 picks a free one. The controller port is always picked freely.
 * @param dataDir      where the broker keeps its logs and metadata; null uses a temporary directory deleted at
 *                     close. A given directory is kept, so a later broker on it finds its topics again.
 * @param startTimeout how long {@link KafkaBroker#start} waits for the broker to answer
 * @param secured      a SASL_SSL listener next to the plain one; null for none
 */
public record BrokerOptions(Mode mode, int port, Path dataDir, Duration startTimeout, SecuredListener secured) {

    public enum Mode {
        /**
         * Runs in the calling JVM and logs through its SLF4J setup: quickest, but a fatal broker fault halts that
         * JVM.
         */
        IN_PROCESS,
        /** Runs in a child JVM that exits when its parent does. */
        CHILD_PROCESS
    }

    public BrokerOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (pick a free port) or 1..65535, got " + port);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
    }

    /** A child process on free ports with a temporary data dir, given 60 s to start. */
    public static BrokerOptions defaults() {
        return new BrokerOptions(Mode.CHILD_PROCESS, 0, null, Duration.ofSeconds(60), null);
    }

    public BrokerOptions withMode(Mode newMode) {
        return new BrokerOptions(newMode, port, dataDir, startTimeout, secured);
    }

    public BrokerOptions withPort(int newPort) {
        return new BrokerOptions(mode, newPort, dataDir, startTimeout, secured);
    }

    public BrokerOptions withDataDir(Path newDataDir) {
        return new BrokerOptions(mode, port, newDataDir, startTimeout, secured);
    }

    /**
     * Adds a SASL_SSL (SCRAM-SHA-512) listener on a free port. A kept data dir keeps its certificate authority
     * and its user from the first start; the listener is then re-opened on a new port.
     */
    public BrokerOptions withSecuredListener(SecuredListener listener) {
        return new BrokerOptions(mode, port, dataDir, startTimeout, listener);
    }
}
