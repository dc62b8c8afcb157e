package io.textenrich.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hugging Face fast tokenizer (Rust, through DJL) that truncates each text to the model's limit and
 * pads a batch only to its longest sequence. A BERT tokenizer's ASCII texts take {@link AsciiWordPiece}
 * instead, checked against the Hugging Face tokenizer when it is built.
 */
final class BatchTokenizer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchTokenizer.class);

  /** Texts the Java path must tokenize as the reference does before it is used: spaces, controls, punctuation, long words, truncation. */
  static final List<String> SELF_CHECK = List.of("", "Hello, World!", " \t\nTabs\tand\r\nnew lines \013\014\000\177 end ",
      "don't stop-believing: it's 3.14 (or $5) [ok] {x} <y> a_b ~`^|\\@#%&*+=?;\"/",
      "supercalifragilisticexpialidocious unaffable pneumonoultramicroscopicsilicovolcanoconiosis",
      "x".repeat(120) + " tail", "The quick brown fox. ".repeat(100));

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final AsciiWordPiece ascii;

  private BatchTokenizer(HuggingFaceTokenizer tokenizer, int maxLength, AsciiWordPiece ascii) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.ascii = ascii;
  }

  static BatchTokenizer fromJson(byte[] tokenizerJson, int maxLength) {
    Map<String, String> options = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxLength));
    HuggingFaceTokenizer tokenizer = TokenizerLibrary.load(tokenizerJson, options);
    return new BatchTokenizer(tokenizer, maxLength, AsciiWordPiece.of(tokenizerJson, maxLength)
        .filter(path -> agrees(path, tokenizer)).orElse(null));
  }

  private static boolean agrees(AsciiWordPiece path, HuggingFaceTokenizer tokenizer) {
    for (String text : SELF_CHECK) {
      long[] ids = path.ids(text);
      if (ids != null && !Arrays.equals(ids, tokenizer.encode(text).getIds())) {
        LOG.warn("The Java WordPiece path tokenizes {} otherwise than the Hugging Face tokenizer; every text goes to the "
            + "Hugging Face tokenizer, which is slower", Arrays.toString(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return false;
      }
    }
    return true;
  }

  /** Whether ASCII texts take the Java path. */
  boolean hasAsciiPath() {
    return ascii != null;
  }

  int maxLength() {
    return maxLength;
  }

  /** Whether the text has more tokens than the limit, so that {@link #encode} cuts it. */
  boolean exceedsMaxLength(String text) {
    return tokenizer.encode(text).exceedMaxLength();
  }

  TokenBatch encode(List<String> texts) {
    long[][] ids = new long[texts.size()][];
    long[][] types = new long[texts.size()][];
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      ids[i] = ascii == null ? null : ascii.ids(texts.get(i));
      if (ids[i] == null) {
        rest.add(i);
      } else {
        types[i] = new long[ids[i].length];
      }
    }
    if (!rest.isEmpty()) {
      Encoding[] encodings = tokenizer.batchEncode(rest.stream().map(texts::get).toList());
      for (int j = 0; j < encodings.length; j++) {
        ids[rest.get(j)] = encodings[j].getIds();
        types[rest.get(j)] = encodings[j].getTypeIds();
      }
    }
    return pad(ids, types);
  }

  /** One text's token ids, for a text tokenized once and run later. */
  PreparedText prepare(String text) {
    long[] ids = ascii == null ? null : ascii.ids(text);
    if (ids != null) {
      return new PreparedText(text, ids.length, ids, new long[ids.length]);
    }
    Encoding encoding = tokenizer.encode(text);
    ids = encoding.getIds();
    return new PreparedText(text, ids.length, ids, encoding.getTypeIds());
  }

  /** One text's token ids from the Hugging Face tokenizer alone: the reference the Java path is held to. */
  long[] referenceIds(String text) {
    return tokenizer.encode(text).getIds();
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
