package io.textenrich.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ONNX decoders against torch, and cached decoding against decoding from scratch. */
class DecoderModelTest {

  private static final float TOLERANCE = 1e-4f;

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.GPT2, Fixtures.LLAMA_GQA})
  void readsTheShapeFromConfigAndGraph(String fixture) {
    try (DecoderModel model = Fixtures.open(fixture)) {
      DecoderConfig config = model.config();
      assertEquals(2, config.layers());
      assertEquals(4, config.attentionHeads());
      assertEquals(fixture.equals(Fixtures.GPT2) ? 4 : 2, config.keyValueHeads());
      assertEquals(8, config.headDim());
      assertEquals(64, config.maxPositions());
      assertEquals(List.of(config.vocabSize() - 1), config.eosTokenIds());
      assertTrue(model.version().matches("sha256:[0-9a-f]{12}"), model.version());
      assertEquals("cpu", model.device());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.GPT2, Fixtures.LLAMA_GQA})
  void tokenizesLikeTheTrainingSideAndLogitsMatchTorch(String fixture) throws OrtException {
    try (DecoderModel model = Fixtures.open(fixture)) {
      for (Fixtures.Case c : Fixtures.reference(fixture)) {
        assertArrayEquals(c.ids(), model.encode(c.prompt()), c.prompt());
        for (int n = 1; n <= c.ids().length; n++) {
          float[] logits = model.nextTokenLogits(Arrays.copyOf(c.ids(), n));
          float diff = Fixtures.maxAbsDiff(c.logits()[n - 1], logits);
          assertTrue(diff < TOLERANCE, fixture + " '" + c.prompt() + "' position " + (n - 1) + ": logits differ by " + diff);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.GPT2, Fixtures.LLAMA_GQA})
  void logitsWithTheCacheEqualLogitsWithoutIt(String fixture) throws OrtException {
    try (DecoderModel model = Fixtures.open(fixture)) {
      for (Fixtures.Case c : Fixtures.reference(fixture)) {
        int[] sequence = concat(c.ids(), c.greedy());
        int prompt = c.ids().length;
        DecoderModel.Step step = prefill(model, Arrays.copyOf(sequence, prompt));
        KvCache cache = step.cache();
        for (int n = prompt; n < sequence.length; n++) {
          float[] expected = model.nextTokenLogits(Arrays.copyOf(sequence, n));
          float diff = Fixtures.maxAbsDiff(expected, step.logits()[0]);
          assertTrue(diff < TOLERANCE, fixture + " '" + c.prompt() + "' token " + n + ": cached logits differ by " + diff);
          long[] mask = new long[n + 1];
          Arrays.fill(mask, 1L);
          step = model.run(new long[] {sequence[n]}, mask, new long[] {n}, 1, 1, cache, new int[] {n + 1}, true);
          cache.close();
          cache = step.cache();
        }
        cache.close();
      }
    }
  }

  /**
   * Sequences of different lengths in one left-padded batch cache decode exactly as they do alone:
   * the padding columns are hidden by the mask and each row has its own positions.
   */
  @ParameterizedTest
  @ValueSource(strings = {Fixtures.GPT2, Fixtures.LLAMA_GQA})
  void paddingInTheBatchCacheChangesNoSequence(String fixture) throws OrtException {
    try (DecoderModel model = Fixtures.open(fixture)) {
      List<Fixtures.Case> cases = Fixtures.reference(fixture);
      List<int[]> sequences = new ArrayList<>();
      List<KvCache.Row> rows = new ArrayList<>();
      List<KvCache> prefilled = new ArrayList<>();
      for (Fixtures.Case c : cases) {
        sequences.add(concat(c.ids(), c.greedy()));
        KvCache cache = prefill(model, c.ids()).cache();
        prefilled.add(cache);
        rows.add(new KvCache.Row(cache, 0));
      }
      KvCache batch = model.gather(rows);
      prefilled.forEach(KvCache::close);
      assertEquals(cases.stream().mapToInt(c -> c.ids().length).max().orElseThrow(), batch.length());
      int b = cases.size();
      for (int step = 0; step < 6; step++) {
        int past = batch.length();
        long[] ids = new long[b];
        long[] positions = new long[b];
        long[] mask = new long[b * (past + 1)];
        int[] after = new int[b];
        for (int r = 0; r < b; r++) {
          int real = batch.realLength(r);
          ids[r] = sequences.get(r)[real];
          positions[r] = real;
          Arrays.fill(mask, r * (past + 1) + past - real, (r + 1) * (past + 1), 1L);
          after[r] = real + 1;
        }
        DecoderModel.Step result = model.run(ids, mask, positions, b, 1, batch, after, true);
        batch.close();
        batch = result.cache();
        for (int r = 0; r < b; r++) {
          float[] alone = model.nextTokenLogits(Arrays.copyOf(sequences.get(r), after[r]));
          float diff = Fixtures.maxAbsDiff(alone, result.logits()[r]);
          assertTrue(diff < TOLERANCE, fixture + " row " + r + " step " + step + ": batched logits differ by " + diff);
        }
      }
      batch.close();
    }
  }

  @Test
  void theTokenizerNeverTruncatesOnItsOwn() {
    try (DecoderModel model = Fixtures.open(Fixtures.GPT2)) {
      String text = "The quick brown fox jumps over the lazy dog. ".repeat(100);
      int[] ids = model.encode(text);
      assertTrue(ids.length > 600, "tokens: " + ids.length);
      assertEquals(text, model.decode(ids));
    }
  }

  @Test
  void aMergedDecoderGetsItsCacheBranchAndGivesTheSameTokens() throws Exception {
    try (DecoderModel merged = Fixtures.open(Fixtures.GPT2_MERGED);
        GenerationEngine engine = GenerationEngine.start(merged, EngineSettings.defaults().withMaxSequences(4))) {
      List<Fixtures.Case> cases = Fixtures.reference(Fixtures.GPT2);
      List<CompletableFuture<Completion>> futures = new ArrayList<>();
      for (Fixtures.Case c : cases) {
        float diff = Fixtures.maxAbsDiff(c.logits()[c.ids().length - 1], merged.nextTokenLogits(c.ids()));
        assertTrue(diff < TOLERANCE, "merged logits differ by " + diff);
        futures.add(engine.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(16)));
      }
      for (int i = 0; i < cases.size(); i++) {
        assertEquals(Arrays.toString(cases.get(i).greedy()),
            Arrays.toString(futures.get(i).get().tokenIds().stream().mapToInt(Integer::intValue).toArray()));
      }
    }
  }

  @Test
  void aDirectoryWithoutACacheExportIsRefusedWithTheExportCommand(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("decoder_model.onnx"), "not a model");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DecoderModel.open(dir.toString(), SessionSettings.defaults().withDevice(ExecutionDevice.CPU)));
    assertTrue(e.getMessage().contains("--task text-generation-with-past"), e.getMessage());
    assertTrue(e.getMessage().contains("decoder_model.onnx"), e.getMessage());
  }

  @Test
  void anUnknownModelNamesTheBuiltIns() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DecoderModel.open("no-such-model", SessionSettings.defaults()));
    assertTrue(e.getMessage().contains("fortune-gpt"), e.getMessage());
  }

  static DecoderModel.Step prefill(DecoderModel model, int[] tokens) throws OrtException {
    int n = tokens.length;
    long[] ids = new long[n];
    long[] mask = new long[n];
    long[] positions = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = tokens[i];
      mask[i] = 1;
      positions[i] = i;
    }
    try (KvCache empty = model.emptyCache(1)) {
      return model.run(ids, mask, positions, 1, n, empty, new int[] {n}, true);
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
