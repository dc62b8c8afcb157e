package io.textenrich.topology.stage.completion;

import io.textenrich.model.Admission;
import io.textenrich.model.Classification;
import io.textenrich.model.EngineHealth;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.generate.Completion;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.model.generate.EngineSettings;
import io.textenrich.model.generate.EngineStats;
import io.textenrich.model.generate.GenerationEngine;
import io.textenrich.model.generate.GenerationRequest;
import io.textenrich.schemas.TextEvent;
import io.textenrich.topology.config.CompletionRule;
import io.textenrich.topology.config.CompletionSettings;
import io.textenrich.topology.config.PromptTemplate;
import io.textenrich.topology.stage.Backend;
import io.textenrich.topology.stage.FailureIsolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated completions for the events the configuration selects: the completion stage's
 * backend, on the generation engine. One decoder and one
 * continuous-batching engine per JVM, shared by every task and stream thread: the prompts of every
 * task decode together, and a finished sequence makes room at once for a waiting one.
 */
public final class CompletionStage implements CompletionBackend {

  private static final Logger LOG = LoggerFactory.getLogger(CompletionStage.class);

  private final CompletionSettings settings;
  private final CompletionRule rule;
  private final PromptTemplate prompt;
  private final DecoderModel model;
  private final GenerationEngine engine;
  private final Generation generation = new Generation();

  private CompletionStage(CompletionSettings settings, DecoderModel model, GenerationEngine engine) {
    this.settings = settings;
    this.rule = settings.mode() == CompletionSettings.Mode.RULE ? CompletionRule.parse(settings.rule()) : null;
    this.prompt = new PromptTemplate(settings.prompt());
    this.model = model;
    this.engine = engine;
  }

  /**
   * @param maxWaiting prompts that may wait for a sequence slot
   * @param encoderBusy whether the encoder has work: generation steps yield to it, so moderation
   *     verdicts never wait behind completions for the CPU
   */
  public static CompletionStage open(CompletionSettings settings, SessionSettings session, int maxWaiting,
      BooleanSupplier encoderBusy) {
    return open(settings, () -> DecoderModel.open(settings.model(), session), maxWaiting, encoderBusy);
  }

  /** @param decoder the decoder {@code settings} name, asked for only when completions are on; the stage owns it */
  public static CompletionStage open(CompletionSettings settings, Supplier<DecoderModel> decoder, int maxWaiting,
      BooleanSupplier encoderBusy) {
    if (!settings.enabled()) {
      return new CompletionStage(settings, null, null);
    }
    if (settings.mode() == CompletionSettings.Mode.RULE) {
      CompletionRule.parse(settings.rule());
    }
    DecoderModel model = decoder.get();
    try {
      GenerationEngine engine = GenerationEngine.start(model,
          EngineSettings.defaults().withMaxSequences(settings.maxSequences()).withMaxCacheTokens(settings.maxCacheTokens())
              .withPrefillChunkTokens(settings.prefillChunkTokens()).withMaxQueued(maxWaiting), encoderBusy);
      LOG.info("Completions by {} for {} events, up to {} new tokens", model.name(),
          settings.mode() == CompletionSettings.Mode.ALL ? "all" : "events matching '" + settings.rule() + "'",
          settings.maxNewTokens());
      return new CompletionStage(settings, model, engine);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public boolean enabled() {
    return engine != null;
  }

  @Override
  public boolean selects(TextEvent event, Map<String, Classification> labels, List<String> flags) {
    return engine != null && (rule == null || rule.matches(event, labels, flags));
  }

  /**
   * Starts completions if the engine has room for every one of them now; never waits. A step that
   * fails fails every sequence in it, so an event whose generation failed runs once more alone
   * ({@link FailureIsolation}) before its failure counts as its own. The seed comes from the event
   * id, so a resubmission after a crash gives the same text. Cancelling the future stops the
   * generation.
   *
   * @return accepted with one outcome per prompt, in order; full when the engine is
   * @throws IllegalArgumentException when a prompt cannot be generated from: that event's own failure
   */
  @Override
  public Admission<List<FailureIsolation.Outcome<Completion>>> submit(List<Prompt> prompts) {
    return FailureIsolation.offer(generation, prompts, ForkJoinPool.commonPool());
  }

  /** The shared generation engine as a backend: its steps hold every task's sequences. */
  private final class Generation implements Backend<Prompt, Completion> {

    @Override
    public Admission<List<Completion>> offer(List<Prompt> prompts) {
      List<CompletableFuture<Completion>> started = new ArrayList<>(prompts.size());
      for (Prompt prompt : prompts) {
        Admission<Completion> admission = engine.offer(request(prompt), prompt.onToken(), false);
        if (admission instanceof Admission.Full<Completion> full) {
          started.forEach(f -> f.cancel(true));
          return Admission.full(full.reason());
        }
        started.add(((Admission.Accepted<Completion>) admission).result());
      }
      return Admission.accepted(CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
          .thenApply(done -> started.stream().map(CompletableFuture::join).toList()));
    }

    @Override
    public boolean sharesCalls() {
      return true;
    }

    @Override
    public Admission<Completion> offerAlone(Prompt prompt) {
      prompt.firstTokenNanos().set(0);
      return engine.offer(request(prompt), prompt.onToken(), true);
    }
  }

  private GenerationRequest request(Prompt p) {
    GenerationRequest request = GenerationRequest.of(prompt.render(p.event(), p.labels(), p.flags()))
        .withMaxNewTokens(settings.maxNewTokens())
        .withMinNewTokens(settings.minNewTokens())
        .withStop(settings.stop())
        .withSeed(seedOf(p.event().getId()));
    if (settings.temperature() == null) {
      return request;
    }
    return settings.temperature() > 0 ? request.withTemperature(settings.temperature()) : request.greedy();
  }

  /** The same event gets the same completion, also when it is processed again after a crash. */
  private static long seedOf(String id) {
    CRC32 crc = new CRC32();
    crc.update(id.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  @Override
  public int maxSequences() {
    return settings.maxSequences();
  }

  @Override
  public String modelName() {
    return model.name();
  }

  @Override
  public int inFlight() {
    return engine == null ? 0 : engine.inFlight();
  }

  /** The generation engine's figures; null when completions are off. */
  public EngineStats stats() {
    return engine == null ? null : engine.stats();
  }

  public EngineHealth health() {
    return engine == null ? EngineHealth.UP : engine.health();
  }

  @Override
  public long timeoutMs() {
    return settings.timeoutMs();
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
      if (engine.stopped()) {
        model.close();
      } else {
        LOG.warn("A generation step of {} still runs after the close timeout; its model stays open until the process"
            + " exits, since closing it under a running step would crash the process", model.name());
      }
    }
  }
}
