package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingEngineTest {

  /** Encodes a text as the vector [length of text]; records each call; can hold its first call. */
  private static final class RecordingEncoder implements TextEncoder {
    final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstCallStarted = new CountDownLatch(1);
    final CountDownLatch releaseFirstCall = new CountDownLatch(1);
    volatile boolean failing;

    @Override
    public EmbeddingBatch embed(List<String> texts) {
      calls.add(List.copyOf(texts));
      if (firstCallStarted.getCount() > 0) {
        firstCallStarted.countDown();
        await(releaseFirstCall);
      }
      if (failing) {
        throw new IllegalStateException("model exploded");
      }
      List<float[]> vectors = texts.stream().map(t -> new float[] {t.length()}).toList();
      int[] tokens = texts.stream().mapToInt(String::length).toArray();
      int padded = texts.stream().mapToInt(String::length).max().orElse(0);
      return new EmbeddingBatch(vectors, tokens, padded, 1_000_000L);
    }

    @Override
    public String modelName() {
      return "recording";
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static int[] lengths(List<String> texts) {
    return texts.stream().mapToInt(String::length).toArray();
  }

  private static CompletableFuture<List<EmbeddingEngine.Embedded>> submit(EmbeddingEngine engine, List<String> texts) throws Exception {
    return engine.submit(texts, lengths(texts), Duration.ofSeconds(5));
  }

  @Test
  void workFromTwoThreadsThatArrivesWhileTheModelIsBusyIsMergedIntoOneCall() throws Exception {
    RecordingEncoder model = new RecordingEncoder();
    EmbeddingEngine.Settings arrivalOrder = EmbeddingEngine.Settings.defaults().withGroupByLength(false).withMaxCallPaddingShare(1.0);
    try (EmbeddingEngine engine = new EmbeddingEngine(model, arrivalOrder)) {
      CompletableFuture<List<EmbeddingEngine.Embedded>> first = submit(engine, List.of("a"));
      await(model.firstCallStarted);

      // Both threads add to it at once: a plain list may lose one of the two futures.
      List<CompletableFuture<List<EmbeddingEngine.Embedded>>> others = Collections.synchronizedList(new ArrayList<>());
      Thread t1 = new Thread(() -> others.add(uncheckedSubmit(engine, List.of("bb", "ccc"))));
      Thread t2 = new Thread(() -> others.add(uncheckedSubmit(engine, List.of("dddd"))));
      t1.start();
      t2.start();
      t1.join();
      t2.join();
      model.releaseFirstCall.countDown();

      first.get(10, TimeUnit.SECONDS);
      assertEquals(2, others.size(), "one request from each thread");
      for (CompletableFuture<List<EmbeddingEngine.Embedded>> f : others) {
        List<EmbeddingEngine.Embedded> results = f.get(10, TimeUnit.SECONDS);
        results.forEach(r -> assertEquals(3, r.callSize()));
      }
      assertEquals(2, model.calls.size());
      assertEquals(3, model.calls.get(1).size());
      assertEquals(4, engine.stats().records());
      assertEquals(2, engine.stats().calls());
    }
  }

  private static CompletableFuture<List<EmbeddingEngine.Embedded>> uncheckedSubmit(EmbeddingEngine engine, List<String> texts) {
    try {
      return submit(engine, texts);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void resultsComeBackInInputOrderEvenWhenGroupingReordersTheTexts() throws Exception {
    RecordingEncoder model = new RecordingEncoder();
    model.releaseFirstCall.countDown();
    List<String> texts = List.of("x".repeat(90), "y".repeat(10), "z".repeat(100), "w".repeat(11));
    EmbeddingEngine.Settings gpuLike = EmbeddingEngine.Settings.defaults().withMaxCallPaddingShare(1.0);
    try (EmbeddingEngine engine = new EmbeddingEngine(model, gpuLike)) {
      List<EmbeddingEngine.Embedded> results = submit(engine, texts).get(10, TimeUnit.SECONDS);
      assertEquals(List.of(90f, 10f, 100f, 11f), results.stream().map(r -> r.vector()[0]).toList());
      assertEquals(1, model.calls.size(), "without a padding bound a shallow queue runs at once, in one call");
      assertEquals(List.of(100, 100, 100, 100), results.stream().map(EmbeddingEngine.Embedded::paddedTokens).toList());
    }
  }

  @Test
  void withThePaddingBoundOfACpuShortAndLongTextsRunInSeparateCalls() throws Exception {
    RecordingEncoder model = new RecordingEncoder();
    model.releaseFirstCall.countDown();
    List<String> texts = List.of("x".repeat(90), "y".repeat(10), "z".repeat(100), "w".repeat(11));
    try (EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults())) {
      List<EmbeddingEngine.Embedded> results = submit(engine, texts).get(10, TimeUnit.SECONDS);
      assertEquals(List.of(90f, 10f, 100f, 11f), results.stream().map(r -> r.vector()[0]).toList());
      assertEquals(2, model.calls.size());
      assertEquals(List.of(100, 11, 100, 11), results.stream().map(EmbeddingEngine.Embedded::paddedTokens).toList());
    }
  }

  @Test
  void aCallStaysWithinThePaddedTokenBudget() throws Exception {
    RecordingEncoder model = new RecordingEncoder();
    model.releaseFirstCall.countDown();
    List<String> texts = List.of("a".repeat(40), "b".repeat(40), "c".repeat(40));
    try (EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults().withMaxCallPaddedTokens(80))) {
      List<EmbeddingEngine.Embedded> results = submit(engine, texts).get(10, TimeUnit.SECONDS);
      assertEquals(List.of(2, 2, 1), results.stream().map(EmbeddingEngine.Embedded::callSize).toList());
      assertEquals(2, engine.stats().calls());
      assertEquals(2, engine.stats().callSizeMax());
    }
  }

  @Test
  void aModelFailureFailsTheRequestsOfThatCall() throws Exception {
    RecordingEncoder model = new RecordingEncoder();
    model.releaseFirstCall.countDown();
    model.failing = true;
    try (EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults())) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> submit(engine, List.of("t")).get(10, TimeUnit.SECONDS));
      assertEquals("model exploded", e.getCause().getMessage());
      model.failing = false;
      assertEquals(1, submit(engine, List.of("ok")).get(10, TimeUnit.SECONDS).size(), "the engine keeps serving");
    }
  }

  @Test
  void aFullEngineAnswersAnOfferFullAtOnceAndMakesASubmitterWaitAndThenTimeOut() throws Exception {
    RecordingEncoder model = new RecordingEncoder();
    EmbeddingEngine.Settings settings = EmbeddingEngine.Settings.defaults().withQueueCapacity(2);
    try (EmbeddingEngine engine = new EmbeddingEngine(model, settings)) {
      CompletableFuture<List<EmbeddingEngine.Embedded>> held = submit(engine, List.of("a", "b"));
      await(model.firstCallStarted);
      TimeoutException e = assertThrows(TimeoutException.class,
          () -> engine.submit(List.of("c"), new int[] {1}, Duration.ofMillis(50)));
      assertTrue(e.getMessage().contains("is full (2 texts queued) for 50 ms"), e.getMessage());
      Admission<List<EmbeddingEngine.Embedded>> offered = engine.offer(PreparedText.untokenized(List.of("c"), new int[] {1}));
      assertTrue(offered instanceof Admission.Full<List<EmbeddingEngine.Embedded>> full && full.reason().contains("is full"),
          offered.toString());
      model.releaseFirstCall.countDown();
      held.get(10, TimeUnit.SECONDS);
      assertEquals(1, submit(engine, List.of("c")).get(10, TimeUnit.SECONDS).size(), "capacity is released");
    }
  }

  @Test
  void closingFailsWhatIsStillQueuedAndRejectsNewWork() throws Exception {
    RecordingEncoder model = new RecordingEncoder();
    EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults());
    CompletableFuture<List<EmbeddingEngine.Embedded>> running = submit(engine, List.of("a"));
    await(model.firstCallStarted);
    CompletableFuture<List<EmbeddingEngine.Embedded>> queued = submit(engine, List.of("b"));
    model.releaseFirstCall.countDown();
    engine.close();
    running.get(10, TimeUnit.SECONDS);
    assertTrue(queued.isDone());
    assertThrows(IllegalStateException.class, () -> submit(engine, List.of("c")));
  }

  @Test
  void withTwoRunnersASecondCallRunsWhileTheFirstIsInProgress() throws Exception {
    java.util.concurrent.CyclicBarrier bothInFlight = new java.util.concurrent.CyclicBarrier(2);
    CountDownLatch firstStarted = new CountDownLatch(1);
    TextEncoder model = new TextEncoder() {
      @Override
      public EmbeddingBatch embed(List<String> texts) {
        firstStarted.countDown();
        try {
          bothInFlight.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("the second call never ran beside the first", e);
        }
        return new EmbeddingBatch(texts.stream().map(t -> new float[] {t.length()}).toList(),
            texts.stream().mapToInt(String::length).toArray(), texts.stream().mapToInt(String::length).max().orElse(0), 1);
      }

      @Override
      public String modelName() {
        return "barrier";
      }
    };
    try (EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults().withParallelism(2))) {
      CompletableFuture<List<EmbeddingEngine.Embedded>> first = submit(engine, List.of("s"));
      await(firstStarted);
      CompletableFuture<List<EmbeddingEngine.Embedded>> second = submit(engine, List.of("l".repeat(100)));
      assertEquals(1f, first.get(10, TimeUnit.SECONDS).get(0).vector()[0]);
      assertEquals(100f, second.get(10, TimeUnit.SECONDS).get(0).vector()[0]);
      assertEquals(2, engine.stats().calls());
    }
  }

  /**
   * Reports each call's duration from a cost per token by call size, as a device would, without a
   * clock. Costs are in microseconds per token, so that the real time the engine adds for handing a
   * call's results over (microseconds per call) is lost in them.
   */
  private static final class CostModelEncoder implements TextEncoder {
    final java.util.function.IntToDoubleFunction costPerToken;
    final List<Integer> callSizes = Collections.synchronizedList(new ArrayList<>());

    CostModelEncoder(java.util.function.IntToDoubleFunction costPerToken) {
      this.costPerToken = costPerToken;
    }

    @Override
    public EmbeddingBatch embed(List<String> texts) {
      callSizes.add(texts.size());
      int[] tokens = texts.stream().mapToInt(t -> 10).toArray();
      long nanos = Math.round(costPerToken.applyAsDouble(texts.size()) * 1_000 * 10 * texts.size());
      return new EmbeddingBatch(texts.stream().map(t -> new float[] {1}).toList(), tokens, 10, nanos);
    }

    @Override
    public String modelName() {
      return "cost-model";
    }
  }

  @Test
  void aRestartStartsFromTheLastRunsMeasurementsWithoutCalibratingUnlessTheyWereMadeOnSomethingElse(@TempDir Path dir)
      throws Exception {
    CallSizeFile file = new CallSizeFile(dir.resolve("call-size"), "cost-model v1, 1 call at once, up to 64");
    EmbeddingEngine.Settings settings = EmbeddingEngine.Settings.defaults().withMaxCallRecords(64).withMeasuredCallSize(true);
    CostModelEncoder first = new CostModelEncoder(n -> 100 + 800.0 / n + 8.0 * n);
    int settled;
    try (EmbeddingEngine engine = new EmbeddingEngine(first, settings, file)) {
      assertTrue(first.callSizes.containsAll(List.of(1, 2, 4, 8, 16, 32, 64)), "the first start calibrates: " + first.callSizes);
      assertTrue(Files.exists(file.path()), "saved as soon as calibrated: a process killed before any other save finds it");
      settled = engine.callTokenLimit();
    }

    CostModelEncoder second = new CostModelEncoder(n -> 100 + 800.0 / n + 8.0 * n);
    try (EmbeddingEngine engine = new EmbeddingEngine(second, settings, file)) {
      assertEquals(List.of(), second.callSizes, "no calibration call");
      assertEquals(settled, engine.callTokenLimit());
    }

    CostModelEncoder other = new CostModelEncoder(n -> 100 + 800.0 / n + 8.0 * n);
    try (EmbeddingEngine engine = new EmbeddingEngine(other, settings, new CallSizeFile(file.path(), "another model"))) {
      assertTrue(other.callSizes.containsAll(List.of(1, 2, 4, 8, 16, 32, 64)), "measured on something else: calibrates");
    }
  }

  @Test
  void anAutoCallSizeIsMeasuredAtStartAndCallsFromADeepQueueKeepToIt() throws Exception {
    CostModelEncoder cpu = new CostModelEncoder(n -> 100 + 4.0 * n);
    // A clock that stands still: the hand-over after each call costs nothing, so a stalled hand-over
    // (a busy machine) cannot tip the narrow gap between one and two texts per call.
    try (EmbeddingEngine engine = new EmbeddingEngine(cpu, EmbeddingEngine.Settings.defaults().withMaxCallRecords(64)
        .withMeasuredCallSize(true), null, () -> 0L)) {
      assertEquals(16, engine.callTokenLimit(), "larger calls cost more per token on this device: the smallest class");
      cpu.callSizes.clear();
      List<String> texts = Collections.nCopies(200, "same length");
      assertEquals(200, engine.submit(texts, lengths(texts), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS).size());
      assertTrue(cpu.callSizes.stream().allMatch(n -> n <= 3), "calls within the measured 16 padded tokens (one text of"
          + " 10), or the neighbouring 32 (three) when probed: " + cpu.callSizes);
    }
    CostModelEncoder gpu = new CostModelEncoder(n -> 10 + 2000.0 / n);
    try (EmbeddingEngine engine = new EmbeddingEngine(gpu, EmbeddingEngine.Settings.defaults().withMaxCallRecords(256)
        .withMeasuredCallSize(true))) {
      assertEquals(4096, engine.callTokenLimit(), "the class that holds the largest calibration call, 256 texts of 10 tokens");
      gpu.callSizes.clear();
      List<String> texts = Collections.nCopies(512, "same length");
      assertEquals(512, engine.submit(texts, lengths(texts), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS).size());
      assertEquals(256, gpu.callSizes.stream().mapToInt(Integer::intValue).max().orElse(0),
          "a device where full calls pay gets full calls: " + gpu.callSizes);
    }
  }

  @Test
  void calibrationCallsDoubleUpToTheMostTextsACallMayHold() {
    assertArrayEquals(new int[] {1, 2, 4, 8, 16, 32, 64}, EmbeddingEngine.calibrationSizes(64, 512));
    assertArrayEquals(new int[] {1, 2, 4, 8, 16, 32, 48}, EmbeddingEngine.calibrationSizes(48, 512));
    assertArrayEquals(new int[] {1, 2, 4, 8, 10}, EmbeddingEngine.calibrationSizes(64, 10), "the padded tokens allow ten");
    assertArrayEquals(new int[] {1}, EmbeddingEngine.calibrationSizes(1, 512));
    assertArrayEquals(new int[] {1}, EmbeddingEngine.calibrationSizes(64, 0), "one text longer than the budget still runs");
  }

  @Test
  void aConfiguredCallSizeIsNotMeasured() {
    CostModelEncoder cpu = new CostModelEncoder(n -> 100 + 4.0 * n);
    try (EmbeddingEngine engine = new EmbeddingEngine(cpu, EmbeddingEngine.Settings.defaults().withMaxCallRecords(16))) {
      assertEquals(EngineTuning.DEFAULT_MAX_CALL_PADDED_TOKENS, engine.callTokenLimit());
      assertTrue(cpu.callSizes.isEmpty(), "no calibration calls");
    }
  }
}
