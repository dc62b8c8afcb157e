package io.textenrich.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.Admission;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationEngineTest {

  private static final List<String> PROMPTS = List.of(
      "The quick brown fox",
      "It was",
      "Streams of events flow through topics, and every record carries a key",
      "A",
      "The model reads the prompt, keeps its keys and values",
      "Numbers like 42",
      "It was the best of times, it was the worst of times",
      "commas, colons!");

  private static DecoderModel model;

  @BeforeAll
  static void load() {
    model = Fixtures.open(Fixtures.GPT2);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static GenerationEngine engine(int maxSequences) {
    return GenerationEngine.start(model, EngineSettings.defaults().withMaxSequences(maxSequences));
  }

  private static Completion get(CompletableFuture<Completion> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void greedyOutputMatchesTorchTokenForToken() throws Exception {
    try (GenerationEngine engine = engine(4)) {
      for (Fixtures.Case c : Fixtures.reference(Fixtures.GPT2)) {
        Completion completion = get(engine.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(16)));
        assertArrayEquals(c.greedy(), ids(completion), c.prompt());
        assertEquals(FinishReason.LENGTH, completion.finishReason());
        assertEquals(c.ids().length, completion.promptTokens());
        assertEquals(16, completion.completionTokens());
        assertEquals(model.decode(c.greedy()), completion.text());
        assertEquals(Fixtures.GPT2, completion.model());
        assertEquals(model.version(), completion.modelVersion());
      }
    }
  }

  /**
   * The central check: continuous batching changes no token. Prompts of different lengths
   * with different lengths of output decode three at a time, so waiting prompts join a running
   * batch whenever one finishes; two more are submitted from a token callback, mid-run.
   */
  @Test
  void continuouslyBatchedGreedyEqualsOneAtATimeGreedy() throws Exception {
    List<GenerationRequest> requests = new ArrayList<>();
    for (int i = 0; i < PROMPTS.size(); i++) {
      requests.add(GenerationRequest.of(PROMPTS.get(i)).greedy().withMaxNewTokens(6 + 5 * i % 17));
    }
    List<GenerationRequest> late = List.of(
        GenerationRequest.of("The lazy dog sat on the log").greedy().withMaxNewTokens(12),
        GenerationRequest.of("keys").greedy().withMaxNewTokens(9));

    List<int[]> alone = new ArrayList<>();
    try (GenerationEngine single = engine(1)) {
      for (GenerationRequest request : concat(requests, late)) {
        alone.add(ids(get(single.submit(request))));
      }
    }

    try (GenerationEngine batched = engine(3)) {
      List<CompletableFuture<Completion>> lateFutures = new ArrayList<>();
      CountDownLatch lateSubmitted = new CountDownLatch(1);
      int[] seen = {0};
      List<CompletableFuture<Completion>> futures = new ArrayList<>();
      futures.add(batched.submit(requests.get(0), token -> {
        if (++seen[0] == 3) {
          late.forEach(r -> lateFutures.add(batched.submit(r)));
          lateSubmitted.countDown();
        }
      }));
      requests.subList(1, requests.size()).forEach(r -> futures.add(batched.submit(r)));
      assertTrue(lateSubmitted.await(30, TimeUnit.SECONDS));
      futures.addAll(lateFutures);
      for (int i = 0; i < futures.size(); i++) {
        assertArrayEquals(alone.get(i), ids(get(futures.get(i))), "request " + i);
      }
      EngineStats stats = batched.stats();
      assertEquals(3, stats.largestBatch());
      assertTrue(stats.joinedRunning() >= 5, "prompts joined a running batch " + stats.joinedRunning() + " times");
      assertEquals(futures.size(), stats.completed());
    }
  }

  @Test
  void promptsReadInChunksGiveTorchsGreedyTokens() throws Exception {
    try (GenerationEngine engine = GenerationEngine.start(model,
        EngineSettings.defaults().withMaxSequences(4).withPrefillChunkTokens(4))) {
      List<CompletableFuture<Completion>> futures = new ArrayList<>();
      List<Fixtures.Case> cases = Fixtures.reference(Fixtures.GPT2);
      for (Fixtures.Case c : cases) {
        futures.add(engine.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(16)));
      }
      for (int i = 0; i < cases.size(); i++) {
        assertArrayEquals(cases.get(i).greedy(), ids(get(futures.get(i))), cases.get(i).prompt());
      }
      EngineStats stats = engine.stats();
      int promptTokens = cases.stream().mapToInt(c -> c.ids().length).sum();
      assertEquals(cases.size(), stats.prefills());
      assertTrue(stats.prefillChunks() >= promptTokens / 4, "prompts of " + promptTokens + " tokens in "
          + stats.prefillChunks() + " chunks");
    }
  }

  /**
   * Generation asks before every step whether the encoder has work and holds the step while it has;
   * a busy encoder that never goes idle slows generation but never stops it, and the tokens stay
   * those of an engine that never yields.
   */
  @Test
  void stepsYieldToHigherPriorityWorkWithoutStarvingOrChangingTheOutput() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Fixtures.Case c = Fixtures.reference(Fixtures.GPT2).get(0);
    try (GenerationEngine engine = GenerationEngine.start(model, EngineSettings.defaults(), () -> {
      asked.incrementAndGet();
      return true;
    })) {
      Completion completion = get(engine.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(8)));
      assertArrayEquals(Arrays.copyOf(c.greedy(), 8), ids(completion), c.prompt());
    }
    assertTrue(asked.get() >= 8, "asked before each of the 8 steps, asked " + asked.get() + " times");
  }

  @Test
  void requestsSubmittedAloneNeverShareAStep() throws Exception {
    try (GenerationEngine engine = engine(4)) {
      List<CompletableFuture<Completion>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(((Admission.Accepted<Completion>) engine.offer(GenerationRequest.of(PROMPTS.get(i)).greedy().withMaxNewTokens(6),
            null, true)).result());
      }
      for (CompletableFuture<Completion> f : futures) {
        assertEquals(6, get(f).completionTokens());
      }
      assertEquals(1, engine.stats().largestBatch());
    }
  }

  @Test
  void theCacheBudgetBoundsTheSequencesThatDecodeTogether() throws Exception {
    // "It was" with 10 new tokens needs 3 + 10 cache slots; a budget of 30 holds two such rows.
    EngineSettings budget = EngineSettings.defaults().withMaxSequences(8).withMaxCacheTokens(30);
    try (GenerationEngine engine = GenerationEngine.start(model, budget)) {
      List<CompletableFuture<Completion>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(engine.submit(GenerationRequest.of("It was").greedy().withMaxNewTokens(10)));
      }
      for (CompletableFuture<Completion> f : futures) {
        assertEquals(10, get(f).completionTokens());
      }
      assertEquals(2, engine.stats().largestBatch());
    }
    try (GenerationEngine engine = GenerationEngine.start(model, budget.withMaxCacheTokens(4))) {
      assertEquals(10, get(engine.submit(GenerationRequest.of("It was").greedy().withMaxNewTokens(10))).completionTokens(),
          "a request over the whole budget still runs, alone");
    }
  }

  @Test
  void theSameGptTwoGreedyTokensComeFromTheGqaModelBatchedOrNot() throws Exception {
    try (DecoderModel llama = Fixtures.open(Fixtures.LLAMA_GQA);
        GenerationEngine batched = GenerationEngine.start(llama, EngineSettings.defaults().withMaxSequences(4))) {
      List<CompletableFuture<Completion>> futures = new ArrayList<>();
      List<Fixtures.Case> cases = Fixtures.reference(Fixtures.LLAMA_GQA);
      for (Fixtures.Case c : cases) {
        futures.add(batched.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(16)));
      }
      for (int i = 0; i < cases.size(); i++) {
        assertArrayEquals(cases.get(i).greedy(), ids(get(futures.get(i))), cases.get(i).prompt());
      }
    }
  }

  @Test
  void aSeedGivesTheSameSampledCompletionAloneOrInABatch() throws Exception {
    GenerationRequest sampled = GenerationRequest.of("It was the best").withTemperature(1.0).withTopK(20).withTopP(0.9)
        .withSeed(42).withMaxNewTokens(20);
    try (GenerationEngine engine = engine(4)) {
      Completion alone = get(engine.submit(sampled));
      List<CompletableFuture<Completion>> crowd = new ArrayList<>();
      for (String prompt : PROMPTS) {
        crowd.add(engine.submit(GenerationRequest.of(prompt).withTemperature(1.0).withSeed(7).withMaxNewTokens(12)));
      }
      Completion again = get(engine.submit(sampled));
      Completion otherSeed = get(engine.submit(sampled.withSeed(43)));
      for (CompletableFuture<Completion> f : crowd) {
        get(f);
      }
      assertEquals(alone.tokenIds(), again.tokenIds());
      assertEquals(42, again.seed());
      assertNotEquals(alone.tokenIds(), otherSeed.tokenIds());
    }
  }

  @Test
  void aStopStringEndsTheCompletionBeforeIt() throws Exception {
    Fixtures.Case c = Fixtures.reference(Fixtures.GPT2).get(0);
    String full = model.decode(c.greedy());
    String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
    int cut = full.indexOf(stop);
    try (GenerationEngine engine = engine(2)) {
      Completion completion = get(engine.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(16)
          .withStop(List.of("never appears in this text", stop))));
      assertEquals(FinishReason.STOP, completion.finishReason());
      assertEquals(full.substring(0, cut), completion.text());
      assertTrue(completion.completionTokens() < 16);
    }
  }

  @Test
  void anEndOfSequenceTokenEndsTheCompletionAndIsLeftOutOfTheText(@TempDir Path dir) throws Exception {
    Fixtures.Case c = Fixtures.reference(Fixtures.GPT2).get(0);
    int at = 2;
    while (contains(Arrays.copyOf(c.greedy(), at), c.greedy()[at])) {
      at++;
    }
    int eos = c.greedy()[at];
    Path copy = copyWithEos(dir, eos);
    try (DecoderModel withEos = DecoderModel.open(copy.toString(), io.textenrich.model.SessionSettings.defaults());
        GenerationEngine engine = GenerationEngine.start(withEos, EngineSettings.defaults())) {
      Completion completion = get(engine.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(16)));
      assertEquals(FinishReason.EOS, completion.finishReason());
      assertEquals(at + 1, completion.completionTokens());
      assertEquals(model.decode(Arrays.copyOf(c.greedy(), at)), completion.text());

      Completion forced = get(engine.submit(GenerationRequest.of(c.prompt()).greedy().withMaxNewTokens(8).withMinNewTokens(8)));
      assertEquals(FinishReason.LENGTH, forced.finishReason());
      assertEquals(8, forced.completionTokens());
      assertTrue(!forced.tokenIds().contains(eos), "no end-of-sequence token before min new tokens");
    }
  }

  @Test
  void aLongPromptLosesItsStartAndTheContextLimitEndsACompletion() throws Exception {
    String longPrompt = String.join(" ", PROMPTS);
    int[] tokens = model.encode(longPrompt);
    int[] tail = Arrays.copyOfRange(tokens, tokens.length - 6, tokens.length);
    try (GenerationEngine engine = engine(2)) {
      Completion truncated = get(engine.submit(GenerationRequest.of(longPrompt).greedy().withMaxNewTokens(5)
          .withMaxPromptTokens(6)));
      assertEquals(6, truncated.promptTokens());
      assertEquals(tokens.length - 6, truncated.droppedPromptTokens());
      assertArrayEquals(greedyWithoutCache(tail, 5), ids(truncated));

      int max = model.config().maxPositions();
      Completion full = get(engine.submit(GenerationRequest.of(longPrompt).greedy().withMaxNewTokens(100)
          .withMaxPromptTokens(max - 4)));
      assertEquals(FinishReason.LENGTH, full.finishReason());
      assertEquals(max - 4, full.promptTokens());
      assertEquals(5, full.completionTokens(), "positions " + (max - 4) + ".." + (max - 1) + " give 5 tokens");

      Completion defaultLimit = get(engine.submit(GenerationRequest.of(longPrompt + longPrompt).greedy().withMaxNewTokens(10)));
      assertEquals(max - 10, defaultLimit.promptTokens(), "by default the prompt leaves room for max new tokens");
      assertEquals(10, defaultLimit.completionTokens());
    }
  }

  @Test
  void aFullEngineAnswersFullAtOnceAndAClosedOneFailsWhatIsLeft() throws Exception {
    EngineSettings tight = EngineSettings.defaults().withMaxSequences(1).withMaxQueued(1).withCloseTimeout(Duration.ZERO);
    GenerationEngine engine = GenerationEngine.start(model, tight);
    CountDownLatch firstToken = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Completion> first = engine.submit(GenerationRequest.of("It was").greedy().withMaxNewTokens(4), token -> {
      firstToken.countDown();
      awaitQuietly(release);
    });
    assertTrue(firstToken.await(30, TimeUnit.SECONDS));
    CompletableFuture<Completion> queued = engine.submit(GenerationRequest.of("The quick").greedy());
    Admission<Completion> full = engine.offer(GenerationRequest.of("A"), null, false);
    assertTrue(full instanceof Admission.Full<Completion>, full.toString());
    assertTrue(((Admission.Full<Completion>) full).reason().contains("raise maxQueued"), full.toString());

    Thread closer = new Thread(engine::close);
    closer.start();
    // With no close timeout, close() fails what is left at once, without the scheduler, which stays held at the first
    // request's token until then: the queued request cannot run, however late the closing thread gets a core.
    ExecutionException closed = assertThrows(ExecutionException.class, () -> queued.get(30, TimeUnit.SECONDS));
    release.countDown();
    closer.join(30_000);
    assertTrue(closed.getCause() instanceof IllegalStateException, closed.toString());
    assertTrue(closed.getCause().getMessage().contains("closed before this request finished"), closed.getCause().getMessage());
    assertTrue(first.isDone());
    assertTrue(engine.offer(GenerationRequest.of("A"), null, false) instanceof Admission.Full<Completion>, "closed: full");
    assertEquals(0, engine.inFlight());
  }

  @Test
  void closeLetsAcceptedRequestsFinish() throws Exception {
    List<CompletableFuture<Completion>> futures = new ArrayList<>();
    try (GenerationEngine engine = engine(2)) {
      for (String prompt : PROMPTS) {
        futures.add(engine.submit(GenerationRequest.of(prompt).greedy().withMaxNewTokens(8)));
      }
    }
    for (CompletableFuture<Completion> f : futures) {
      assertEquals(8, f.getNow(null).completionTokens());
    }
  }

  @Test
  void aCancelledRequestLeavesTheBatchAndTheOthersGoOn() throws Exception {
    try (GenerationEngine engine = engine(2)) {
      // The engine's thread stops at the cancelled request's first token until the cancellation is
      // made, so the engine sees it while the other request still has most of its tokens to go,
      // however fast or slow this machine runs either thread.
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch cancelMade = new CountDownLatch(1);
      CompletableFuture<Completion> cancelled = engine.submit(GenerationRequest.of("It was").greedy().withMaxNewTokens(60),
          token -> {
            if (started.getCount() > 0) {
              started.countDown();
              awaitQuietly(cancelMade);
            }
          });
      CompletableFuture<Completion> other = engine.submit(GenerationRequest.of("The quick").greedy().withMaxNewTokens(30));
      assertTrue(started.await(30, TimeUnit.SECONDS));
      cancelled.cancel(false);
      cancelMade.countDown();
      assertEquals(30, get(other).completionTokens());
      assertThrows(CancellationException.class, cancelled::join);
      assertEquals(1, engine.stats().failed());
    }
  }

  @Test
  void anEmptyPromptStartsFromTheBeginningOfSequenceToken() throws Exception {
    try (GenerationEngine engine = engine(1)) {
      Completion completion = get(engine.submit(GenerationRequest.of("").greedy().withMaxNewTokens(3)));
      assertEquals(1, completion.promptTokens());
      assertEquals(3, completion.completionTokens());
    }
  }

  @Test
  void badSettingsNameTheirLimits() {
    assertThrows(IllegalArgumentException.class, () -> GenerationRequest.of("x").withTopP(0));
    assertThrows(IllegalArgumentException.class, () -> GenerationRequest.of("x").withTemperature(-1));
    assertThrows(IllegalArgumentException.class, () -> GenerationRequest.of("x").withMaxNewTokens(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GenerationRequest.of("x").withMaxNewTokens(2).withMinNewTokens(3));
    assertTrue(e.getMessage().contains("must not exceed max new tokens"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EngineSettings.defaults().withMaxSequences(0));
  }

  private static int[] greedyWithoutCache(int[] prompt, int tokens) throws OrtException {
    int[] sequence = Arrays.copyOf(prompt, prompt.length + tokens);
    for (int i = prompt.length; i < sequence.length; i++) {
      sequence[i] = Sampler.argmax(model.nextTokenLogits(Arrays.copyOf(sequence, i)));
    }
    return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
  }

  private static Path copyWithEos(Path dir, int eos) throws Exception {
    Path source = Fixtures.dir(Fixtures.GPT2);
    for (String file : List.of("model.onnx", "tokenizer.json", "config.json")) {
      Files.copy(source.resolve(file), dir.resolve(file));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode generation = (ObjectNode) json.readTree(source.resolve("generation_config.json").toFile());
    generation.put("eos_token_id", eos);
    json.writeValue(dir.resolve("generation_config.json").toFile(), generation);
    return dir;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean contains(int[] values, int value) {
    return Arrays.stream(values).anyMatch(v -> v == value);
  }

  private static int[] ids(Completion completion) {
    return completion.tokenIds().stream().mapToInt(Integer::intValue).toArray();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
