package io.textenrich.topology.stage.completion;

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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated completions for the events the configuration selects. One decoder and one
 * continuous-batching engine per JVM, shared by every task and stream thread: the prompts of every
 * task decode together, and a finished sequence makes room at once for a waiting one.
 */
public final class CompletionStage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompletionStage.class);

  private final CompletionSettings settings;
  private final CompletionRule rule;
  private final PromptTemplate prompt;
  private final DecoderModel model;
  private final GenerationEngine engine;

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
    if (!settings.enabled()) {
      return new CompletionStage(settings, null, null);
    }
    if (settings.mode() == CompletionSettings.Mode.RULE) {
      CompletionRule.parse(settings.rule());
    }
    DecoderModel model = DecoderModel.open(settings.model(), session);
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

  public boolean enabled() {
    return engine != null;
  }

  /** Whether the configuration selects this event for a completion. */
  boolean selects(TextEvent event, Map<String, Classification> labels, List<String> flags) {
    return engine != null && (rule == null || rule.matches(event, labels, flags));
  }

  /**
   * Starts a completion; the seed comes from the event id, so a resubmission after a crash gives the
   * same text.
   *
   * @param onToken called on the engine's thread with each token as it is sampled
   * @param alone whether the generation must share no step with another (see
   *     {@link GenerationEngine#submitAlone})
   * @return fails with {@link java.util.concurrent.RejectedExecutionException} when the engine is
   *     full: not the event's fault, submit again later
   */
  CompletableFuture<Completion> submit(TextEvent event, Map<String, Classification> labels, List<String> flags,
      IntConsumer onToken, boolean alone) {
    GenerationRequest request = request(event, labels, flags);
    return alone ? engine.submitAlone(request, onToken) : engine.submit(request, onToken);
  }

  private GenerationRequest request(TextEvent event, Map<String, Classification> labels, List<String> flags) {
    GenerationRequest request = GenerationRequest.of(prompt.render(event, labels, flags))
        .withMaxNewTokens(settings.maxNewTokens())
        .withMinNewTokens(settings.minNewTokens())
        .withStop(settings.stop())
        .withSeed(seedOf(event.getId()));
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

  int maxSequences() {
    return settings.maxSequences();
  }

  String modelName() {
    return model.name();
  }

  /** Completions accepted by the shared engine and not yet finished, of every task. */
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

  long timeoutMs() {
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
