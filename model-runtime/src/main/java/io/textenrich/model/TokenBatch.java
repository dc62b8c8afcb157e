package io.textenrich.model;

/**
 * Token ids of a batch, padded to its longest sequence, as flat row-major {@code [batch, seqLen]}
 * arrays ready for ONNX tensors.
 *
 * @param lengths real tokens per sequence (special tokens included, padding excluded)
 */
record TokenBatch(int batchSize, int seqLen, long[] inputIds, long[] attentionMask, long[] typeIds, int[] lengths) {

  long[] maskRow(int row) {
    long[] mask = new long[seqLen];
    System.arraycopy(attentionMask, row * seqLen, mask, 0, seqLen);
    return mask;
  }

  long paddedTokens() {
    return (long) batchSize * seqLen;
  }
}
