package io.textenrich.topology;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files (docker/, helm/), for the tests of the deployment files. */
final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The repository root: the nearest directory above the working directory that has docker/compose.yaml. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker/compose.yaml above " + Path.of("").toAbsolutePath());
  }
}
