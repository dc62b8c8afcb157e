package io.textenrich.model.generate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key/value cache of the sequences that decode together: per layer a key and a value tensor of
 * shape {@code [rows, kvHeads, length, headDim]}, each row left-padded to the common length. Row
 * {@code r} holds its real positions in the last {@code realLengths[r]} columns; the attention mask
 * hides the columns before them, so padding never reaches a sequence's output.
 *
 * <p>Copies: while the rows stay the same, the present tensors ONNX Runtime returns from one step go
 * back in unchanged as the next step's past, so a decode step copies nothing on the Java side (the
 * graph's own Concat copies the cache once per step, which the Optimum layout cannot avoid). Only
 * when rows join or leave is the cache gathered anew, once per tensor, cutting the padding columns
 * that no remaining row needs. Joins and leaves are rare next to decode steps, so this costs less
 * than keeping per-sequence caches and assembling a padded batch at every step.
 */
final class KvCache implements AutoCloseable {

  private final OnnxTensor[] tensors;
  private final int length;
  private final int[] realLengths;
  private final int kvHeads;
  private final int headDim;
  private float[][] readBack;

  /** @param tensors key and value per layer: key 0, value 0, key 1, ...; ownership passes to the cache */
  KvCache(OnnxTensor[] tensors, int length, int[] realLengths, int kvHeads, int headDim) {
    this.tensors = tensors;
    this.length = length;
    this.realLengths = realLengths;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
  }

  /** A cache with no past, as a prompt's first pass (prefill) takes it. */
  static KvCache empty(OrtEnvironment env, DecoderConfig config, int rows) throws OrtException {
    OnnxTensor[] tensors = new OnnxTensor[2 * config.layers()];
    long[] shape = {rows, config.keyValueHeads(), 0, config.headDim()};
    for (int i = 0; i < tensors.length; i++) {
      tensors[i] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
    }
    return new KvCache(tensors, 0, new int[rows], config.keyValueHeads(), config.headDim());
  }

  /** One row of a cache: where a sequence's past lives now. */
  record Row(KvCache cache, int index) {
    int realLength() {
      return cache.realLengths[index];
    }
  }

  /**
   * A new cache holding the given rows in the given order, left-padded to the longest of them. The
   * sources stay open; the caller closes them once nothing else reads them.
   */
  static KvCache gather(OrtEnvironment env, List<Row> rows, int layers) throws OrtException {
    KvCache first = rows.get(0).cache();
    int kvHeads = first.kvHeads;
    int headDim = first.headDim;
    int length = rows.stream().mapToInt(Row::realLength).max().orElse(0);
    int[] realLengths = rows.stream().mapToInt(Row::realLength).toArray();
    Map<KvCache, Boolean> sources = new IdentityHashMap<>();
    rows.forEach(row -> sources.put(row.cache(), Boolean.TRUE));
    sources.keySet().forEach(KvCache::readBack);
    long[] shape = {rows.size(), kvHeads, length, headDim};
    OnnxTensor[] tensors = new OnnxTensor[2 * layers];
    try {
      for (int t = 0; t < tensors.length; t++) {
        FloatBuffer out = ByteBuffer.allocateDirect(4 * rows.size() * kvHeads * length * headDim)
            .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int r = 0; r < rows.size(); r++) {
          Row row = rows.get(r);
          float[] source = row.cache().readBack[t];
          int real = row.realLength();
          int count = real * headDim;
          for (int h = 0; h < kvHeads; h++) {
            // A row's real positions are the last `real` columns of each head block, in both caches.
            int from = ((row.index() * kvHeads + h) * row.cache().length + row.cache().length - real) * headDim;
            int to = ((r * kvHeads + h) * length + length - real) * headDim;
            out.put(to, source, from, count);
          }
        }
        tensors[t] = OnnxTensor.createTensor(env, out, shape);
      }
    } catch (OrtException | RuntimeException e) {
      for (OnnxTensor tensor : tensors) {
        if (tensor != null) {
          tensor.close();
        }
      }
      throw e;
    }
    return new KvCache(tensors, length, realLengths, kvHeads, headDim);
  }

  private void readBack() {
    if (readBack == null) {
      readBack = new float[tensors.length][];
      for (int t = 0; t < tensors.length; t++) {
        FloatBuffer data = tensors[t].getFloatBuffer();
        if (data.hasArray() && data.arrayOffset() == 0 && data.array().length == data.remaining()) {
          readBack[t] = data.array();
        } else {
          readBack[t] = new float[data.remaining()];
          data.get(readBack[t]);
        }
      }
    }
  }

  int rows() {
    return realLengths.length;
  }

  int length() {
    return length;
  }

  int realLength(int row) {
    return realLengths[row];
  }

  OnnxTensor tensor(int index) {
    return tensors[index];
  }

  @Override
  public void close() {
    for (OnnxTensor tensor : tensors) {
      tensor.close();
    }
  }
}
