package io.textenrich.topology.throughput;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link ThroughputReport}, as {@code GET /throughput} answers. */
public final class ThroughputJson {

  private ThroughputJson() {}

  public static ObjectNode toJson(ThroughputReport report) {
    ObjectNode root = ThroughputQuery.JSON.createObjectNode();
    root.put("window", report.resolution());
    root.put("instances", report.instances());
    ArrayNode totals = root.putArray("totals");
    report.totals().forEach(row -> totals.add(row(row)));
    ArrayNode windows = root.putArray("windows");
    report.windows().forEach(row -> windows.add(row(row)));
    return root;
  }

  private static ObjectNode row(ThroughputReport.Row row) {
    ObjectNode node = ThroughputQuery.JSON.createObjectNode();
    node.put("stage", row.stage());
    node.put("model", row.model());
    node.put("start", row.start().toString());
    node.put("seconds", row.seconds());
    node.put("records", row.records());
    node.put("records_per_s", round(row.recordsPerSecond()));
    node.put("tokens", row.realTokens());
    node.put("padded_tokens", row.paddedTokens());
    node.put("padding_share", round(row.paddingShare()));
    node.put("batches", round(row.batches()));
    // Call sizes are whole numbers; the sketch's quantiles come back within a few percent, so they are rounded.
    node.putObject("batch_size").put("p50", Math.round(row.batchSizeP50())).put("mean", Math.round(row.batchSizeMean() * 10) / 10.0)
        .put("max", Math.round(row.batchSizeMax()));
    node.putObject("queue_wait_ms").put("p50", round(row.queueWaitP50Ms())).put("p99", round(row.queueWaitP99Ms()));
    node.putObject("inference_ms").put("p50", round(row.inferenceP50Ms())).put("p99", round(row.inferenceP99Ms()));
    node.putObject("latency_ms").put("p50", round(row.latencyP50Ms())).put("p95", round(row.latencyP95Ms()))
        .put("p99", round(row.latencyP99Ms()));
    if (row.generation() != null) {
      node.putObject("time_to_first_token_ms").put("p50", round(row.generation().timeToFirstTokenP50Ms()))
          .put("p99", round(row.generation().timeToFirstTokenP99Ms()));
      node.putObject("per_token_ms").put("p50", round(row.generation().perTokenP50Ms()))
          .put("p99", round(row.generation().perTokenP99Ms()));
    }
    return node;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
