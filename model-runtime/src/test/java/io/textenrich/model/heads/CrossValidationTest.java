package io.textenrich.model.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

  /** 50 of label 0, 30 of label 1, 20 of label 2. */
  private static int[] labels() {
    int[] y = new int[100];
    for (int i = 0; i < y.length; i++) {
      y[i] = i < 50 ? 0 : i < 80 ? 1 : 2;
    }
    return y;
  }

  @Test
  void everyFoldHoldsEachLabelInItsShare() {
    int[] y = labels();
    int[] fold = CrossValidation.stratifiedFolds(y, 3, 5, 42);
    for (int f = 0; f < 5; f++) {
      int[] perLabel = new int[3];
      int size = 0;
      for (int i = 0; i < y.length; i++) {
        if (fold[i] == f) {
          perLabel[y[i]]++;
          size++;
        }
      }
      assertArrayEquals(new int[] {10, 6, 4}, perLabel, "fold " + f);
      assertEquals(20, size);
    }
  }

  @Test
  void theSameSeedGivesTheSameFoldsAndAnotherSeedOthers() {
    int[] y = labels();
    assertArrayEquals(CrossValidation.stratifiedFolds(y, 3, 5, 42), CrossValidation.stratifiedFolds(y, 3, 5, 42));
    assertFalse(Arrays.equals(CrossValidation.stratifiedFolds(y, 3, 5, 42), CrossValidation.stratifiedFolds(y, 3, 5, 43)));
  }

  @Test
  void foldSizesDifferByAtMostOneWhenLabelsDoNotDivideEvenly() {
    int[] y = {0, 0, 0, 1, 1, 1, 1, 2};
    int[] fold = CrossValidation.stratifiedFolds(y, 3, 3, 1);
    int[] sizes = new int[3];
    for (int f : fold) {
      sizes[f]++;
    }
    assertTrue(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt() <= 1, Arrays.toString(sizes));
  }

  @Test
  void eachExampleIsScoredByAModelThatDidNotSeeIt() {
    int[] y = labels();
    float[][] x = new float[y.length][1];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = i;
    }
    int[] fold = CrossValidation.stratifiedFolds(y, 3, 4, 9);
    // The "model" is the set of training positions; the score says whether x was among them.
    float[][] seen = CrossValidation.scores(x, y, fold, 4,
        (trainX, trainY) -> Arrays.stream(trainX).mapToInt(v -> (int) v[0]).boxed().toList(),
        (train, v) -> new float[] {train.contains((int) v[0]) ? 1 : 0});
    assertTrue(Arrays.stream(seen).allMatch(s -> s[0] == 0));
  }

  @Test
  void tooFewOrTooManyFoldsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CrossValidation.stratifiedFolds(new int[] {0, 1, 0}, 2, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> CrossValidation.stratifiedFolds(new int[] {0, 1, 0}, 2, 4, 1));
  }
}
