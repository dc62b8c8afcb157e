package io.textenrich.model.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The files of one decoder model, from a built-in model on the classpath or from a directory in the
 * layout of {@code optimum-cli export onnx --task text-generation-with-past}.
 *
 * @param onnxBytes the graph of a built-in model; null for a directory model, which is opened by
 *     {@code onnxPath} so that ONNX Runtime finds external weight files next to it
 * @param version {@code sha256:} and the first 12 hex digits over the graph and its external
 *     weights, so that a completion names exactly the weights that made it
 * @param generationConfig generation_config.json, or a JSON null when the model has none
 */
record DecoderFiles(String name, String version, byte[] onnxBytes, Path onnxPath, byte[] tokenizerJson, JsonNode config,
    JsonNode generationConfig) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Built-in decoders: id to classpath folder. */
  static final Map<String, String> BUILTIN = Map.of("fortune-gpt", "io/textenrich/model/generate/fortune-gpt/");

  /** Graph names in the order they are looked for; Optimum writes the merged decoder or model.onnx. */
  private static final List<String> GRAPHS = List.of("decoder_model_merged.onnx", "model.onnx",
      "onnx/decoder_model_merged.onnx", "onnx/model.onnx");

  static DecoderFiles locate(String location) {
    String folder = BUILTIN.get(location.trim());
    return folder != null ? fromClasspath(location.trim(), folder) : fromDirectory(Path.of(location), location);
  }

  private static DecoderFiles fromClasspath(String id, String folder) {
    byte[] onnx = resource(folder + "model.onnx", id);
    MessageDigest digest = sha256();
    digest.update(onnx);
    return new DecoderFiles(id, version(digest), onnx, null, resource(folder + "tokenizer.json", id),
        parse(resource(folder + "config.json", id), id + " config.json"),
        parse(resource(folder + "generation_config.json", id), id + " generation_config.json"));
  }

  private static DecoderFiles fromDirectory(Path dir, String location) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Decoder model '" + location + "' is neither a built-in model (" + String.join(", ", BUILTIN.keySet())
          + ") nor a directory. Give a directory exported with `optimum-cli export onnx --task text-generation-with-past"
          + " --model <name> <dir>`.");
    }
    Path onnx = GRAPHS.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst().orElse(null);
    if (onnx == null) {
      String hint = Files.isRegularFile(dir.resolve("decoder_model.onnx"))
          ? " It holds decoder_model.onnx, an export without the key/value cache inputs."
          : "";
      throw new IllegalArgumentException("Model directory " + dir.toAbsolutePath() + " has no decoder_model_merged.onnx or model.onnx"
          + " with past_key_values inputs." + hint + " Export it with `optimum-cli export onnx --task text-generation-with-past"
          + " --model <name> <dir>`.");
    }
    for (String required : List.of("tokenizer.json", "config.json")) {
      if (!Files.isRegularFile(dir.resolve(required))) {
        throw new IllegalArgumentException("Model directory " + dir.toAbsolutePath() + " lacks " + required
            + "; an Optimum export writes it next to the ONNX file (copy it from the original model if it is missing).");
      }
    }
    try {
      Path generation = dir.resolve("generation_config.json");
      return new DecoderFiles(dir.toAbsolutePath().normalize().getFileName().toString(), versionOf(onnx), null, onnx,
          Files.readAllBytes(dir.resolve("tokenizer.json")),
          parse(Files.readAllBytes(dir.resolve("config.json")), dir.resolve("config.json").toString()),
          Files.isRegularFile(generation) ? parse(Files.readAllBytes(generation), generation.toString()) : NullNode.getInstance());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model directory " + dir.toAbsolutePath(), e);
    }
  }

  /** Hashes the graph and the external-data files ONNX exports put beside it (model.onnx_data, model.onnx.data). */
  private static String versionOf(Path onnx) throws IOException {
    MessageDigest digest = sha256();
    for (Path file : List.of(onnx, onnx.resolveSibling(onnx.getFileName() + "_data"), onnx.resolveSibling(onnx.getFileName() + ".data"))) {
      if (Files.isRegularFile(file)) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
    }
    return version(digest);
  }

  private static String version(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest(), 0, 6);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static JsonNode parse(byte[] json, String what) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] resource(String name, String id) {
    try (InputStream in = DecoderFiles.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Built-in model " + id + " is missing resource " + name
            + " on the classpath; rebuild model-runtime (mvn install) or run models/fortune-gpt/train.py --export-only.");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read resource " + name, e);
    }
  }
}
