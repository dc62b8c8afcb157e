package io.textenrich.topology.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThroughputWindowTest {

  @Test
  void sketchPercentilesAreWithinTheirRelativeError() {
    LatencySketch sketch = new LatencySketch();
    for (int i = 1; i <= 1000; i++) {
      sketch.add(i);
    }
    assertEquals(500, sketch.quantile(0.5), 500 * 0.03);
    assertEquals(990, sketch.quantile(0.99), 990 * 0.03);
    assertEquals(0, new LatencySketch().quantile(0.5));
  }

  @Test
  void mergingTwoSketchesEqualsOneSketchOfAllValues() {
    Random random = new Random(3);
    LatencySketch a = new LatencySketch();
    LatencySketch b = new LatencySketch();
    LatencySketch all = new LatencySketch();
    for (int i = 0; i < 5000; i++) {
      double v = random.nextDouble() * 200;
      (i % 2 == 0 ? a : b).add(v);
      all.add(v);
    }
    a.merge(b);
    for (double q : new double[] {0.1, 0.5, 0.95, 0.99}) {
      assertEquals(all.quantile(q), a.quantile(q));
    }
  }

  @Test
  void windowsMergeExactlyAndSurviveTheirByteForm() {
    ThroughputWindow a = new ThroughputWindow();
    a.add(10, 12, 2, 5, 30, 40);
    a.add(12, 12, 2, 5, 30, 41);
    ThroughputWindow b = new ThroughputWindow();
    b.add(7, 7, 1, 0, 9, 12);

    ThroughputWindow merged = ThroughputWindow.fromBytes(a.toBytes());
    merged.merge(ThroughputWindow.fromBytes(b.toBytes()));

    assertEquals(3, merged.records);
    assertEquals(29, merged.realTokens);
    assertEquals(31, merged.paddedTokens);
    assertEquals(2.0, merged.batches, 1e-9, "a call of two counts once, a call of one once");
    assertEquals(1 - 29.0 / 31, merged.paddingShare(), 1e-9);
    assertEquals(3, merged.latencyMs.count());
  }
}
