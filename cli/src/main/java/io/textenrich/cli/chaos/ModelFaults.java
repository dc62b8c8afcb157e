package io.textenrich.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.cli.chaos.EventProducer.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A model fault in one event of a batch, in each stage, must dead-letter that event only; a missing or corrupt model
 * file must stop start-up with a message naming the file and the cause.
 *
 * <p>How the faults are made, with no switch in the service: real models, given model directories whose files
 * disagree with the graph, so that ONNX Runtime itself fails on exactly the events that touch the disagreement. The
 * encoder stage runs a copy of the built-in encoder whose tokenizer knows one word more than the graph's embedding
 * table ({@value #MARKER}), so only a text with that word fails. The completion stage runs a copy of the built-in
 * decoder whose {@code config.json} claims 16 times its 128 positions, so only a prompt of over 128 tokens fails.
 */
final class ModelFaults implements Scenario {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCHES = 5;
  private static final int BATCH = 8;
  private static final String DECODER = "io/textenrich/model/generate/fortune-gpt/";
  static final String MARKER = "chaosfaultmarker";

  @Override
  public String name() {
    return "model-faults";
  }

  @Override
  public String description() {
    return "a model fault in one event per batch in each stage; a missing and a corrupt model file at start-up";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    ScenarioResult result = new ScenarioResult(name());
    Ledger ledger = new Ledger();
    Path encoderDir = encoderWithUnknownToken(lab.dir().resolve("encoder-with-a-word-too-many"));
    // The built-in heads belong to the built-in encoder, not to a copy under another name: no moderation routing here.
    ReadBack.Tally encoder = faultInBatches(lab, "model-faults-encoder", Map.of("enrich.embedding.model", encoderDir.toString(),
        "enrich.moderation.topic", ""), ledger, false, new ArrayList<>());
    Path decoder = inflatedDecoder(lab.dir().resolve("decoder-claiming-more-positions"));
    Map<String, String> completion = new HashMap<>();
    NormalTraffic.enableCompletions(completion);
    completion.put("enrich.completion.model", decoder.toString());
    Ledger completionLedger = new Ledger();
    List<String> finishReasons = new ArrayList<>();
    ReadBack.Tally completed = faultInBatches(lab, "model-faults-completion", completion, completionLedger, true, finishReasons);
    ledger.events().putAll(completionLedger.events());
    Map<String, Integer> enriched = new HashMap<>(encoder.enriched());
    enriched.putAll(completed.enriched());
    Map<String, Integer> dead = new HashMap<>(encoder.deadLettered());
    dead.putAll(completed.deadLettered());
    Map<String, String> reasons = new HashMap<>(encoder.reasons());
    reasons.putAll(completed.reasons());
    result.count(ledger, new ReadBack.Tally(enriched, dead, reasons));
    result.requireNoDuplicates();
    long collateral = finishReasons.stream().filter("error"::equals).count();
    result.figures.put("ordinary_completions_with_error", collateral);
    result.check(collateral == 0, collateral + " ordinary event(s) lost their completion to a neighbour's fault");
    result.maxHeapMib = lab.takeMaxHeapMib();

    Path missing = Files.createDirectories(lab.dir().resolve("model-without-onnx"));
    copyResource("all-minilm-l6-v2-q-tokenizer.json", missing.resolve("tokenizer.json"));
    startUpFailure(lab, result, "missing-model", missing, missing.resolve("model.onnx"));
    Path corrupt = Files.createDirectories(lab.dir().resolve("model-with-corrupt-onnx"));
    copyResource("all-minilm-l6-v2-q-tokenizer.json", corrupt.resolve("tokenizer.json"));
    Files.write(corrupt.resolve("model.onnx"), "this is not an ONNX graph".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    startUpFailure(lab, result, "corrupt-model", corrupt, corrupt.resolve("model.onnx"));
    return result;
  }

  /**
   * Sends batches of ordinary events with one faulty event in the middle (the marker word for the encoder, a long
   * prompt for the decoder), all on one partition and within one
   * flush delay, so that they share a model call.
   */
  private ReadBack.Tally faultInBatches(ChaosLab lab, String app, Map<String, String> extra, Ledger ledger, boolean complete,
      List<String> finishReasons) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of(app);
    lab.createTopics(topics, 1);
    Map<String, String> settings = lab.serviceSettings(app, topics);
    settings.putAll(extra);
    settings.put("enrich.batch.max.delay.ms", "1000");
    settings.put("enrich.batch.max.records", Integer.toString(BATCH));
    ServiceProcess service = lab.service(app, settings, Map.of(), "1g");
    lab.startAndAwait(service);
    NormalTraffic traffic = new NormalTraffic(app + "-", complete ? 1 : 0);
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      for (int b = 0; b < BATCHES; b++) {
        for (int i = 0; i < BATCH; i++) {
          if (i == BATCH / 2) {
            String id = app + "-faulty-" + b;
            String text = complete ? HostileCorpus.words(6000) : "an ordinary sentence with the word " + MARKER + " in it";
            producer.send(Event.json(id, "{\"id\":\"" + id + "\",\"text\":\"" + text + "\""
                + (complete ? ",\"attributes\":{\"complete\":\"yes\"}" : "") + "}", Ledger.Expect.DEAD_LETTERED));
          } else {
            producer.send(traffic.event(b * BATCH + i));
          }
        }
        producer.flush();
        Thread.sleep(1500);
      }
    }
    ReadBack.Tally tally = lab.awaitAccounted(ledger, topics, Duration.ofMinutes(3), lab.client(), record -> {
      if (record.getCompletion() != null && !record.getId().contains("faulty")) {
        finishReasons.add(record.getCompletion().getFinishReason());
      }
    });
    lab.killServices();
    return tally;
  }

  /** Starts the service on a broken model directory and requires a quick exit whose message names the file. */
  private static void startUpFailure(ChaosLab lab, ScenarioResult result, String name, Path modelDir, Path file) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of("model-faults-" + name);
    lab.createTopics(topics, 1);
    Map<String, String> settings = lab.serviceSettings("model-faults-" + name, topics);
    settings.put("enrich.embedding.model", modelDir.toString());
    ServiceProcess service = lab.service("model-faults-" + name, settings, Map.of(), "512m");
    long start = System.nanoTime();
    service.start();
    boolean exited = waitForExit(service, Duration.ofSeconds(90));
    double seconds = (System.nanoTime() - start) / 1e9;
    String message = BrokerOutage.lastError(service.logText());
    result.figures.put(name + "_exit", exited ? service.exitCode().orElse(-1) + " after " + Math.round(seconds) + " s" : "still running");
    result.figures.put(name + "_message", message);
    result.check(exited && service.exitCode().orElse(0) != 0, name + ": the service did not stop at start-up");
    result.check(message.contains(file.toString()), name + ": the message does not name " + file + ": " + message);
    lab.killServices(result);
  }

  private static boolean waitForExit(ServiceProcess service, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (service.alive() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return !service.alive();
  }

  /** The built-in encoder, with a tokenizer that maps {@link #MARKER} to an id past the end of the embedding table. */
  private static Path encoderWithUnknownToken(Path dir) throws IOException {
    Files.createDirectories(dir);
    copyResource("all-minilm-l6-v2-q.onnx", dir.resolve("model.onnx"));
    ObjectNode tokenizer;
    try (InputStream in = resource("all-minilm-l6-v2-q-tokenizer.json")) {
      tokenizer = (ObjectNode) JSON.readTree(in);
    }
    ObjectNode vocab = (ObjectNode) tokenizer.get("model").get("vocab");
    vocab.put(MARKER, vocab.size() + 1000);
    JSON.writeValue(dir.resolve("tokenizer.json").toFile(), tokenizer);
    return dir;
  }

  /** The built-in decoder, with a config.json that claims 16 times the positions the graph has. */
  private static Path inflatedDecoder(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String file : List.of("model.onnx", "tokenizer.json", "generation_config.json")) {
      copyResource(DECODER + file, dir.resolve(file));
    }
    ObjectNode config;
    try (InputStream in = resource(DECODER + "config.json")) {
      config = (ObjectNode) JSON.readTree(in);
    }
    int positions = config.get("n_positions").asInt();
    config.put("n_positions", positions * 16);
    config.put("n_ctx", positions * 16);
    JSON.writeValue(dir.resolve("config.json").toFile(), config);
    return dir;
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = resource(name)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = ModelFaults.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("resource " + name + " is not on the class path; the model-runtime jar ships it");
    }
    return in;
  }
}
