package io.textenrich.cli;

import io.textenrich.topology.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** The service's properties file as the commands read it: with the environment's overrides, as {@code run} does. */
final class ConfigFile {

  private ConfigFile() {}

  /**
   * The configuration in the file, the file checked first: the configuration reader's own message for a missing file
   * repeats the path as its cause.
   */
  static ServiceConfig load(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("Configuration file " + file.toAbsolutePath() + " does not exist");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("Configuration file " + file.toAbsolutePath() + " is not a readable file");
    }
    return ServiceConfig.load(file, System.getenv());
  }
}
