package io.textenrich.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.model.EngineHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generation engine under a dying scheduler, steps that keep failing and a hung step. The
 * model is real (the tiny GPT-2 fixture); the faults come through the token listener, which runs on
 * the scheduler thread inside a step: a real model cannot be made to throw an Error or hang on demand.
 */
class GenerationEngineFaultTest {

  private static DecoderModel model;

  @BeforeAll
  static void load() {
    model = Fixtures.open(Fixtures.GPT2);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static final IntConsumer OUT_OF_MEMORY = token -> {
    throw new OutOfMemoryError("simulated: a step ran out of memory");
  };

  private static GenerationRequest request() {
    return GenerationRequest.of("It was").greedy().withMaxNewTokens(4);
  }

  @Test
  void aSchedulerKilledByAnErrorIsReplacedAndCounted() throws Exception {
    try (GenerationEngine engine = GenerationEngine.start(model, EngineSettings.defaults())) {
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> engine.submit(request(), OUT_OF_MEMORY).get(30, TimeUnit.SECONDS));
      assertInstanceOf(OutOfMemoryError.class, failed.getCause());
      assertEquals(4, engine.submit(request()).get(30, TimeUnit.SECONDS).completionTokens(), "a new scheduler serves");
      assertEquals(1, engine.stats().schedulerRestarts());
      assertEquals(0, engine.inFlight());
      assertTrue(engine.health().up());
    }
  }

  @Test
  void stepsThatKeepFailingTurnTheEngineDownUntilOneSucceeds() throws Exception {
    try (GenerationEngine engine = GenerationEngine.start(model, EngineSettings.defaults())) {
      for (int i = 0; i < GenerationEngine.DOWN_AFTER_FAILED_STEPS; i++) {
        CompletableFuture<Completion> f = engine.submit(request(), OUT_OF_MEMORY);
        assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
      }
      EngineHealth health = engine.health();
      assertFalse(health.up());
      assertTrue(health.reason().contains("simulated: a step ran out of memory"), health.reason());
      engine.submit(request()).get(30, TimeUnit.SECONDS);
      assertTrue(engine.health().up());
    }
  }

  @Test
  void closeReturnsWithinItsLimitWhileAStepHangs() throws Exception {
    CountDownLatch hanging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    GenerationEngine engine = GenerationEngine.start(model, EngineSettings.defaults().withCloseTimeout(Duration.ofMillis(100)));
    try {
      CompletableFuture<Completion> hung = engine.submit(request(), token -> {
        hanging.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(hanging.await(30, TimeUnit.SECONDS));
      CompletableFuture<Completion> waiting = engine.submit(request());
      // The limit is 100 ms plus the abort grace; the bound checked is generous: close() does not hang with the step.
      assertTimeoutPreemptively(Duration.ofSeconds(60), engine::close);
      ExecutionException e = assertThrows(ExecutionException.class, () -> hung.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("closed before this request finished"), e.getCause().getMessage());
      assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
      assertEquals(0, engine.inFlight());
    } finally {
      release.countDown();
    }
  }
}
