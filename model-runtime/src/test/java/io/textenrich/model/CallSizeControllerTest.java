package io.textenrich.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The controller against made-up devices: a cost per token for each call size, no clock. */
class CallSizeControllerTest {

  private static final int TOKENS_PER_TEXT = 20;

  /** Many CPUs: every text added to a call costs a little more per token. */
  private static final IntToDoubleFunction CPU_SINGLE_TEXT_BEST = n -> 100 + 4.0 * n;
  /** A GPU: a call's fixed cost spreads over its texts, so the fuller the cheaper. */
  private static final IntToDoubleFunction GPU = n -> 10 + 2000.0 / n;
  /** Another CPU: cheapest at eight texts per call. */
  private static final IntToDoubleFunction CPU_PEAK_AT_EIGHT = n -> 100 + 800.0 / n + 8.0 * n;

  private static void calibrate(CallSizeController controller, IntToDoubleFunction costPerToken) {
    for (int size : controller.calibrationSizes()) {
      long tokens = (long) size * TOKENS_PER_TEXT;
      controller.calibrated(size, tokens, Math.round(costPerToken.applyAsDouble(size) * tokens));
    }
  }

  private static void call(CallSizeController controller, int size, IntToDoubleFunction costPerToken) {
    long tokens = (long) size * TOKENS_PER_TEXT;
    controller.observe(size, tokens, Math.round(costPerToken.applyAsDouble(size) * tokens));
  }

  /** Runs calls cut from a queue that always holds more than a call: each call is as large as the limit allows. */
  private static void runLive(CallSizeController controller, IntToDoubleFunction costPerToken, int calls) {
    for (int i = 0; i < calls; i++) {
      call(controller, controller.limit(), costPerToken);
    }
  }

  @Test
  void savedCostsRestoreTheSameChoiceAndALineThatDoesNotFitIsRefused() {
    CallSizeController measured = new CallSizeController(64);
    calibrate(measured, CPU_PEAK_AT_EIGHT);
    CallSizeController restored = CallSizeController.restore(measured.save(), 64).orElseThrow();
    assertEquals(8, restored.settled());
    assertEquals(measured.describe(), restored.describe());

    assertTrue(CallSizeController.restore(measured.save(), 16).isEmpty(), "a class above this maximum");
    assertTrue(CallSizeController.restore("3:100.0", 64).isEmpty(), "not a class's size");
    assertTrue(CallSizeController.restore("1:-5", 64).isEmpty());
    assertTrue(CallSizeController.restore("garbage", 64).isEmpty());
  }

  @Test
  void calibrationTriesEveryPowerOfTwoUpToTheMaximum() {
    assertArrayEquals(new int[] {1, 2, 4, 8, 16, 32, 64}, new CallSizeController(64).calibrationSizes());
    assertArrayEquals(new int[] {1, 2, 4, 8, 16, 48}, new CallSizeController(48).calibrationSizes());
    assertArrayEquals(new int[] {1}, new CallSizeController(1).calibrationSizes());
  }

  @Test
  void whereLargerCallsCostMorePerTextItSettlesOnSingleTextCalls() {
    CallSizeController controller = new CallSizeController(64);
    calibrate(controller, CPU_SINGLE_TEXT_BEST);
    assertEquals(1, controller.settled(), controller.describe());
  }

  @Test
  void onAGpuFullCallsPay() {
    CallSizeController controller = new CallSizeController(256);
    calibrate(controller, GPU);
    assertEquals(256, controller.settled(), controller.describe());
    runLive(controller, GPU, 500);
    assertEquals(256, controller.settled(), "probing a smaller size does not move it off full calls");
  }

  @Test
  void itFindsAPeakInTheMiddle() {
    CallSizeController controller = new CallSizeController(64);
    calibrate(controller, CPU_PEAK_AT_EIGHT);
    assertEquals(8, controller.settled(), controller.describe());
  }

  @Test
  void aLargerCallMustSaveMoreThanTheMinimumGain() {
    CallSizeController controller = new CallSizeController(4);
    // 4 texts per call save 3% per token over 1: not enough to pay for the later answer.
    calibrate(controller, n -> n == 4 ? 97 : 100);
    assertEquals(1, controller.settled(), controller.describe());
  }

  @Test
  void whileRunningItFollowsTheDeviceWhenLargerCallsStartToPay() {
    CallSizeController controller = new CallSizeController(64);
    calibrate(controller, CPU_SINGLE_TEXT_BEST);
    assertEquals(1, controller.settled());
    // The machine changes under it (another tenant left, a different text mix): now 2 texts per call are cheapest.
    IntToDoubleFunction changed = n -> n == 1 ? 300 : n == 2 ? 150 : 150 + 10.0 * n;
    runLive(controller, changed, 20 * CallSizeController.PROBE_EVERY);
    assertEquals(2, controller.settled(), controller.describe());
  }

  @Test
  void aCalibrationOnOtherTextsIsCorrectedWithinTheFirstCalls() {
    CallSizeController controller = new CallSizeController(64);
    // The calibration's short text peaks at eight; the traffic's long texts are cheapest one per call.
    calibrate(controller, CPU_PEAK_AT_EIGHT);
    assertEquals(8, controller.settled());
    runLive(controller, CPU_SINGLE_TEXT_BEST, 8 * CallSizeController.EARLY_PROBE_EVERY);
    assertEquals(1, controller.settled(), controller.describe());
  }

  @Test
  void aRestartStartsFromTheSavedChoiceAndReplacesItsCostsWithLiveOnes() {
    CallSizeController last = new CallSizeController(64);
    calibrate(last, CPU_PEAK_AT_EIGHT);
    CallSizeController restarted = CallSizeController.restore(last.save(), 64).orElseThrow();
    assertEquals(8, restarted.limit(), "the first call runs at the last run's choice");
    // As quickly as after a calibration: the restored costs are replaced, not smoothed into.
    runLive(restarted, CPU_SINGLE_TEXT_BEST, 8 * CallSizeController.EARLY_PROBE_EVERY);
    assertEquals(1, restarted.settled(), restarted.describe());
  }

  @Test
  void mostCallsRunAtTheSettledSizeAndFewProbeANeighbour() {
    CallSizeController controller = new CallSizeController(64);
    calibrate(controller, CPU_PEAK_AT_EIGHT);
    runLive(controller, CPU_PEAK_AT_EIGHT, CallSizeController.EARLY_CALLS);
    int atSettled = 0;
    int calls = 10 * CallSizeController.PROBE_EVERY;
    for (int i = 0; i < calls; i++) {
      int limit = controller.limit();
      assertTrue(limit == 4 || limit == 8 || limit == 16, "only the settled size and its neighbours, got " + limit);
      atSettled += limit == 8 ? 1 : 0;
      call(controller, limit, CPU_PEAK_AT_EIGHT);
    }
    assertEquals(calls - 10, atSettled);
  }

  @Test
  void oneStalledCallMovesTheChoiceForAFewProbesOnly() {
    CallSizeController controller = new CallSizeController(64);
    calibrate(controller, CPU_PEAK_AT_EIGHT);
    runLive(controller, CPU_PEAK_AT_EIGHT, CallSizeController.EARLY_CALLS);
    assertEquals(8, controller.settled());
    long tokens = 8L * TOKENS_PER_TEXT;
    controller.observe(8, tokens, Math.round(100 * CPU_PEAK_AT_EIGHT.applyAsDouble(8) * tokens));
    // Uncapped, the stall would keep calls off eight texts for over a thousand calls.
    runLive(controller, CPU_PEAK_AT_EIGHT, 12 * CallSizeController.PROBE_EVERY);
    assertEquals(8, controller.settled(), controller.describe());
  }

  @Test
  void callsFromAShallowQueueTeachTheirOwnSize() {
    CallSizeController controller = new CallSizeController(64);
    calibrate(controller, GPU);
    // Live calls of one text, slower than calibration found: the choice of full calls stands.
    for (int i = 0; i < 100; i++) {
      controller.observe(1, TOKENS_PER_TEXT, Math.round(3 * GPU.applyAsDouble(1) * TOKENS_PER_TEXT));
    }
    assertEquals(64, controller.settled());
  }
}
