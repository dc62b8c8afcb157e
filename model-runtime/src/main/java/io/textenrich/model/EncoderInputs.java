package io.textenrich.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX inputs of a BERT-family encoder for one token batch: {@code input_ids},
 * {@code attention_mask} and, when the graph takes it, {@code token_type_ids}. Closing frees the
 * native tensors, which the garbage collector would not do in time under load.
 */
final class EncoderInputs implements AutoCloseable {

  private final Map<String, OnnxTensor> tensors = new HashMap<>();

  private EncoderInputs() {}

  /**
   * Checks that the graph is an encoder export and says whether it takes {@code token_type_ids}
   * (BERT does; DistilBERT and RoBERTa exports do not).
   */
  static boolean takesTypeIds(OrtSession session, String modelName) throws OrtException {
    Set<String> inputs = session.getInputNames();
    if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
      throw new IllegalArgumentException("Model " + modelName + " takes inputs " + inputs
          + "; an encoder export needs input_ids and attention_mask");
    }
    return inputs.contains("token_type_ids");
  }

  static EncoderInputs of(OrtEnvironment env, TokenBatch batch, boolean withTypeIds) throws OrtException {
    long[] shape = {batch.batchSize(), batch.seqLen()};
    EncoderInputs inputs = new EncoderInputs();
    try {
      inputs.tensors.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), shape));
      inputs.tensors.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), shape));
      if (withTypeIds) {
        inputs.tensors.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds()), shape));
      }
      return inputs;
    } catch (OrtException | RuntimeException e) {
      inputs.close();
      throw e;
    }
  }

  Map<String, OnnxTensor> tensors() {
    return tensors;
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
  }
}
