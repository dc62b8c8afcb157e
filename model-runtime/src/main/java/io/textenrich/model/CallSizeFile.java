package io.textenrich.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Where an engine keeps its measured call-size costs between runs, so that a restart starts from
 * what the last run measured on warm calls instead of calibrating again: the calibration costs a
 * restart seconds, and cold calls measure several times dearer than warm ones. The costs count only
 * for the same model, device and engine shape, which {@code key} names; a file with another key, or
 * none, means calibrating.
 *
 * @param path the file: two lines, the key and the costs ({@link CallSizeController#save})
 * @param key what the costs were measured on, e.g. model version, device, calls at once and the most texts per call
 */
public record CallSizeFile(Path path, String key) {

  public CallSizeFile {
    if (key.contains("\n")) {
      throw new IllegalArgumentException("the key is one line");
    }
  }

  /** The costs saved under this key, if any. */
  Optional<String> read() {
    try {
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      return lines.size() == 2 && lines.get(0).equals(key) ? Optional.of(lines.get(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Replaces the file at once (written beside it, then moved), so a crash leaves the old or the new one. */
  void write(String costs) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path next = Files.createTempFile(parent, path.getFileName().toString(), ".next");
    try {
      Files.writeString(next, key + "\n" + costs + "\n", StandardCharsets.UTF_8);
      Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(next);
    }
  }
}
