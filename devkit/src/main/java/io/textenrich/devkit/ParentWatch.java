package io.textenrich.devkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * The child side of a {@link ChildProcess}: exits this JVM when standard input reaches end of file, so that the
 * child never outlives a parent that holds the other end of that pipe.
 */
final class ParentWatch {

    private ParentWatch() {
    }

    /** Watches from now on; call it first, so that a parent that dies while the child starts does not leave it. */
    static void start() {
        Thread watch = new Thread(ParentWatch::exitAtEndOfInput, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void exitAtEndOfInput() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input carries no commands; only its end matters.
            }
        } catch (IOException e) {
            System.err.println("Standard input failed (" + e + "); treating it as closed");
        }
        System.exit(0);
    }
}
