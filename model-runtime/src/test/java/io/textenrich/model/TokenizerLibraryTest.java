package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

  @Test
  void theCpuBuildThatTheJarShipsIsPinnedSoNoCudaBuildIsDownloaded() {
    System.clearProperty(TokenizerLibrary.FLAVOR);
    TokenizerLibrary.pinShippedFlavor();
    assertEquals("cpu", System.getProperty(TokenizerLibrary.FLAVOR));
  }

  @Test
  void aFlavorTheUserChoseIsKept() {
    System.setProperty(TokenizerLibrary.FLAVOR, "cu124");
    TokenizerLibrary.pinShippedFlavor();
    assertEquals("cu124", System.getProperty(TokenizerLibrary.FLAVOR));
  }
}
