package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The controller against made-up devices: a cost per token for each call's padded tokens, no clock. */
class CallSizeControllerTest {

  private static final int MAX_TOKENS = 16384;

  /** A CPU on which every token added to a call costs a little more per token. */
  private static final IntToDoubleFunction CPU_SMALLEST_BEST = p -> 100 + 0.2 * p;
  /** A GPU: a call's fixed cost spreads over its tokens, so the fuller the cheaper. */
  private static final IntToDoubleFunction GPU = p -> 10 + 40_000.0 / p;
  /** A CPU that is cheapest at calls of about 256 padded tokens. */
  private static final IntToDoubleFunction CPU_PEAK_AT_256 = p -> 100 + 12_800.0 / p + 0.2 * p;

  /** Calibration calls at every class's limit, padding none. */
  private static void calibrate(CallSizeController controller, IntToDoubleFunction costPerToken) {
    for (int p = CallSizeController.SMALLEST_CLASS_TOKENS; ; p *= 2) {
      int tokens = Math.min(p, MAX_TOKENS);
      controller.calibrated(tokens, tokens, Math.round(costPerToken.applyAsDouble(tokens) * tokens));
      if (tokens == MAX_TOKENS) {
        return;
      }
    }
  }

  private static void call(CallSizeController controller, int paddedTokens, IntToDoubleFunction costPerToken) {
    controller.observe(paddedTokens, paddedTokens, Math.round(costPerToken.applyAsDouble(paddedTokens) * paddedTokens));
  }

  /** Runs calls cut from a queue that always holds more than a call: each call is as large as the limit allows. */
  private static void runLive(CallSizeController controller, IntToDoubleFunction costPerToken, int calls) {
    for (int i = 0; i < calls; i++) {
      call(controller, controller.limit(), costPerToken);
    }
  }

  @Test
  void savedCostsRestoreTheSameChoiceAndALineThatDoesNotFitIsRefused() {
    CallSizeController measured = new CallSizeController(MAX_TOKENS);
    calibrate(measured, CPU_PEAK_AT_256);
    CallSizeController restored = CallSizeController.restore(measured.save(), MAX_TOKENS).orElseThrow();
    assertEquals(256, restored.settled());
    assertEquals(measured.describe(), restored.describe());

    assertTrue(CallSizeController.restore(measured.save(), 1024).isEmpty(), "a class above this maximum");
    assertTrue(CallSizeController.restore("100:100.0", MAX_TOKENS).isEmpty(), "not a class's limit");
    assertTrue(CallSizeController.restore("1:107.0,2:60.9,4:49.9", MAX_TOKENS).isEmpty(), "texts per call, as saved before");
    assertTrue(CallSizeController.restore("16:-5", MAX_TOKENS).isEmpty());
    assertTrue(CallSizeController.restore("garbage", MAX_TOKENS).isEmpty());
  }

  @Test
  void classesDoubleFromSixteenPaddedTokensAndTheLastEndsAtTheMaximum() {
    CallSizeController controller = new CallSizeController(1000);
    for (int p : new int[] {1, 16, 17, 500, 513, 1000, 5000}) {
      controller.calibrated(p, p, 100L * p);
    }
    assertEquals("16:100.0,32:100.0,512:100.0,1000:100.0", controller.save(),
        "1 and 16 in the first class, 17 in the second, 500 up to 512, the rest in the last");
    assertEquals(8, new CallSizeController(8).settled(), "a maximum below the smallest class is the only class");
  }

  @Test
  void whereLargerCallsCostMorePerTokenItSettlesOnTheSmallestClass() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    calibrate(controller, CPU_SMALLEST_BEST);
    assertEquals(16, controller.settled(), controller.describe());
  }

  @Test
  void onAGpuFullCallsPay() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    calibrate(controller, GPU);
    assertEquals(MAX_TOKENS, controller.settled(), controller.describe());
    runLive(controller, GPU, 500);
    assertEquals(MAX_TOKENS, controller.settled(), "probing a smaller size does not move it off full calls");
  }

  @Test
  void itFindsAPeakInTheMiddle() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    calibrate(controller, CPU_PEAK_AT_256);
    assertEquals(256, controller.settled(), controller.describe());
  }

  @Test
  void aLargerCallMustSaveMoreThanTheMinimumGain() {
    CallSizeController controller = new CallSizeController(64);
    // Calls of 64 tokens save 3% per token over 16: not enough to pay for the later answer.
    calibrate(controller, p -> p >= 64 ? 97 : 100);
    assertEquals(16, controller.settled(), controller.describe());
  }

  @Test
  void whileRunningItFollowsTheDeviceWhenLargerCallsStartToPay() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    calibrate(controller, CPU_SMALLEST_BEST);
    assertEquals(16, controller.settled());
    // The machine changes under it (another tenant left, a different text mix): now calls of 32 tokens are cheapest.
    IntToDoubleFunction changed = p -> p <= 16 ? 300 : p <= 32 ? 150 : 150 + 0.5 * p;
    runLive(controller, changed, 20 * CallSizeController.PROBE_EVERY);
    assertEquals(32, controller.settled(), controller.describe());
  }

  @Test
  void aCalibrationOnOtherTextsIsCorrectedWithinTheFirstCalls() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    // The calibration's short text peaks at 256 tokens a call; the traffic is cheapest in the smallest calls.
    calibrate(controller, CPU_PEAK_AT_256);
    assertEquals(256, controller.settled());
    runLive(controller, CPU_SMALLEST_BEST, 10 * CallSizeController.EARLY_PROBE_EVERY);
    assertEquals(16, controller.settled(), controller.describe());
  }

  @Test
  void aRestartStartsFromTheSavedChoiceAndReplacesItsCostsWithLiveOnes() {
    CallSizeController last = new CallSizeController(MAX_TOKENS);
    calibrate(last, CPU_PEAK_AT_256);
    CallSizeController restarted = CallSizeController.restore(last.save(), MAX_TOKENS).orElseThrow();
    assertEquals(256, restarted.limit(), "the first call runs at the last run's choice");
    // As quickly as after a calibration: the restored costs are replaced, not smoothed into.
    runLive(restarted, CPU_SMALLEST_BEST, 10 * CallSizeController.EARLY_PROBE_EVERY);
    assertEquals(16, restarted.settled(), restarted.describe());
  }

  @Test
  void mostCallsRunAtTheSettledSizeAndFewProbeANeighbour() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    calibrate(controller, CPU_PEAK_AT_256);
    runLive(controller, CPU_PEAK_AT_256, CallSizeController.EARLY_CALLS);
    int atSettled = 0;
    int calls = 10 * CallSizeController.PROBE_EVERY;
    for (int i = 0; i < calls; i++) {
      int limit = controller.limit();
      assertTrue(limit == 128 || limit == 256 || limit == 512, "only the settled size and its neighbours, got " + limit);
      atSettled += limit == 256 ? 1 : 0;
      call(controller, limit, CPU_PEAK_AT_256);
    }
    assertEquals(calls - 10, atSettled);
  }

  @Test
  void oneStalledCallMovesTheChoiceForAFewProbesOnly() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    calibrate(controller, CPU_PEAK_AT_256);
    runLive(controller, CPU_PEAK_AT_256, CallSizeController.EARLY_CALLS);
    assertEquals(256, controller.settled());
    controller.observe(256, 256, Math.round(100 * CPU_PEAK_AT_256.applyAsDouble(256) * 256));
    // Uncapped, the stall would keep calls off 256 tokens for over a thousand calls.
    runLive(controller, CPU_PEAK_AT_256, 12 * CallSizeController.PROBE_EVERY);
    assertEquals(256, controller.settled(), controller.describe());
  }

  @Test
  void callsFromAShallowQueueTeachTheirOwnSize() {
    CallSizeController controller = new CallSizeController(MAX_TOKENS);
    calibrate(controller, GPU);
    // Live calls of one short text, slower than calibration found: the choice of full calls stands.
    for (int i = 0; i < 100; i++) {
      controller.observe(20, 20, Math.round(3 * GPU.applyAsDouble(20) * 20));
    }
    assertEquals(MAX_TOKENS, controller.settled());
  }
}
