package io.textenrich.bench;

import io.textenrich.devkit.KafkaBroker;
import io.textenrich.model.BuiltinModel;
import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.EngineTuning;
import io.textenrich.model.ExecutionDevice;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The engine's defaults end to end, the bench's texts sent at once when each run starts: the service with
 * its {@code auto} engine settings against the old fixed ones (one model call at a time, ONNX
 * Runtime threads on all cores), alternated {@value #ROUNDS} times, medians kept. The auto runs
 * also give the mean model-call size and padding share a backlog produces with flushes of 64.
 */
final class EngineDefaultsBenchmark {

  static final int ROUNDS = 3;
  private static final String FLUSH = "64";

  private EngineDefaultsBenchmark() {}

  static void run(KafkaBroker broker, List<String> texts, String device, BenchResult result, PrintStream progress) throws Exception {
    ExecutionDevice executionDevice = ExecutionDevice.parse(device);
    int autoThreads = EngineTuning.intraOpThreads(null, EngineTuning.cudaPlanned(executionDevice));
    List<EndToEndRun.Result> auto = new ArrayList<>();
    List<EndToEndRun.Result> fixed = new ArrayList<>();
    try (SentenceEmbedder autoModel = open(executionDevice, autoThreads);
        SentenceEmbedder allCores = open(executionDevice, 0)) {
      for (int round = 1; round <= ROUNDS; round++) {
        progress.println("bench: round " + round + "/" + ROUNDS + ": end to end, engine on auto, flushes of " + FLUSH);
        auto.add(EndToEndRun.run(broker, autoModel, texts, Map.of("enrich.batch.max.records", FLUSH)));
        progress.println("bench: round " + round + "/" + ROUNDS + ": end to end, the old fixed engine (one call, all cores)");
        fixed.add(EndToEndRun.run(broker, allCores, texts, Map.of("enrich.batch.max.records", FLUSH,
            "enrich.engine.parallelism", "1", "enrich.model.intra.op.threads", "0")));
      }
    }
    EndToEndRun.Result a = median(auto);
    EndToEndRun.Result f = median(fixed);
    result.put("engine_tuning_auto", a.engineTuning());
    result.put("engine_tuning_fixed", f.engineTuning());
    result.put("mean_call_size_backlogged", a.engine().meanCallSize());
    result.put("call_size_p50_backlogged", a.engine().callSizeP50());
    result.put("call_size_max_backlogged", a.engine().callSizeMax());
    result.put("padding_share_backlogged", a.engine().paddingShare());
    result.put("e2e_auto_records_per_s", a.recordsPerSecond());
    result.put("e2e_fixed_records_per_s", f.recordsPerSecond());
    result.put("mean_call_size_fixed", f.engine().meanCallSize());
    result.put("auto_vs_fixed", a.recordsPerSecond() / f.recordsPerSecond());
  }

  private static SentenceEmbedder open(ExecutionDevice device, int intraOpThreads) {
    return SentenceEmbedder.open(EmbedderSettings.of(BuiltinModel.ALL_MINILM_L6_V2_Q.id())
        .withSession(SessionSettings.defaults().withDevice(device).withIntraOpThreads(intraOpThreads)));
  }

  private static EndToEndRun.Result median(List<EndToEndRun.Result> runs) {
    return runs.stream().sorted(Comparator.comparingDouble(EndToEndRun.Result::recordsPerSecond)).toList().get(runs.size() / 2);
  }
}
