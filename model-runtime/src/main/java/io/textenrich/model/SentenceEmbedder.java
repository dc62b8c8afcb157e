package io.textenrich.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BERT-family sentence encoder: batch tokenization, one ONNX Runtime call per batch, pooling under
 * the attention mask and L2 normalisation. Thread-safe: ONNX Runtime sessions and the Rust
 * tokenizer may be called concurrently.
 */
public final class SentenceEmbedder implements TextEncoder, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SentenceEmbedder.class);
  private static final List<String> HIDDEN_STATE_OUTPUTS = List.of("last_hidden_state", "token_embeddings");

  private final String name;
  private final String version;
  private final String device;
  private final Pooling pooling;
  private final BatchTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean wantsTypeIds;
  private final String outputName;
  private final int dimensions;
  private final boolean intoOwnBuffer;

  private SentenceEmbedder(ModelFiles files, Pooling pooling, int maxLength, SessionSettings settings) throws OrtException {
    this.name = files.name();
    this.version = files.version();
    this.pooling = pooling;
    this.tokenizer = BatchTokenizer.fromJson(files.tokenizerJson(), maxLength);
    this.env = OrtEnvironment.getEnvironment();
    OnnxSessionFactory.OpenedSession opened = OnnxSessionFactory.open(env, files.onnx(), name, settings);
    this.session = opened.session();
    this.device = opened.device();
    this.wantsTypeIds = EncoderInputs.takesTypeIds(session, name);
    this.outputName = chooseOutput(session.getOutputInfo());
    this.dimensions = embed(List.of("dimension probe")).vectors().get(0).length;
    this.intoOwnBuffer = writesIntoOwnBuffer();
  }

  /**
   * Whether the token states can be written straight into a buffer of this embedder's (ONNX
   * Runtime's pinned outputs), instead of a tensor of its own that is then copied whole onto the
   * heap: the states are batch x tokens x hidden floats, most of what a call moves. Only for a
   * {@code [batch, tokens, hidden]} output, and only if a probe gives the same vectors both ways.
   */
  private boolean writesIntoOwnBuffer() throws OrtException {
    if (!(session.getOutputInfo().get(outputName).getInfo() instanceof TensorInfo info) || info.getShape().length != 3) {
      return false;
    }
    List<String> probe = List.of("a probe sentence", "and another, a little longer than the first");
    try {
      TokenBatch batch = tokenizer.encode(probe);
      List<float[]> copied = runCopied(batch);
      List<float[]> own = runIntoOwnBuffer(batch);
      for (int i = 0; i < probe.size(); i++) {
        if (!java.util.Arrays.equals(copied.get(i), own.get(i))) {
          LOG.debug("Model {}: vectors written into an own buffer differ; copying the output instead", name);
          return false;
        }
      }
      return true;
    } catch (OrtException | RuntimeException e) {
      LOG.debug("Model {}: cannot write the output into an own buffer ({}); copying it instead", name, e.getMessage());
      return false;
    }
  }

  /** Loads the model and runs one probe sentence, so the first real batch pays no warm-up. */
  public static SentenceEmbedder open(EmbedderSettings settings) {
    long start = System.nanoTime();
    ModelFiles files = ModelFiles.locate(settings.model());
    Pooling pooling = settings.pooling() != null ? settings.pooling() : files.pooling();
    int maxLength = settings.maxLength() > 0 ? settings.maxLength() : files.maxLength();
    try {
      SentenceEmbedder embedder = new SentenceEmbedder(files, pooling, maxLength, settings.session());
      LOG.info("Embedding model {} ({}) loaded on {}: {} dimensions, {} pooling, max {} tokens, in {} ms",
          embedder.name, embedder.version, embedder.device, embedder.dimensions, pooling.name().toLowerCase(),
          maxLength, (System.nanoTime() - start) / 1_000_000);
      return embedder;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load model file " + files.onnxSource() + " of model " + files.name()
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the model sees only the beginning of this text: it has more tokens than the model's limit. Tokenizes it
   * again, so callers ask only for texts whose {@link #countTokens} reached the limit.
   */
  public boolean truncates(String text) {
    return tokenizer.exceedsMaxLength(text);
  }

  /** Tokens the model will see for this text: after truncation, special tokens included. */
  public int countTokens(String text) {
    return prepare(text).tokens();
  }

  /**
   * Tokenizes a text once: its ids go with it to the model call ({@link #embedPrepared}), which
   * then does not tokenize it again; its count is what the engine cuts calls by.
   */
  public PreparedText prepare(String text) {
    return tokenizer.prepare(text);
  }

  @Override
  public EmbeddingBatch embed(List<String> texts) {
    if (texts.isEmpty()) {
      return new EmbeddingBatch(List.of(), new int[0], 0, 0);
    }
    long start = System.nanoTime();
    return run(tokenizer.encode(texts), start);
  }

  @Override
  public EmbeddingBatch embedPrepared(List<PreparedText> texts) {
    if (texts.isEmpty()) {
      return new EmbeddingBatch(List.of(), new int[0], 0, 0);
    }
    long start = System.nanoTime();
    return run(tokenizer.batch(texts), start);
  }

  private EmbeddingBatch run(TokenBatch batch, long start) {
    try {
      List<float[]> vectors = intoOwnBuffer ? runIntoOwnBuffer(batch) : runCopied(batch);
      return new EmbeddingBatch(vectors, batch.lengths(), batch.seqLen(), System.nanoTime() - start);
    } catch (OrtException e) {
      throw new IllegalStateException("Model " + name + " failed on a batch of " + batch.batchSize() + ": " + e.getMessage(), e);
    }
  }

  private List<float[]> runCopied(TokenBatch batch) throws OrtException {
    try (EncoderInputs inputs = EncoderInputs.of(env, batch, wantsTypeIds);
        OrtSession.Result result = session.run(inputs.tensors(), Set.of(outputName))) {
      OnnxTensor tensor = (OnnxTensor) result.get(outputName).orElseThrow();
      return pool(tensor.getFloatBuffer(), tensor.getInfo().getShape(), batch);
    }
  }

  /** The token states written by ONNX Runtime into this thread's direct buffer, read from there. */
  private List<float[]> runIntoOwnBuffer(TokenBatch batch) throws OrtException {
    long[] shape = {batch.batchSize(), batch.seqLen(), dimensions};
    FloatBuffer states = OUTPUT_BUFFER.get().sized(batch.batchSize() * batch.seqLen() * dimensions);
    try (EncoderInputs inputs = EncoderInputs.of(env, batch, wantsTypeIds);
        OnnxTensor output = OnnxTensor.createTensor(env, states, shape);
        OrtSession.Result result = session.run(inputs.tensors(), Map.of(outputName, output))) {
      return pool(states, shape, batch);
    }
  }

  /** A direct buffer per thread, grown as calls need, so that a call allocates no output. */
  private static final ThreadLocal<OutputBuffer> OUTPUT_BUFFER = ThreadLocal.withInitial(OutputBuffer::new);

  private static final class OutputBuffer {
    private FloatBuffer buffer = FloatBuffer.allocate(0);

    FloatBuffer sized(int floats) {
      if (buffer.capacity() < floats) {
        buffer = ByteBuffer.allocateDirect(Math.max(floats, buffer.capacity() * 2) * Float.BYTES)
            .order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
      return buffer.clear().limit(floats).slice();
    }
  }

  private List<float[]> pool(FloatBuffer values, long[] shape, TokenBatch batch) {
    List<float[]> vectors = new ArrayList<>(batch.batchSize());
    for (int row = 0; row < batch.batchSize(); row++) {
      float[] vector;
      if (shape.length == 2) {
        vector = new float[(int) shape[1]];
        values.get(row * vector.length, vector);
      } else {
        vector = pooling.pool(values, row, batch.seqLen(), (int) shape[2], batch.maskRow(row));
      }
      Pooling.normalize(vector);
      vectors.add(vector);
    }
    return vectors;
  }

  /** Token states to pool when the export has them, else an already pooled sentence output. */
  private static String chooseOutput(Map<String, NodeInfo> outputs) {
    for (String preferred : HIDDEN_STATE_OUTPUTS) {
      if (outputs.containsKey(preferred)) {
        return preferred;
      }
    }
    return outputs.entrySet().stream()
        .filter(e -> e.getValue().getInfo() instanceof TensorInfo info && (info.getShape().length == 3 || info.getShape().length == 2))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No output of shape [batch, tokens, hidden] or [batch, hidden] among "
            + outputs.keySet()));
  }

  @Override
  public String modelName() {
    return name;
  }

  public String modelVersion() {
    return version;
  }

  public int dimensions() {
    return dimensions;
  }

  /** The device the session really runs on: {@code cpu} or {@code cuda:N}. */
  public String device() {
    return device;
  }

  /** Whether calls write the token states into the embedder's own buffer (see {@link #writesIntoOwnBuffer}). */
  boolean writesOutputIntoOwnBuffer() {
    return intoOwnBuffer;
  }

  public int maxLength() {
    return tokenizer.maxLength();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("Closing model {} failed: {}", name, e.getMessage());
    }
    tokenizer.close();
  }
}
