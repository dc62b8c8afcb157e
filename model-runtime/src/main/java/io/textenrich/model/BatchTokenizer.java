package io.textenrich.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face fast tokenizer (Rust, through DJL) that truncates each text to the model's limit and
 * pads a batch only to its longest sequence.
 */
final class BatchTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;

  private BatchTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
  }

  static BatchTokenizer fromJson(byte[] tokenizerJson, int maxLength) {
    Map<String, String> options = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxLength));
    return new BatchTokenizer(TokenizerLibrary.load(tokenizerJson, options), maxLength);
  }

  int maxLength() {
    return maxLength;
  }

  /** Whether the text has more tokens than the limit, so that {@link #encode} cuts it. */
  boolean exceedsMaxLength(String text) {
    return tokenizer.encode(text).exceedMaxLength();
  }

  TokenBatch encode(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    long[][] ids = new long[encodings.length][];
    long[][] types = new long[encodings.length][];
    for (int i = 0; i < encodings.length; i++) {
      ids[i] = encodings[i].getIds();
      types[i] = encodings[i].getTypeIds();
    }
    return pad(ids, types);
  }

  /** One text's token ids, for a text tokenized once and run later. */
  PreparedText prepare(String text) {
    Encoding encoding = tokenizer.encode(text);
    long[] ids = encoding.getIds();
    return new PreparedText(text, ids.length, ids, encoding.getTypeIds());
  }

  /** The batch of texts tokenized before ({@link #prepare}); those that were not are tokenized now. */
  TokenBatch batch(List<PreparedText> texts) {
    long[][] ids = new long[texts.size()][];
    long[][] types = new long[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      PreparedText text = texts.get(i).tokenized() ? texts.get(i) : prepare(texts.get(i).text());
      ids[i] = text.ids();
      types[i] = text.typeIds();
    }
    return pad(ids, types);
  }

  /** Rows padded to the longest, as flat {@code [batch, seqLen]} arrays. */
  private static TokenBatch pad(long[][] rows, long[][] typeRows) {
    int batch = rows.length;
    int seqLen = 0;
    int[] lengths = new int[batch];
    for (int i = 0; i < batch; i++) {
      lengths[i] = rows[i].length;
      seqLen = Math.max(seqLen, lengths[i]);
    }
    long[] ids = new long[batch * seqLen];
    long[] mask = new long[batch * seqLen];
    long[] types = new long[batch * seqLen];
    for (int i = 0; i < batch; i++) {
      int offset = i * seqLen;
      System.arraycopy(rows[i], 0, ids, offset, lengths[i]);
      System.arraycopy(typeRows[i], 0, types, offset, lengths[i]);
      Arrays.fill(mask, offset, offset + lengths[i], 1L);
    }
    return new TokenBatch(batch, seqLen, ids, mask, types, lengths);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
