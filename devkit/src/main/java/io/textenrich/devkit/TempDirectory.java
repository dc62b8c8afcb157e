package io.textenrich.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A temporary directory that is deleted, with everything in it, when closed. */
public final class TempDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TempDirectory.class);

    private final Path path;

    private TempDirectory(Path path) {
        this.path = path;
    }

    public static TempDirectory create(String prefix) {
        try {
            return new TempDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory tree; a failure is logged with the path to delete by hand, not thrown. */
    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            // Deepest first, so each directory is empty by the time it is deleted.
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the temporary directory {}; delete it by hand: {}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        delete(path);
    }
}
