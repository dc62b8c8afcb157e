package io.textenrich.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The call size that pays on the device the engine runs on, measured rather than assumed. Whether a
 * larger call is cheaper per text depends on the device: many CPUs run one or two texts per call
 * fastest and pay more per text in every larger call, another CPU peaks at four to eight, a GPU
 * keeps getting cheaper per text up to full calls. So the controller keeps the cost per token of
 * model calls by size class (1, 2, 4, 8, ... texts), fed by a short calibration at start and by
 * every live call, and {@link #limit()} answers the size class with the lowest cost.
 *
 * <p>Costs are per real token, so calls of short and long texts compare, and padding counts
 * against the size that causes it. A larger class is chosen only when it saves at least
 * {@value #MIN_GAIN_PERCENT}% per token over a smaller one: near a tie the smaller call wins, since
 * it answers sooner. To stay right while running (other load on the machine, other text lengths),
 * every {@link #PROBE_EVERY} calls one call is allowed a neighbouring size class, alternately the
 * larger and the smaller, so both neighbours' costs stay current.
 *
 * <p>The calibration's costs (and those a restart restores) are a prior: they come from other texts
 * than the traffic's (one short text repeated) or from another run, and on a CPU the best size moves
 * with the text length (long texts pay more per token in larger calls). So a size class's first live
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

  private final int maxCallSize;
  /** Running cost in nanoseconds per real token, by size class (class c holds calls of 2^c to 2^(c+1)-1 texts); NaN unmeasured. */
  private final double[] costPerToken;
  /** Whether a size class's cost comes from live calls of this run, not from the calibration or a restart. */
  private final boolean[] live;
  private long calls;
  private int chosen;
  private int callsSinceProbe;
  private boolean lastProbeLarger;
  /** The choice when the last probe was made; -1 before the first. */
  private int chosenAtLastProbe = -1;

  /** @param maxCallSize the most texts a call may hold (configured or the device's cap) */
  public CallSizeController(int maxCallSize) {
    if (maxCallSize < 1) {
      throw new IllegalArgumentException("max call size must be >= 1, got " + maxCallSize);
    }
    this.maxCallSize = maxCallSize;
    this.costPerToken = new double[sizeClass(maxCallSize) + 1];
    this.live = new boolean[costPerToken.length];
    Arrays.fill(costPerToken, Double.NaN);
  }

  /** The sizes a calibration runs, smallest first: 1, 2, 4, ... up to the maximum. */
  public int[] calibrationSizes() {
    int[] sizes = new int[costPerToken.length];
    for (int c = 0; c < sizes.length; c++) {
      sizes[c] = sizeOf(c);
    }
    return sizes;
  }

  /** The most texts the next call may hold. */
  public synchronized int limit() {
    int probeEvery = calls++ < EARLY_CALLS ? EARLY_PROBE_EVERY : PROBE_EVERY;
    if (++callsSinceProbe < probeEvery) {
      return sizeOf(chosen);
    }
    callsSinceProbe = 0;
    if (costPerToken.length == 1) {
      return sizeOf(chosen);
    }
    // A probe that moved the choice points the way down the cost curve: the next one goes a step further that way.
    // Otherwise probes alternate, so both neighbours stay measured.
    boolean larger = chosenAtLastProbe >= 0 && chosen != chosenAtLastProbe ? chosen > chosenAtLastProbe : !lastProbeLarger;
    if (chosen == 0 || chosen == costPerToken.length - 1) {
      larger = chosen == 0;
    }
    lastProbeLarger = larger;
    chosenAtLastProbe = chosen;
    return sizeOf(larger ? chosen + 1 : chosen - 1);
  }

  /** The size the controller settled on, without counting a call (for logs and figures). */
  public synchronized int settled() {
    return sizeOf(chosen);
  }

  /**
   * One calibration call: its cost is kept until the first live call of its size class.
   *
   * @param texts texts in the call
   * @param realTokens their tokens together, padding not counted
   * @param nanos how long the call took
   */
  public synchronized void calibrated(int texts, long realTokens, long nanos) {
    if (texts < 1 || realTokens < 1 || nanos <= 0) {
      return;
    }
    costPerToken[classOf(texts)] = (double) nanos / realTokens;
    choose();
  }

  /**
   * One finished live model call.
   *
   * @param texts texts in the call
   * @param realTokens their tokens together, padding not counted
   * @param nanos how long the call took
   */
  public synchronized void observe(int texts, long realTokens, long nanos) {
    if (texts < 1 || realTokens < 1 || nanos <= 0) {
      return;
    }
    int c = classOf(texts);
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
   * The running costs as one line, {@code size:nanosPerToken} by measured size class, comma-separated:
   * what {@link #restore} starts from in the next run.
   */
  public synchronized String save() {
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < costPerToken.length; c++) {
      if (!Double.isNaN(costPerToken[c])) {
        out.append(out.length() == 0 ? "" : ",").append(sizeOf(c)).append(':')
            .append(String.format(Locale.ROOT, "%.1f", costPerToken[c]));
      }
    }
    return out.toString();
  }

  /**
   * A controller that starts from the costs an earlier run saved ({@link #save}) instead of a
   * calibration; empty when the line is not one this maximum call size can take.
   */
  public static Optional<CallSizeController> restore(String line, int maxCallSize) {
    CallSizeController controller = new CallSizeController(maxCallSize);
    try {
      for (String part : line.trim().split(",")) {
        String[] sizeAndCost = part.split(":");
        int size = Integer.parseInt(sizeAndCost[0].trim());
        double cost = Double.parseDouble(sizeAndCost[1].trim());
        int c = sizeClass(size);
        if (sizeAndCost.length != 2 || size < 1 || c >= controller.costPerToken.length || controller.sizeOf(c) != size
            || !(cost > 0)) {
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
      out.append(out.length() == 0 ? "" : ", ").append(sizeOf(c)).append(": ")
          .append(String.format(Locale.ROOT, "%.1f us/token", costPerToken[c] / 1000));
    }
    return "cost per token by call size {" + out + "} -> calls of up to " + sizeOf(chosen) + " texts";
  }

  /** The most texts of a class: its lower bound, except the last class, which reaches the maximum. */
  private int sizeOf(int sizeClass) {
    return sizeClass == costPerToken.length - 1 ? maxCallSize : 1 << sizeClass;
  }

  /** The size class a call of {@code texts} counts in; calls above the last class's lower bound count in it. */
  private int classOf(int texts) {
    return Math.min(sizeClass(texts), costPerToken.length - 1);
  }

  private static int sizeClass(int texts) {
    return 31 - Integer.numberOfLeadingZeros(texts);
  }
}
