package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class PoolingTest {

  // Two rows, three tokens, two hidden units. Row 1's last token is padding with huge values.
  private static final FloatBuffer STATES = FloatBuffer.wrap(new float[] {
      1, 2, 3, 4, 5, 6,
      10, 20, 30, 40, 1000, 1000});

  @Test
  void meanPoolingAveragesOnlyTokensTheMaskKeeps() {
    assertArrayEquals(new float[] {3, 4}, Pooling.MEAN.pool(STATES, 0, 3, 2, new long[] {1, 1, 1}), 1e-6f);
    assertArrayEquals(new float[] {20, 30}, Pooling.MEAN.pool(STATES, 1, 3, 2, new long[] {1, 1, 0}), 1e-6f);
  }

  @Test
  void clsPoolingTakesTheFirstToken() {
    assertArrayEquals(new float[] {10, 20}, Pooling.CLS.pool(STATES, 1, 3, 2, new long[] {1, 1, 0}), 1e-6f);
  }

  @Test
  void normalizeGivesUnitLengthAndLeavesZeroAlone() {
    float[] v = {3, 4};
    Pooling.normalize(v);
    assertArrayEquals(new float[] {0.6f, 0.8f}, v, 1e-6f);
    float[] zero = {0, 0};
    Pooling.normalize(zero);
    assertArrayEquals(new float[] {0, 0}, zero);
  }

  @Test
  void parsesNamesCaseInsensitively() {
    assertEquals(Pooling.CLS, Pooling.parse(" CLS"));
    assertThrows(IllegalArgumentException.class, () -> Pooling.parse("max"));
  }
}
