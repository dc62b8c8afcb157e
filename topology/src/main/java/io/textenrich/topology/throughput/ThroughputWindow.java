package io.textenrich.topology.throughput;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one stage did with one model during one time window. Everything in it merges exactly, so
 * windows of several tasks or instances add up to the figures of the whole application.
 *
 * <p>{@code batches} is fractional: a model call shared by several tasks is split among them by
 * their share of its records, so the sum over tasks counts each call once. The batch-size sketch
 * is record-weighted: its median is the call size the median event was computed in.
 */
public final class ThroughputWindow {

  private static final byte FORMAT_VERSION = 2;
  /** Windows written before generation figures existed; read with empty ones. */
  private static final byte FORMAT_WITHOUT_GENERATION = 1;

  public long records;
  public long realTokens;
  public long paddedTokens;
  double batches;
  final LatencySketch batchSize;
  final LatencySketch queueWaitMs;
  final LatencySketch inferenceMs;
  public final LatencySketch latencyMs;
  /** Generation only: from entering the stage to the first generated token. */
  final LatencySketch timeToFirstTokenMs;
  /** Generation only: generation time per new token after the first. */
  final LatencySketch perTokenMs;

  public ThroughputWindow() {
    this(new LatencySketch(), new LatencySketch(), new LatencySketch(), new LatencySketch(), new LatencySketch(),
        new LatencySketch());
  }

  private ThroughputWindow(LatencySketch batchSize, LatencySketch queueWaitMs, LatencySketch inferenceMs, LatencySketch latencyMs,
      LatencySketch timeToFirstTokenMs, LatencySketch perTokenMs) {
    this.batchSize = batchSize;
    this.queueWaitMs = queueWaitMs;
    this.inferenceMs = inferenceMs;
    this.latencyMs = latencyMs;
    this.timeToFirstTokenMs = timeToFirstTokenMs;
    this.perTokenMs = perTokenMs;
  }

  /** Adds one event's figures. */
  public void add(int tokens, int paddedTokensOfEvent, int callSize, double queueMs, double inferenceMsOfCall, double latency) {
    records++;
    realTokens += tokens;
    paddedTokens += paddedTokensOfEvent;
    batches += 1.0 / callSize;
    batchSize.add(callSize);
    queueWaitMs.add(queueMs);
    inferenceMs.add(inferenceMsOfCall);
    latencyMs.add(latency);
  }

  /**
   * Adds one completion's figures: new tokens count as tokens (no padding), and the call size is the
   * number of sequences the engine was decoding.
   */
  public void addGeneration(int newTokens, int sequences, double queueMs, double timeToFirstTokenMsOfEvent,
      double generationMs, double latency) {
    add(newTokens, newTokens, sequences, queueMs, generationMs, latency);
    timeToFirstTokenMs.add(timeToFirstTokenMsOfEvent);
    perTokenMs.add(newTokens <= 1 ? generationMs : generationMs / (newTokens - 1));
  }

  public void merge(ThroughputWindow other) {
    records += other.records;
    realTokens += other.realTokens;
    paddedTokens += other.paddedTokens;
    batches += other.batches;
    batchSize.merge(other.batchSize);
    queueWaitMs.merge(other.queueWaitMs);
    inferenceMs.merge(other.inferenceMs);
    latencyMs.merge(other.latencyMs);
    timeToFirstTokenMs.merge(other.timeToFirstTokenMs);
    perTokenMs.merge(other.perTokenMs);
  }

  double paddingShare() {
    return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeLong(records);
      out.writeLong(realTokens);
      out.writeLong(paddedTokens);
      out.writeDouble(batches);
      batchSize.write(out);
      queueWaitMs.write(out);
      inferenceMs.write(out);
      latencyMs.write(out);
      timeToFirstTokenMs.write(out);
      perTokenMs.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static ThroughputWindow fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION && version != FORMAT_WITHOUT_GENERATION) {
        throw new IllegalStateException("Throughput window format " + version + " is unknown to this build (" + FORMAT_VERSION + ")");
      }
      long records = in.readLong();
      long real = in.readLong();
      long padded = in.readLong();
      double batches = in.readDouble();
      ThroughputWindow w = new ThroughputWindow(LatencySketch.read(in), LatencySketch.read(in), LatencySketch.read(in),
          LatencySketch.read(in), version == FORMAT_VERSION ? LatencySketch.read(in) : new LatencySketch(),
          version == FORMAT_VERSION ? LatencySketch.read(in) : new LatencySketch());
      w.records = records;
      w.realTokens = real;
      w.paddedTokens = padded;
      w.batches = batches;
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt throughput window", e);
    }
  }
}
