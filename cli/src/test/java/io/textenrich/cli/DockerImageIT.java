package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Builds docker/Dockerfile (which runs the whole Maven build inside) and embeds a text with the
 * image; skipped when no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImageIT {

  /** Left out of the build context, as .dockerignore does for docker build: build outputs and history. */
  private static final Set<String> LEFT_OUT = Set.of(".git", "target");

  @Test
  void imageEmbedsATextWithTheBuiltInModel() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    // The build looks for the Dockerfile at the root of its context; nothing in it depends on where it lives.
    ImageFromDockerfile image = new ImageFromDockerfile().withFileFromPath("Dockerfile", root.resolve("docker/Dockerfile"));
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile)
          .map(root::relativize)
          .filter(file -> StreamSupport.stream(file.spliterator(), false).noneMatch(part -> LEFT_OUT.contains(part.toString())))
          .forEach(file -> image.withFileFromPath(file.toString(), root.resolve(file)));
    }
    try (GenericContainer<?> container = new GenericContainer<>(image)
        .withCommand("embed", "hello")
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      container.start();
      String stdout = container.getLogs(OutputFrame.OutputType.STDOUT);
      assertTrue(stdout.contains("\"text\":\"hello\"") && stdout.contains("\"dimensions\":384"), stdout);
    }
  }
}
