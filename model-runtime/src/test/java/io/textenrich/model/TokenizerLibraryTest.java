package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenizerLibraryTest {

  private String before;

  @BeforeEach
  void remember() {
    assumeTrue(System.getenv(TokenizerLibrary.FLAVOR) == null, "RUST_FLAVOR is set in the environment");
    before = System.getProperty(TokenizerLibrary.FLAVOR);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(TokenizerLibrary.FLAVOR);
    } else {
      System.setProperty(TokenizerLibrary.FLAVOR, before);
    }
  }

  private static void loadATokenizer() throws Exception {
    byte[] json = Files.readAllBytes(Path.of(TokenizerLibraryTest.class.getResource("/fixtures/tiny-gpt2/tokenizer.json").toURI()));
    TokenizerLibrary.load(json, Map.of()).close();
  }

  @Test
  void loadingATokenizerPinsTheCpuBuildThatTheJarShipsSoNoCudaBuildIsDownloaded() throws Exception {
    System.clearProperty(TokenizerLibrary.FLAVOR);
    loadATokenizer();
    assertEquals("cpu", System.getProperty(TokenizerLibrary.FLAVOR));
  }

  @Test
  void aFlavorTheUserChoseIsKept() throws Exception {
    System.clearProperty(TokenizerLibrary.FLAVOR);
    loadATokenizer(); // the native library loads once per JVM: now with the CPU build, so nothing is fetched below
    System.setProperty(TokenizerLibrary.FLAVOR, "cu124");
    loadATokenizer();
    assertEquals("cu124", System.getProperty(TokenizerLibrary.FLAVOR));
  }
}
