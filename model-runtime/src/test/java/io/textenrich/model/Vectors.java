package io.textenrich.model;

/** Vector helpers for assertions. */
final class Vectors {

  private Vectors() {}

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double norm(float[] a) {
    double sum = 0;
    for (float x : a) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }
}
