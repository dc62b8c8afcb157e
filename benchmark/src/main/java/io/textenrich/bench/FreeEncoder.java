package io.textenrich.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The free encoder as a model directory in the layout the service loads ({@code enrich.embedding.model=DIR}):
 * the graph made by {@code models/bench/make_free_encoder.py} (MiniLM's inputs and output, next to no
 * computation) and MiniLM's own {@code tokenizer.json}, taken from the Maven artifact that ships the model,
 * since the service tokenizes every text whatever the model costs.
 */
final class FreeEncoder {

  static final String RESOURCES = "io/textenrich/bench/free-encoder/";
  static final List<String> FILES = List.of("model.onnx", "config.json", "sentence_bert_config.json");
  /** MiniLM's tokenizer in the langchain4j artifact (Apache-2.0). */
  static final String MINILM_TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  private FreeEncoder() {}

  /** Writes the model directory into {@code dir} (created if missing) and returns it. */
  static Path layOut(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String file : FILES) {
        copy(RESOURCES + file, dir.resolve(file));
      }
      copy(MINILM_TOKENIZER, dir.resolve("tokenizer.json"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the free encoder into " + dir, e);
    }
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = FreeEncoder.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + resource + " is missing from the classpath; the benchmark module"
            + " ships the free encoder and depends on the MiniLM artifact (rebuild the benchmark module)");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
