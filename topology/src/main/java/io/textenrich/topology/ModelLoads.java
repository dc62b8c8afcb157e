package io.textenrich.topology;

import io.textenrich.model.EmbedderSettings;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.model.generate.DecoderModel;
import io.textenrich.model.heads.HeadSet;
import io.textenrich.topology.config.ClassificationSettings;
import io.textenrich.topology.config.ServiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a configuration names, loaded at the same time, one thread each: a start (a restart after a crash
 * above all) waits for the slowest load instead of their sum. Each model is taken once by the part that owns it;
 * {@link #close()} closes those no part took, so that a start that fails half-way leaks no native session.
 */
final class ModelLoads implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoads.class);

  private final ExecutorService threads;
  private final CompletableFuture<SentenceEmbedder> serviceEncoder;
  private final Map<String, CompletableFuture<SentenceEmbedder>> languageEncoders = new LinkedHashMap<>();
  private final CompletableFuture<DecoderModel> decoder;
  private final List<CompletableFuture<? extends AutoCloseable>> untaken = new ArrayList<>();

  private ModelLoads(ServiceConfig config, SentenceEmbedder given) {
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "model-load-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    SessionSettings session = config.embedder().session();
    this.serviceEncoder = given != null ? CompletableFuture.completedFuture(given)
        : load(() -> SentenceEmbedder.open(config.embedder()));
    String serviceModel = given != null ? given.modelName() : config.embedder().model();
    for (String encoder : languageEncoders(config.classification(), serviceModel)) {
      languageEncoders.put(encoder, load(() -> openEncoder(encoder, session)));
    }
    this.decoder = config.completion().enabled()
        ? load(() -> DecoderModel.open(config.completion().model(), config.completion().session(session))) : null;
    if (given == null) {
      untaken.add(serviceEncoder);
    }
    untaken.addAll(languageEncoders.values());
    if (decoder != null) {
      untaken.add(decoder);
    }
  }

  /** Starts loading every model {@code config} names; none is waited for here. */
  static ModelLoads start(ServiceConfig config) {
    return new ModelLoads(config, null);
  }

  /** Starts loading the models {@code config} names beside an encoder the caller already loaded and keeps owning. */
  static ModelLoads startBeside(ServiceConfig config, SentenceEmbedder given) {
    return new ModelLoads(config, given);
  }

  /**
   * The encoders of the languages whose built-in heads come from another built-in encoder, when the built-in heads
   * are on ({@code auto}, the default); with heads of one's own, which may or may not be built-in, the encoder is
   * loaded when the classification stage asks for it.
   */
  private static List<String> languageEncoders(ClassificationSettings settings, String serviceModel) {
    if (!settings.autoHeads() || !HeadSet.BUILTIN_ENCODERS.contains(serviceModel)) {
      return List.of();
    }
    return settings.headsByLanguage().values().stream().filter(e -> !e.equals(serviceModel)).distinct().toList();
  }

  private static SentenceEmbedder openEncoder(String encoder, SessionSettings session) {
    return SentenceEmbedder.open(EmbedderSettings.of(encoder).withSession(session));
  }

  private <T extends AutoCloseable> CompletableFuture<T> load(Supplier<T> open) {
    return CompletableFuture.supplyAsync(open, threads);
  }

  /** The service's encoder, once loaded; the caller owns it. */
  SentenceEmbedder serviceEncoder() {
    return take(serviceEncoder);
  }

  /** The built-in encoder of that id, loaded beside the others when the configuration named it, else now. */
  SentenceEmbedder languageEncoder(String encoder, SessionSettings session) {
    CompletableFuture<SentenceEmbedder> loading = languageEncoders.get(encoder);
    return loading != null ? take(loading) : openEncoder(encoder, session);
  }

  /** The decoder of the completion stage, once loaded; only asked for when completions are on. */
  DecoderModel decoder() {
    if (decoder == null) {
      throw new IllegalStateException("completions are off: no decoder was loaded");
    }
    return take(decoder);
  }

  /** Waits until every load has ended, loaded or failed: what times model calls must not share the CPU with one. */
  void awaitAll() {
    untaken.forEach(loading -> loading.handle((model, failure) -> null).join());
  }

  private <T extends AutoCloseable> T take(CompletableFuture<T> loading) {
    T model = await(loading);
    untaken.remove(loading);
    return model;
  }

  /** The load's own failure, as the model's open would have thrown it on this thread. */
  private static <T> T await(CompletableFuture<T> loading) {
    try {
      return loading.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * Closes what the loads no part took have loaded, or will have: without waiting for them, so that a start that
   * failed on something else (a cluster it cannot reach) says so at once.
   */
  @Override
  public void close() {
    for (CompletableFuture<? extends AutoCloseable> loading : untaken) {
      loading.thenAccept(ModelLoads::closeQuietly);
    }
    untaken.clear();
    threads.shutdown();
  }

  private static void closeQuietly(AutoCloseable model) {
    try {
      model.close();
    } catch (Exception e) {
      LOG.debug("A model no part took did not close: {}", e.toString());
    }
  }
}
