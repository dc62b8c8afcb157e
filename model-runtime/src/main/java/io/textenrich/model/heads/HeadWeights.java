package io.textenrich.model.heads;

/** What a head computes from an encoder vector: a probability per label. */
sealed interface HeadWeights permits LinearWeights, MlpWeights {

  int labels();

  /** Encoder dimensions the weights take. */
  int dimensions();

  /** The probability of each label, summing to 1. */
  float[] probabilities(float[] x);
}
