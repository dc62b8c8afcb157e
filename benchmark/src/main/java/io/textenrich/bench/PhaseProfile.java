package io.textenrich.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of one benchmark phase (the JDK's {@code profile} settings, Java samples every
 * {@link #SAMPLE_PERIOD}) and where its thread time in Java code went: each sample of a thread running
 * Java code counts for one period, under the category of the first frame from the top of its stack that
 * belongs to a known part (Avro, Kafka Streams, pooling...). The benchmark's own output reader is left out.
 *
 * <p>Time in native code (the tokenizer's Rust core, ONNX Runtime) is not in these figures: JFR on JDK 17
 * samples one thread in native code per period, whichever it finds, most often one parked in a network
 * poll or a blocking read, so native samples do not measure a thread's time. The ceiling benchmark times
 * the tokenizer and the model call directly instead.
 */
final class PhaseProfile {

  static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);

  /** Not busy: a thread in the network poller's select loop. */
  static final String IDLE = "idle (network poll)";
  static final String OTHER = "other (JDK, logging, ...)";

  /** First matching prefix of {@code class.method}, from the top of the stack down. Order matters. */
  private static final List<Map.Entry<String, String>> RULES = List.of(
      Map.entry("sun.nio.ch.EPoll", IDLE),
      Map.entry("sun.nio.ch.Net.poll", IDLE),
      Map.entry("ai.djl.huggingface.", "tokenizer"),
      Map.entry("io.textenrich.model.BatchTokenizer.", "tokenizer"),
      Map.entry("io.textenrich.model.AsciiWordPiece.", "tokenizer"),
      Map.entry("ai.onnxruntime.", "model call (ONNX Runtime)"),
      Map.entry("io.textenrich.model.Pooling.", "pooling"),
      Map.entry("io.textenrich.model.SentenceEmbedder.pool", "pooling"),
      Map.entry("io.textenrich.topology.output.", "output record (List<Float> boxing)"),
      Map.entry("org.apache.avro.", "Avro encode/decode"),
      Map.entry("io.textenrich.schemas.", "Avro encode/decode"),
      Map.entry("com.fasterxml.jackson.", "decode (JSON)"),
      Map.entry("io.textenrich.topology.input.", "decode (JSON)"),
      Map.entry("io.textenrich.model.", "engine (queue, calls)"),
      Map.entry("io.textenrich.topology.", "service stages (buffers, batching, throughput)"),
      Map.entry("org.apache.kafka.clients.producer.", "Kafka produce"),
      Map.entry("org.apache.kafka.clients.consumer.", "Kafka consume"),
      Map.entry("org.apache.kafka.streams.", "Kafka Streams processing"),
      Map.entry("org.apache.kafka.", "Kafka client (network, records)"),
      Map.entry("io.textenrich.bench.", "the application's own code"));

  /**
   * Busy Java samples of one phase.
   *
   * @param byCategory Java samples per category, idle ones and the reader's left out
   * @param byThreadKind the same samples per kind of thread
   * @param gcCount garbage collections during the recording
   * @param gcPauseNanos their pauses, summed
   */
  record Split(Map<String, Long> byCategory, Map<String, Long> byThreadKind, long gcCount, long gcPauseNanos) {

    long busySamples() {
      return byCategory.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * A category's share of the busy samples outside {@code excluded}: the samples say how thread time
     * divides, not how much there was, since on a loaded machine the sampler itself waits for a core.
     */
    double share(String category, Set<String> excluded) {
      long counted = byCategory.entrySet().stream().filter(e -> !excluded.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
      return counted == 0 || excluded.contains(category) ? 0 : (double) byCategory.getOrDefault(category, 0L) / counted;
    }

    /** As JSON figures: the samples per category and thread kind; the GC. */
    Map<String, Object> figures(int events) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("java_samples", busySamples());
      out.put("java_samples_by_category", byCategory);
      out.put("java_samples_by_thread_kind", byThreadKind);
      out.put("gc_count", gcCount);
      out.put("gc_pause_us_per_event", gcPauseNanos / 1e3 / events);
      return out;
    }
  }

  private final Recording recording;
  private final Path file;

  private PhaseProfile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /** Starts recording; {@link #stop} writes {@code file}. */
  static PhaseProfile start(Path file) {
    try {
      Recording recording = new Recording(Configuration.getConfiguration("profile"));
      recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
      recording.setToDisk(true);
      recording.start();
      return new PhaseProfile(recording, file);
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("The JDK's JFR 'profile' settings cannot be read: " + e.getMessage(), e);
    }
  }

  /** Stops, writes the recording and splits its samples; {@code readerThread} is the benchmark's own, left out. */
  Split stop(String readerThread) {
    try {
      recording.stop();
      recording.dump(file);
      recording.close();
      return split(file, readerThread);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the profile " + file, e);
    }
  }

  static Split split(Path file, String readerThread) throws IOException {
    Map<String, Long> byCategory = new TreeMap<>();
    Map<String, Long> byThread = new TreeMap<>();
    long gcCount = 0;
    long gcPause = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      String type = event.getEventType().getName();
      if (type.equals("jdk.GarbageCollection")) {
        gcCount++;
        gcPause += event.getDuration("sumOfPauses").toNanos();
      } else if (type.equals("jdk.ExecutionSample")) {
        RecordedThread thread = event.getThread("sampledThread");
        String threadName = thread == null ? "" : String.valueOf(thread.getJavaName());
        String category = categoryOf(frames(event.getStackTrace()));
        if (!category.equals(IDLE) && !threadName.equals(readerThread)) {
          byCategory.merge(category, 1L, Long::sum);
          byThread.merge(threadKind(threadName), 1L, Long::sum);
        }
      }
    }
    return new Split(byCategory, byThread, gcCount, gcPause);
  }

  private static List<String> frames(RecordedStackTrace stack) {
    List<String> frames = new ArrayList<>();
    if (stack != null) {
      for (RecordedFrame frame : stack.getFrames()) {
        frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
      }
    }
    return frames;
  }

  /** The category of a stack given top frame first, each frame as {@code class.method}. */
  static String categoryOf(List<String> frames) {
    for (String frame : frames) {
      for (Map.Entry<String, String> rule : RULES) {
        if (frame.startsWith(rule.getKey())) {
          return rule.getValue();
        }
      }
    }
    return OTHER;
  }

  /** Stream threads, producer I/O threads, engine runners and the rest, by the names Kafka and the engine give them. */
  static String threadKind(String name) {
    // A stream thread's producer I/O thread carries the stream thread's name too: check it first.
    if (name.contains("kafka-producer-network-thread")) {
      return "producer network threads";
    }
    if (name.contains("StreamThread")) {
      return "stream threads";
    }
    if (name.startsWith("embedding-engine-")) {
      return "embedding engine";
    }
    return "other threads";
  }
}
