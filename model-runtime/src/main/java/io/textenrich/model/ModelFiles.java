package io.textenrich.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The files of one encoder model, read either from a built-in classpath model or from a directory
 * in the Hugging Face / Optimum export layout ({@code model.onnx}, {@code tokenizer.json},
 * {@code config.json}, optionally {@code 1_Pooling/config.json} and {@code
 * sentence_bert_config.json} from sentence-transformers).
 *
 * @param version {@code sha256:} and the first 12 hex digits of the ONNX file, so that a record
 *     names exactly the weights that made it
 * @param onnxSource where the ONNX graph came from (a file path or a classpath resource), for error messages
 */
record ModelFiles(String name, String version, byte[] onnx, String onnxSource, byte[] tokenizerJson, Pooling pooling,
    int maxLength) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FALLBACK_MAX_LENGTH = 512;

  /** Resolves a built-in model id or a model directory. */
  static ModelFiles locate(String location) {
    return BuiltinModel.byId(location)
        .map(ModelFiles::fromClasspath)
        .orElseGet(() -> fromDirectory(Path.of(location), location));
  }

  static ModelFiles fromClasspath(BuiltinModel model) {
    byte[] onnx = resource(model.onnxResource(), model);
    byte[] tokenizer = resource(model.tokenizerResource(), model);
    return new ModelFiles(model.id(), versionOf(onnx), onnx, "classpath:" + model.onnxResource(), tokenizer, model.pooling(),
        model.maxLength());
  }

  /** Reads a model directory; {@code location} is how the user named it, for the error message. */
  static ModelFiles fromDirectory(Path dir, String location) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Model '" + location + "' is neither a built-in model (" + BuiltinModel.ids()
          + ") nor a directory. Give a directory holding model.onnx and tokenizer.json (Hugging Face / Optimum export).");
    }
    Path onnxPath = firstExisting(dir, List.of("model.onnx", "onnx/model.onnx"));
    Path tokenizerPath = dir.resolve("tokenizer.json");
    if (onnxPath == null || !Files.isRegularFile(tokenizerPath)) {
      Path missing = onnxPath == null ? dir.resolve("model.onnx") : tokenizerPath;
      throw new IllegalArgumentException("Model file " + missing.toAbsolutePath() + " does not exist: model directory "
          + dir.toAbsolutePath() + " must contain model.onnx (or onnx/model.onnx) and tokenizer.json; export it with"
          + " `optimum-cli export onnx --model <name> <dir>`.");
    }
    try {
      byte[] onnx = Files.readAllBytes(onnxPath);
      byte[] tokenizer = Files.readAllBytes(tokenizerPath);
      return new ModelFiles(dir.toAbsolutePath().normalize().getFileName().toString(), versionOf(onnx), onnx,
          onnxPath.toAbsolutePath().toString(), tokenizer, poolingOf(dir), maxLengthOf(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model directory " + dir.toAbsolutePath(), e);
    }
  }

  private static Pooling poolingOf(Path dir) throws IOException {
    JsonNode pooling = readJson(dir.resolve("1_Pooling/config.json"));
    if (pooling != null && pooling.path("pooling_mode_cls_token").asBoolean(false)) {
      return Pooling.CLS;
    }
    return Pooling.MEAN;
  }

  /** The sentence-transformers limit when given, else the model's position limit, else 512. */
  private static int maxLengthOf(Path dir) throws IOException {
    JsonNode sbert = readJson(dir.resolve("sentence_bert_config.json"));
    if (sbert != null && sbert.path("max_seq_length").canConvertToInt()) {
      return sbert.get("max_seq_length").asInt();
    }
    JsonNode config = readJson(dir.resolve("config.json"));
    if (config != null && config.path("max_position_embeddings").canConvertToInt()) {
      return config.get("max_position_embeddings").asInt();
    }
    return FALLBACK_MAX_LENGTH;
  }

  private static JsonNode readJson(Path file) throws IOException {
    return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
  }

  private static Path firstExisting(Path dir, List<String> names) {
    return names.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst().orElse(null);
  }

  private static byte[] resource(String name, BuiltinModel model) {
    try (InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Built-in model " + model.id() + " is missing resource " + name
            + " on the classpath; the jar that ships it is a dependency of model-runtime (rebuild with mvn install).");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read resource " + name, e);
    }
  }

  static String versionOf(byte[] onnx) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(onnx);
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
