package io.textenrich.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The call size that pays on the device the engine runs on, measured rather than assumed, in padded
 * tokens per call (texts times the longest). Whether a larger call is cheaper per token depends on
 * the device and on the texts: a GPU keeps getting cheaper up to full calls; a CPU gains while a call
 * grows to a few hundred tokens and loses beyond, so there long texts run best one or two per call
 * and short ones a dozen or more. A limit in texts per call suits one text length only (measured on
 * a 2-core CPU: one text per call was the fastest on texts of 109 tokens and 29% slower than sixteen
 * on texts of 17), a limit in tokens suits both (256 to 512 padded tokens came within 3% of the best
 * on each). So the controller keeps the cost per real token of model calls by size class (calls of
 * up to 16, 32, 64, ... padded tokens), fed by a short calibration at start and by every live call,
 * and {@link #limit()} answers the size class with the lowest cost.
 *
 * <p>Costs are per real token, so padding counts against the size that causes it. A larger class is
 * chosen only when it saves at least {@value #MIN_GAIN_PERCENT}% per token over a smaller one: near
 * a tie the smaller call wins, since it answers sooner. To stay right while running (other load on
 * the machine, other text lengths), every {@link #PROBE_EVERY} calls one call is allowed a
 * neighbouring size class, alternately the larger and the smaller, so both neighbours' costs stay
 * current.
 *
 * <p>The calibration's costs (and those a restart restores) are a prior: they come from other texts
 * than the traffic's (one short text repeated) or from another run. So a size class's first live
 * call replaces its prior outright, and during the first {@value #EARLY_CALLS} calls a neighbour is
 * tried every {@value #EARLY_PROBE_EVERY} calls: the choice reaches the traffic's best size within a
 * few dozen calls instead of hundreds. A probe that moved the choice is followed by one a step further
 * the same way, so the choice walks down the cost curve instead of stepping back and forth.
 *
 * <p>Thread-safe; cheap enough to be asked before every call.
 */
public final class CallSizeController {

  /** Calls at the chosen size between two calls at a neighbouring size. */
  static final int PROBE_EVERY = 32;
  /** The first calls, while the live costs replace the prior ones, probe more often. */
  static final int EARLY_CALLS = 64;
  static final int EARLY_PROBE_EVERY = 2;
  static final int MIN_GAIN_PERCENT = 5;
  /**
   * A live call counts at most this many times its size class's running cost: one call stalled by a
   * garbage collection or a busy core moves the running cost by a quarter at most, so the choice
   * returns within a few probes instead of hundreds of calls.
   */
  static final double STALL_CAP = 2.0;
  /** Weight of a new observation in a size class's running cost. */
  private static final double SMOOTHING = 0.25;
  /** The smallest size class's limit in padded tokens: a call under it holds one short text whatever the limit. */
  static final int SMALLEST_CLASS_TOKENS = 16;

  private final int maxCallTokens;
  /** Running cost in nanoseconds per real token, by size class (calls within {@link #limitOf} it and above the class below); NaN unmeasured. */
  private final double[] costPerToken;
  /** Whether a size class's cost comes from live calls of this run, not from the calibration or a restart. */
  private final boolean[] live;
  private long calls;
  private int chosen;
  private int callsSinceProbe;
  private boolean lastProbeLarger;
  /** The choice when the last probe was made; -1 before the first. */
  private int chosenAtLastProbe = -1;

  /** @param maxCallTokens the most padded tokens a call may hold (configured or the device's cap) */
  public CallSizeController(int maxCallTokens) {
    if (maxCallTokens < 1) {
      throw new IllegalArgumentException("max padded tokens per call must be >= 1, got " + maxCallTokens);
    }
    this.maxCallTokens = maxCallTokens;
    int classes = 1;
    while (((long) SMALLEST_CLASS_TOKENS << (classes - 1)) < maxCallTokens) {
      classes++;
    }
    this.costPerToken = new double[classes];
    this.live = new boolean[classes];
    Arrays.fill(costPerToken, Double.NaN);
  }

  /** The most padded tokens (texts times the longest) the next call may hold. */
  public synchronized int limit() {
    int probeEvery = calls++ < EARLY_CALLS ? EARLY_PROBE_EVERY : PROBE_EVERY;
    if (++callsSinceProbe < probeEvery) {
      return limitOf(chosen);
    }
    callsSinceProbe = 0;
    if (costPerToken.length == 1) {
      return limitOf(chosen);
    }
    // A probe that moved the choice points the way down the cost curve: the next one goes a step further that way.
    // Otherwise probes alternate, so both neighbours stay measured.
    boolean larger = chosenAtLastProbe >= 0 && chosen != chosenAtLastProbe ? chosen > chosenAtLastProbe : !lastProbeLarger;
    if (chosen == 0 || chosen == costPerToken.length - 1) {
      larger = chosen == 0;
    }
    lastProbeLarger = larger;
    chosenAtLastProbe = chosen;
    return limitOf(larger ? chosen + 1 : chosen - 1);
  }

  /** The limit in padded tokens the controller settled on, without counting a call (for logs and figures). */
  public synchronized int settled() {
    return limitOf(chosen);
  }

  /**
   * One calibration call: its cost is kept until the first live call of its size class.
   *
   * @param paddedTokens the call's texts times its longest
   * @param realTokens their tokens together, padding not counted
   * @param nanos how long the call took
   */
  public synchronized void calibrated(long paddedTokens, long realTokens, long nanos) {
    if (paddedTokens < 1 || realTokens < 1 || nanos <= 0) {
      return;
    }
    costPerToken[classOf(paddedTokens)] = (double) nanos / realTokens;
    choose();
  }

  /**
   * One finished live model call.
   *
   * @param paddedTokens the call's texts times its longest
   * @param realTokens their tokens together, padding not counted
   * @param nanos how long the call took
   */
  public synchronized void observe(long paddedTokens, long realTokens, long nanos) {
    if (paddedTokens < 1 || realTokens < 1 || nanos <= 0) {
      return;
    }
    int c = classOf(paddedTokens);
    double cost = (double) nanos / realTokens;
    costPerToken[c] = live[c] ? (1 - SMOOTHING) * costPerToken[c] + SMOOTHING * Math.min(cost, STALL_CAP * costPerToken[c])
        : cost;
    live[c] = true;
    choose();
  }

  /** The cheapest measured class; a larger one must beat every smaller one by the minimum gain. */
  private void choose() {
    int best = -1;
    for (int c = 0; c < costPerToken.length; c++) {
      if (Double.isNaN(costPerToken[c])) {
        continue;
      }
      if (best < 0 || costPerToken[c] * (100 + MIN_GAIN_PERCENT) < costPerToken[best] * 100) {
        best = c;
      }
    }
    if (best >= 0) {
      chosen = best;
    }
  }

  /**
   * The running costs as one line, {@code limit:nanosPerToken} by measured size class, comma-separated:
   * what {@link #restore} starts from in the next run.
   */
  public synchronized String save() {
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < costPerToken.length; c++) {
      if (!Double.isNaN(costPerToken[c])) {
        out.append(out.length() == 0 ? "" : ",").append(limitOf(c)).append(':')
            .append(String.format(Locale.ROOT, "%.1f", costPerToken[c]));
      }
    }
    return out.toString();
  }

  /**
   * A controller that starts from the costs an earlier run saved ({@link #save}) instead of a
   * calibration; empty when the line is not one this maximum can take.
   */
  public static Optional<CallSizeController> restore(String line, int maxCallTokens) {
    CallSizeController controller = new CallSizeController(maxCallTokens);
    try {
      for (String part : line.trim().split(",")) {
        String[] limitAndCost = part.split(":");
        int limit = Integer.parseInt(limitAndCost[0].trim());
        double cost = Double.parseDouble(limitAndCost[1].trim());
        int c = controller.classOf(limit);
        if (limitAndCost.length != 2 || limit < 1 || controller.limitOf(c) != limit || !(cost > 0)) {
          return Optional.empty();
        }
        controller.costPerToken[c] = cost;
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    controller.choose();
    return Optional.of(controller);
  }

  /** One line per size class: its cost per token and the choice, for the start-up log. */
  public synchronized String describe() {
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < costPerToken.length; c++) {
      if (Double.isNaN(costPerToken[c])) {
        continue;
      }
      out.append(out.length() == 0 ? "" : ", ").append(limitOf(c)).append(": ")
          .append(String.format(Locale.ROOT, "%.1f us/token", costPerToken[c] / 1000));
    }
    return "cost per token by padded tokens per call {" + out + "} -> calls of up to " + limitOf(chosen) + " padded tokens";
  }

  /** The most padded tokens of a class's calls; the last class reaches the maximum. */
  private int limitOf(int sizeClass) {
    return sizeClass == costPerToken.length - 1 ? maxCallTokens : SMALLEST_CLASS_TOKENS << sizeClass;
  }

  /** The smallest class whose limit a call of {@code paddedTokens} keeps within; larger calls count in the last. */
  private int classOf(long paddedTokens) {
    int c = 0;
    while (c < costPerToken.length - 1 && paddedTokens > limitOf(c)) {
      c++;
    }
    return c;
  }
}
