package io.textenrich.topology;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated completions for the events the configuration selects. One decoder and one
 * continuous-batching engine per JVM, shared by every stream thread: the prompts of all flushes
 * decode together, and a finished sequence makes room at once for a waiting one.
 */
final class CompletionStage implements AutoCloseable {

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

  /** @param maxWaiting prompts that may wait for a sequence slot (at least a full flush's worth) */
  static CompletionStage open(CompletionSettings settings, SessionSettings session, int maxWaiting) {
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
              .withPrefillChunkTokens(settings.prefillChunkTokens()).withMaxQueued(maxWaiting));
      LOG.info("Completions by {} for {} events, up to {} new tokens", model.name(),
          settings.mode() == CompletionSettings.Mode.ALL ? "all" : "events matching '" + settings.rule() + "'",
          settings.maxNewTokens());
      return new CompletionStage(settings, model, engine);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  boolean enabled() {
    return engine != null;
  }

  /**
   * Starts the completions of a batch; null for events the configuration does not select (or that
   * have no vector: {@code selected} false).
   */
  List<CompletableFuture<Completion>> start(List<TextEvent> events, List<Map<String, Classification>> labels,
      List<List<String>> flags, List<Boolean> selected) {
    List<CompletableFuture<Completion>> futures = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      TextEvent event = events.get(i);
      boolean wanted = engine != null && selected.get(i)
          && (rule == null || rule.matches(event, labels.get(i), flags.get(i)));
      futures.add(wanted ? engine.submit(request(event, labels.get(i), flags.get(i))) : null);
    }
    return futures;
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

  /** A completion given up for {@code reason}, named after this stage's model. */
  CompletionOutcome unfinished(String reason) {
    return CompletionOutcome.unfinished(model.name(), model.version(), reason);
  }

  /** The generation engine's figures; null when completions are off. */
  EngineStats stats() {
    return engine == null ? null : engine.stats();
  }

  EngineHealth health() {
    return engine == null ? EngineHealth.UP : engine.health();
  }

  long timeoutMs() {
    return settings.timeoutMs();
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
      model.close();
    }
  }
}
