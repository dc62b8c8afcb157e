package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The engine under cancelled work, dying runners, a model that never runs and a hung call. These
 * need a fake encoder: a real model cannot be made to throw an Error, fail on every call or hang
 * on demand. The fake counts every text it is given and can hold its calls on a latch.
 */
class EmbeddingEngineFaultTest {

  /** Encodes a text as [its length]; counts texts; runs {@code before} ahead of each call. */
  private static final class CountingEncoder implements TextEncoder {
    final Map<String, Integer> runs = new ConcurrentHashMap<>();
    final List<Integer> callSizes = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> callPadded = Collections.synchronizedList(new ArrayList<>());
    final List<Long> callReal = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstCallStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile Function<List<String>, RuntimeException> failure = texts -> null;
    volatile Error error;
    volatile boolean holdEveryCall;

    @Override
    public EmbeddingBatch embed(List<String> texts) {
      texts.forEach(t -> runs.merge(t, 1, Integer::sum));
      boolean first = firstCallStarted.getCount() > 0;
      firstCallStarted.countDown();
      if (first || holdEveryCall) {
        awaitUninterruptibly(release);
      }
      if (error != null) {
        Error e = error;
        error = null;
        throw e;
      }
      RuntimeException e = failure.apply(texts);
      if (e != null) {
        throw e;
      }
      int[] tokens = texts.stream().mapToInt(String::length).toArray();
      int padded = texts.stream().mapToInt(String::length).max().orElse(0);
      callSizes.add(texts.size());
      callPadded.add(padded * texts.size());
      callReal.add(Arrays.stream(tokens).asLongStream().sum());
      return new EmbeddingBatch(texts.stream().map(t -> new float[] {t.length()}).toList(), tokens, padded, 1);
    }

    @Override
    public String modelName() {
      return "counting";
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(30, TimeUnit.SECONDS), "the model was never called");
  }

  private static CompletableFuture<List<EmbeddingEngine.Embedded>> submit(EmbeddingEngine engine, List<String> texts,
      Duration admission) throws Exception {
    return engine.submit(texts, texts.stream().mapToInt(String::length).toArray(), admission);
  }

  @Test
  void aCancelledRequestsTextsNeverRunAndRetriesStayWithinTheQueueCapacity() throws Exception {
    CountingEncoder model = new CountingEncoder();
    try (EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults().withQueueCapacity(4))) {
      CompletableFuture<List<EmbeddingEngine.Embedded>> holding = submit(engine, List.of("hold"), Duration.ofSeconds(5));
      await(model.firstCallStarted);
      List<String> batch = List.of("one", "two", "three");
      for (int attempt = 1; attempt <= 3; attempt++) {
        // As a flush that timed out does: cancel, then submit the same texts again.
        CompletableFuture<List<EmbeddingEngine.Embedded>> timedOut = submit(engine, batch, Duration.ofSeconds(5));
        assertThrows(TimeoutException.class, () -> submit(engine, List.of("x"), Duration.ofMillis(20)),
            "attempt " + attempt + ": the engine holds 4 texts, its capacity");
        timedOut.cancel(false);
        assertEquals(0, engine.queued(), "the cancelled texts left the queue");
      }
      CompletableFuture<List<EmbeddingEngine.Embedded>> retry = submit(engine, batch, Duration.ofSeconds(5));
      assertThrows(TimeoutException.class, () -> submit(engine, List.of("x"), Duration.ofMillis(20)),
          "after the retries the engine is still bounded by its capacity");
      model.release.countDown();
      holding.get(30, TimeUnit.SECONDS);
      assertEquals(3, retry.get(30, TimeUnit.SECONDS).size());
      for (String text : batch) {
        assertEquals(1, model.runs.get(text), text + " ran once: cancelled copies never reached the model");
      }
      assertFalse(model.runs.containsKey("x"));
      assertEquals(9, engine.stats().droppedTexts());
    }
  }

  @Test
  void aRunnerKilledByAnErrorIsReplacedAndCounted() throws Exception {
    CountingEncoder model = new CountingEncoder();
    model.release.countDown();
    model.error = new OutOfMemoryError("simulated: the model call ran out of memory");
    try (EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults())) {
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> submit(engine, List.of("first"), Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS));
      assertInstanceOf(OutOfMemoryError.class, failed.getCause());
      assertEquals(List.of(6f), submit(engine, List.of("second"), Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS)
          .stream().map(e -> e.vector()[0]).toList(), "the only runner died, and a new one serves");
      assertEquals(1, engine.stats().runnerRestarts());
      assertTrue(engine.health().up());
    }
  }

  @Test
  void aModelThatCanNeverRunTurnsTheEngineDown() throws Exception {
    CountingEncoder model = new CountingEncoder();
    model.release.countDown();
    model.failure = texts -> new IllegalStateException("the ONNX session is gone");
    try (EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults())) {
      assertTrue(engine.health().up());
      for (int i = 0; i < EmbeddingEngine.DOWN_AFTER_FAILED_CALLS; i++) {
        CompletableFuture<List<EmbeddingEngine.Embedded>> f = submit(engine, List.of("t" + i), Duration.ofSeconds(5));
        assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
      }
      EngineHealth health = engine.health();
      assertFalse(health.up());
      assertTrue(health.reason().contains("the ONNX session is gone"), health.reason());

      model.failure = texts -> null;
      submit(engine, List.of("back"), Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
      assertTrue(engine.health().up(), "one successful call brings it back");
    }
  }

  /**
   * 1024 texts of 6 to 220 tokens, arriving in flushes of 64 as several stream tasks send them,
   * queue up while the model holds a first call; then the calls made from that deep queue.
   */
  private static CountingEncoder deepQueue(EmbeddingEngine.Settings settings) throws Exception {
    CountingEncoder model = new CountingEncoder();
    Random random = new Random(11);
    try (EmbeddingEngine engine = new EmbeddingEngine(model, settings.withQueueCapacity(4096).withMaxCallRecords(64))) {
      CompletableFuture<List<EmbeddingEngine.Embedded>> holding = submit(engine, List.of("hold"), Duration.ofSeconds(5));
      await(model.firstCallStarted);
      List<CompletableFuture<List<EmbeddingEngine.Embedded>>> flushes = new ArrayList<>();
      for (int flush = 0; flush < 16; flush++) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          texts.add(flush + ":" + i + ":" + "w".repeat(6 + random.nextInt(215)));
        }
        flushes.add(submit(engine, texts, Duration.ofSeconds(5)));
      }
      model.release.countDown();
      holding.get(30, TimeUnit.SECONDS);
      for (CompletableFuture<List<EmbeddingEngine.Embedded>> f : flushes) {
        assertEquals(64, f.get(30, TimeUnit.SECONDS).size());
      }
    }
    model.callSizes.remove(0);
    model.callPadded.remove(0);
    model.callReal.remove(0);
    return model;
  }

  @Test
  void aDeepQueueOfMixedLengthsGivesFullCallsWithLittlePadding() throws Exception {
    CountingEncoder model = deepQueue(EmbeddingEngine.Settings.defaults().withMaxCallPaddingShare(1.0));
    assertEquals(Collections.nCopies(16, 64), model.callSizes, "every call after the held one is full");
    long real = model.callReal.stream().mapToLong(Long::longValue).sum();
    long padded = model.callPadded.stream().mapToLong(Integer::longValue).sum();
    assertTrue(1.0 - (double) real / padded <= 0.15, "padding share " + (1.0 - (double) real / padded));
  }

  @Test
  void withTheCpuPaddingBoundADeepQueueStillGivesLargeCallsAndNoCallPassesTheBound() throws Exception {
    CountingEncoder model = deepQueue(EmbeddingEngine.Settings.defaults());
    double mean = model.callSizes.stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertTrue(mean >= 48, "mean call size " + mean + " of " + model.callSizes);
    for (int c = 0; c < model.callSizes.size(); c++) {
      double share = 1.0 - (double) model.callReal.get(c) / model.callPadded.get(c);
      assertTrue(share <= 0.15 + 1e-9, "call " + c + " carries " + share + " padding");
    }
  }

  @Test
  void closeReturnsWithinItsLimitWhileAModelCallHangs() throws Exception {
    CountingEncoder model = new CountingEncoder();
    model.holdEveryCall = true;
    EmbeddingEngine engine = new EmbeddingEngine(model, EmbeddingEngine.Settings.defaults().withCloseTimeout(Duration.ofMillis(200)));
    try {
      CompletableFuture<List<EmbeddingEngine.Embedded>> hung = submit(engine, List.of("hung"), Duration.ofSeconds(5));
      await(model.firstCallStarted);
      CompletableFuture<List<EmbeddingEngine.Embedded>> queued = submit(engine, List.of("queued"), Duration.ofSeconds(5));
      // The limit is 200 ms; the bound checked here is generous, only that close() does not hang with the call.
      assertTimeoutPreemptively(Duration.ofSeconds(60), engine::close);
      ExecutionException e = assertThrows(ExecutionException.class, () -> hung.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("still ran"), e.getCause().getMessage());
      assertThrows(ExecutionException.class, () -> queued.get(30, TimeUnit.SECONDS));
      assertFalse(model.runs.containsKey("queued"));
    } finally {
      model.release.countDown();
    }
  }
}
