package io.textenrich.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Loads Hugging Face tokenizers from {@code tokenizer.json} bytes with the native library that the
 * tokenizers jar carries. On a machine with a recent CUDA GPU the library would otherwise look for
 * a CUDA build of itself, which the jar does not hold, and try to download it: that fails without
 * internet and is an unwanted download with it. Tokenization runs on the CPU in either build, so
 * the CPU build is pinned unless {@code RUST_FLAVOR} is set.
 */
public final class TokenizerLibrary {

  static final String FLAVOR = "RUST_FLAVOR";

  private TokenizerLibrary() {}

  public static HuggingFaceTokenizer load(byte[] tokenizerJson, Map<String, String> options) {
    pinShippedFlavor();
    try {
      return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load tokenizer.json", e);
    }
  }

  /** Must run before the tokenizer classes first load their native library. */
  private static void pinShippedFlavor() {
    if (System.getenv(FLAVOR) == null && System.getProperty(FLAVOR) == null) {
      System.setProperty(FLAVOR, "cpu");
    }
  }
}
