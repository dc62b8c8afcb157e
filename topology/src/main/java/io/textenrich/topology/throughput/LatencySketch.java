package io.textenrich.topology.throughput;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable histogram with log-spaced buckets: any percentile is within about 2.5% of the true
 * value, and two sketches merge by adding bucket counts, so windows from many tasks and instances
 * combine exactly. Values are non-negative (milliseconds, tokens, batch sizes).
 */
public final class LatencySketch {

  private static final double GAMMA = 1.05;
  private static final double LOG_GAMMA = Math.log(GAMMA);
  /** Values below this count as zero. */
  private static final double MIN_VALUE = 1e-3;

  private final TreeMap<Integer, Long> buckets = new TreeMap<>();
  private long zeros;
  private long count;

  public void add(double value) {
    add(value, 1);
  }

  public void add(double value, long times) {
    if (times <= 0) {
      return;
    }
    count += times;
    if (value < MIN_VALUE) {
      zeros += times;
    } else {
      buckets.merge((int) Math.ceil(Math.log(value) / LOG_GAMMA), times, Long::sum);
    }
  }

  void merge(LatencySketch other) {
    zeros += other.zeros;
    count += other.count;
    other.buckets.forEach((index, n) -> buckets.merge(index, n, Long::sum));
  }

  public long count() {
     return count;
  }

  /** The value at quantile {@code q} (0..1); 0 for an empty sketch. */
  public double quantile(double q) {
    if (count == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * count);
    long seen = zeros;
    if (rank <= seen) {
      return 0;
    }
    for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
      seen += bucket.getValue();
      if (seen >= rank) {
        // Midpoint of (gamma^(i-1), gamma^i] in log space.
        return Math.pow(GAMMA, bucket.getKey() - 0.5);
      }
    }
    return Math.pow(GAMMA, buckets.lastKey() - 0.5);
  }

  void write(DataOutputStream out) throws IOException {
    out.writeLong(zeros);
    out.writeInt(buckets.size());
    for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
      out.writeInt(bucket.getKey());
      out.writeLong(bucket.getValue());
    }
  }

  static LatencySketch read(DataInputStream in) throws IOException {
    LatencySketch sketch = new LatencySketch();
    sketch.zeros = in.readLong();
    sketch.count = sketch.zeros;
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      int index = in.readInt();
      long n = in.readLong();
      sketch.buckets.put(index, n);
      sketch.count += n;
    }
    return sketch;
  }
}
