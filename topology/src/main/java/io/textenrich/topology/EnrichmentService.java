package io.textenrich.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textenrich.model.CallSizeFile;
import io.textenrich.model.EmbeddingEngine;
import io.textenrich.model.EngineHealth;
import io.textenrich.model.EngineTuning;
import io.textenrich.model.SentenceEmbedder;
import io.textenrich.model.SessionSettings;
import io.textenrich.schemas.registry.SchemaRegistryException;
import io.textenrich.topology.config.BatchSettings;
import io.textenrich.topology.config.ServiceConfig;
import io.textenrich.topology.config.StateStoreKind;
import io.textenrich.topology.metrics.ServiceMetrics;
import io.textenrich.topology.http.StatusServer;
import io.textenrich.topology.input.InputDecoder;
import io.textenrich.topology.input.ProcessingFailures;
import io.textenrich.topology.output.WireFormats;
import io.textenrich.topology.stage.BatchLimits;
import io.textenrich.topology.stage.BufferChangelog;
import io.textenrich.topology.stage.StageContext;
import io.textenrich.topology.stage.completion.CompletionSpec;
import io.textenrich.topology.stage.completion.CompletionStage;
import io.textenrich.topology.stage.encoder.ClassificationStage;
import io.textenrich.topology.stage.encoder.EncoderSpec;
import io.textenrich.topology.stage.encoder.EncoderStage;
import io.textenrich.topology.throughput.ThroughputQuery;
import io.textenrich.topology.throughput.ThroughputReport;
import io.textenrich.topology.throughput.ThroughputStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: the shared models and engines of its stages, one Kafka Streams client, one HTTP endpoint.
 */
public final class EnrichmentService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EnrichmentService.class);
  /** Threads that run label calls (heads, classifiers, per-language encoders) for every task. */
  private static final int LABEL_WORKERS = 2;

  private final SentenceEmbedder embedder;
  private final boolean ownsEmbedder;
  private final EngineTuning tuning;
  private final EmbeddingEngine engine;
  private final ClassificationStage classification;
  private final EncoderStage encoder;
  private final CompletionStage completion;
  private final BatchLimits limits;
  private final ServiceMetrics metrics;
  private final StatusServer http;
  private final KafkaStreams streams;
  private final ThroughputQuery query;
  private final StartupTimeline timeline;
  private final Optional<String> staticMember;
  private final InstanceLock lock;
  private final boolean leaveGroupOnStop;
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Checks the restores for one that stopped short of its end. */
  private final ScheduledExecutorService restoreCheck = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "enrich-restore-watch");
    t.setDaemon(true);
    return t;
  });

  private EnrichmentService(ServiceConfig config, SentenceEmbedder embedder, boolean ownsEmbedder, StartupTimeline timeline,
      ModelLoads models, InstanceLock lock, Optional<PredecessorFence> fence, Turn turn) {
    this.embedder = embedder;
    this.timeline = timeline;
    this.lock = lock;
    this.staticMember = config.groupInstanceId();
    this.leaveGroupOnStop = config.leaveGroupOnStop();
    this.ownsEmbedder = ownsEmbedder;
    WireFormats formats = WireFormats.open(config);
    BatchSettings batch = config.batch();
    SessionSettings session = config.embedder().session();
    this.classification = ClassificationStage.open(config.classification(), embedder, session,
        encoder -> models.languageEncoder(encoder, session));
    // The engine's calibration times model calls: no load may share the CPU with it.
    models.awaitAll();
    this.tuning = batch.tuning(embedder.device(), config.embedder().session().intraOpThreads());
    LOG.info("Embedding engine for {}: {}", embedder.modelName(), tuning.explanation());
    EmbeddingEngine.Settings engineSettings = batch.engineSettings(tuning);
    // A restart starts from the call size the last run measured on this state directory, not a calibration.
    this.engine = new EmbeddingEngine(embedder, engineSettings, new CallSizeFile(
        config.stateDir().resolve(config.applicationId() + "-" + embedder.modelName() + ".call-size"),
        embedder.modelVersion() + " on " + embedder.device() + ", " + engineSettings.parallelism() + " call(s) at once, up to "
            + engineSettings.maxCallSequences() + " texts, cost by padded tokens per call up to " + engineSettings.maxCallPaddedTokens()));
    try {
      this.completion = CompletionStage.open(config.completion(), models::decoder,
          Math.max(256, 4 * batch.maxRecords() * streamThreads(config)), engine::busy);
    } catch (RuntimeException e) {
      engine.close();
      classification.close();
      throw e;
    }
    this.encoder = new EncoderStage(embedder, engine, embedder, classification, LABEL_WORKERS);
    this.limits = new BatchLimits(batch, System::currentTimeMillis);
    this.metrics = new ServiceMetrics(embedder.modelName(), engine, limits::maxRecords, limits::maxDelayMs);
    // Stage names as /throughput rows name them: the encoder stage's model calls are the embed calls.
    metrics.inFlight("embed", encoder::inFlight);
    metrics.inFlight("complete", completion::inFlight);
    StatusServer server = null;
    KafkaStreams built = null;
    try {
      StageContext context = new StageContext(batch, limits, config.stages(),
          new InputDecoder(config.maxTextBytes(), formats.registryInput()), metrics, config.instanceId());
      Topology topology = EnrichmentTopology.build(config, new Stages(context, encoder, completion, formats.output()));
      timeline.stagesBuilt();
      // A standby waits for the process active on its state directory to end. On in-memory stores Kafka Streams leaves
      // that directory alone, so it is built first (most of its cost is loading its classes) and the takeover only
      // starts it; persistent stores lock the directory, so there it is built once the turn has come.
      boolean builtBeforeTurn = config.stateStore() == StateStoreKind.MEMORY;
      if (!builtBeforeTurn) {
        turn.await(null);
      }
      // Only one process can bind a configured port, so a standby binds it once active; any free port it can bind now.
      server = config.httpPort() == 0 ? new StatusServer(config.httpHost(), 0) : null;
      Properties props = config.streamsProperties();
      props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG,
          config.httpHost() + ":" + (server == null ? config.httpPort() : server.port()));
      props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class.getName());
      props.put(ProcessingFailures.TOPIC_CONFIG, config.deadLetterTopic());
      // Recognise itself in the metadata by the advertised address, not the bind address: bound to
      // 0.0.0.0 behind a reachable application.server, it would fetch its own stores again as another's.
      HostInfo self = HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
      built = fence.isPresent() ? new KafkaStreams(topology, props, fence.get()) : new KafkaStreams(topology, props);
      if (builtBeforeTurn) {
        turn.await(server);
      }
      if (server == null) {
        server = new StatusServer(config.httpHost(), config.httpPort());
      }
      this.streams = built;
      this.query = new ThroughputQuery(streams, self);
    } catch (RuntimeException e) {
      if (built != null) {
        built.close();
      }
      if (server != null) {
        server.close();
      }
      metrics.close();
      encoder.close();
      engine.close();
      completion.close();
      classification.close();
      throw e;
    }
    this.http = server;
    metrics.bind(streams);
    if (completion.enabled()) {
      metrics.bindGeneration(completion::stats);
    }
    http.attach(streams, query, metrics, this::batchState, this::engineHealth);
    metrics.onFirstEnriched(timeline::firstOutput);
    RestoreWatch restores = new RestoreWatch(System::currentTimeMillis, config.bootstrapServers());
    streams.setGlobalStateRestoreListener(new RestoreListeners(timeline, restores));
    restoreCheck.scheduleWithFixedDelay(restores::check, 10, 10, TimeUnit.SECONDS);
    streams.setStateListener((now, before) -> {
      LOG.info("Kafka Streams state {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING) {
        timeline.running();
        running.countDown();
      }
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        stopped.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(EnrichmentService::onStreamThreadFailure);
  }

  /**
   * A schema registry that cannot be asked (down, overloaded, refusing credentials) is not the
   * records' fault, so they are not dead-lettered: the failed thread is replaced, and the new one
   * resumes from the last commit and asks again, until the registry answers. Nothing is skipped.
   * Any other failure stops the service, so that no record is skipped either.
   */
  static StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryException registry) {
        LOG.error("Stream thread failed: the schema registry could not be asked ({}). Replacing the thread; it resumes"
            + " from the last commit, so no record is skipped or dead-lettered.", registry.getMessage());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
    }
    LOG.error("Stream thread failed; stopping the service so that no record is skipped. Cause: {}", e.toString(), e);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /**
   * Loads the configured models while it checks the topics (and fences a static member's predecessor), then starts
   * processing. A cluster that cannot be reached or refuses the credentials fails the start in seconds, without
   * waiting for the models. Started while another process is active on the same state directory, it stands by: it
   * loads the models and builds the stages, then waits until that process ends, and takes over at once.
   */
  public static EnrichmentService start(ServiceConfig config) {
    StartupTimeline timeline = new StartupTimeline();
    InstanceLock lock = InstanceLock.of(config.stateDir(), config.applicationId());
    Optional<PredecessorFence> fence = PredecessorFence.of(config);
    try (ModelLoads models = ModelLoads.start(config)) {
      Turn turn = turn(config, lock, fence, timeline);
      SentenceEmbedder embedder = models.serviceEncoder();
      try {
        return start(config, embedder, true, timeline, models, lock, fence, turn);
      } catch (RuntimeException e) {
        embedder.close();
        throw e;
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Starts processing with an already loaded model, which the caller keeps owning. */
  public static EnrichmentService start(ServiceConfig config, SentenceEmbedder embedder) {
    StartupTimeline timeline = new StartupTimeline();
    InstanceLock lock = InstanceLock.of(config.stateDir(), config.applicationId());
    Optional<PredecessorFence> fence = PredecessorFence.of(config);
    try (ModelLoads models = ModelLoads.startBeside(config, embedder)) {
      return start(config, embedder, false, timeline, models, lock, fence, turn(config, lock, fence, timeline));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** How a start becomes the process that runs Kafka Streams on its state directory. */
  private interface Turn {
    /**
     * Returns once this process is the active one and its predecessor's producers are fenced.
     *
     * @param http the HTTP server this process bound before its turn, or null
     */
    void await(StatusServer http);
  }

  /**
   * The active process, when no other holds the state directory: it prepares the cluster now, while the models load.
   * Otherwise a standby: it checks the topics now, and fences the predecessor's producers only once that process has
   * ended, since fencing a live one would stop it.
   */
  private static Turn turn(ServiceConfig config, InstanceLock lock, Optional<PredecessorFence> fence,
      StartupTimeline timeline) {
    String holder = "instance " + config.instanceId();
    if (lock.tryTake(holder)) {
      timeline.active();
      prepareCluster(config, fence);
      return http -> { };
    }
    LOG.info("Standby: another process is active on state directory {} ({}); loading the models, then taking over the"
        + " moment that process ends", config.stateDir(), lock.holder());
    requireTopics(config);
    return http -> {
      LOG.info("Standing by with the models loaded and the stages built, for the process active on {} ({}){}",
          config.stateDir(), lock.holder(), http == null ? "" : "; HTTP on http://" + config.httpHost() + ":" + http.port()
              + " (/ready answers 503 until this process runs)");
      Thread goodbye = new Thread(() -> LOG.info("Stopped while standing by: this process never became active on {}",
          config.stateDir()), "enrich-standby-stop");
      Runtime.getRuntime().addShutdownHook(goodbye);
      try {
        lock.take(holder);
        Runtime.getRuntime().removeShutdownHook(goodbye);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while standing by for " + lock.file(), e);
      } catch (IllegalStateException e) {
        // The JVM is stopping: the hook says so; taking over now would only be undone.
        lock.close();
        throw e;
      }
      timeline.active();
      LOG.info("Taking over: the process that was active on {} has ended; this process joins as {}", config.stateDir(),
          config.groupInstanceId().orElse("a dynamic member"));
      fence.ifPresent(f -> fencePredecessors(config, f));
    };
  }

  /**
   * While the models load on their own threads: the topics are checked (a cluster that cannot be reached or
   * refuses the credentials fails the start in seconds, without waiting for the loads), and a static member's
   * predecessor's producers are fenced. Both wait on the network, the loads on the CPU.
   */
  private static void prepareCluster(ServiceConfig config, Optional<PredecessorFence> fence) {
    requireTopics(config);
    fence.ifPresent(f -> fencePredecessors(config, f));
  }

  private static EnrichmentService start(ServiceConfig config, SentenceEmbedder embedder, boolean owns,
      StartupTimeline timeline, ModelLoads models, InstanceLock lock, Optional<PredecessorFence> fence, Turn turn) {
    config.warnings().forEach(LOG::warn);
    EnrichmentService service = new EnrichmentService(config, embedder, owns, timeline, models, lock, fence, turn);
    BatchSettings b = config.batch();
    LOG.info("Starting application '{}' on {}: {} -> {} (dead letters: {}), model {} on {}, batches of up to {} events /"
            + " {} tokens / {} ms{}, HTTP on http://{}:{}, instance {}",
        config.applicationId(), config.bootstrapServers(), config.inputTopic(), config.outputTopic(), config.deadLetterTopic(),
        embedder.modelName(), embedder.device(), b.maxRecords(), b.maxTokens(), b.maxDelayMs(),
        b.targetP99Ms() > 0 ? ", adapted to p99 <= " + b.targetP99Ms() + " ms" : "",
        config.httpHost(), service.httpPort(), config.instanceId());
    LOG.info(service.staticMember.map(id -> "Static member of group '" + config.applicationId() + "' as " + id
        + " (group.instance.id; one per stream thread with its number appended): restarted on this id, it takes its"
        + " partitions back without a rebalance").orElse("Dynamic member of group '" + config.applicationId()
        + "': a restarted instance rejoins as a new member, after session.timeout.ms when it was killed"));
    service.timeline.streamsStarting();
    service.streams.start();
    return service;
  }

  /** Waits until the stream threads have their partitions and process records. */
  public void awaitRunning(Duration timeout) throws InterruptedException, TimeoutException {
    if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("Kafka Streams did not reach RUNNING within " + timeout + " (state " + streams.state() + ")");
    }
  }

  /** Blocks until the service stops, by {@link #close()} or by a fatal error. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The port of the HTTP endpoint (health, readiness, metrics, throughput). */
  public int httpPort() {
    return http.port();
  }

  /** Throughput of all instances over the last {@code windows} windows of the given length ("1s" or "1m"). */
  public ThroughputReport throughput(String resolution, int windows) {
    ThroughputStores.Resolution r = ThroughputStores.resolution(resolution);
    Instant to = Instant.now();
    return query.report(r, to.minus(r.size().multipliedBy(windows)), to);
  }

  private ObjectNode batchState() {
    ObjectNode node = ThroughputQuery.JSON.createObjectNode();
    node.put("max_records", limits.maxRecords());
    node.put("max_delay_ms", limits.maxDelayMs());
    node.put("max_tokens", limits.maxTokens());
    node.put("adaptive", limits.adaptive());
    if (!Double.isNaN(limits.lastP99Ms())) {
      node.put("last_p99_ms", limits.lastP99Ms());
    }
    EmbeddingEngine.Stats stats = engine.stats();
    node.put("model_calls", stats.calls());
    node.put("padding_share", stats.paddingShare());
    node.putObject("call_size").put("p50", stats.callSizeP50()).put("mean", stats.meanCallSize()).put("max", stats.callSizeMax());
    node.put("engine", tuning.explanation());
    node.putObject("in_flight").put("embed_batches", encoder.inFlight()).put("complete_sequences", completion.inFlight());
    return node;
  }

  /** The engines' health: down when one of them cannot run its model. */
  EngineHealth engineHealth() {
    EngineHealth encoder = engine.health();
    return encoder.up() ? completion.health() : encoder;
  }

  /** How the shared embedding engine was sized for this machine. */
  public EngineTuning engineTuning() {
    return tuning;
  }

  /** The shared embedding engine's figures since start. */
  public EmbeddingEngine.Stats engineStats() {
    return engine.stats();
  }

  private static void fencePredecessors(ServiceConfig config, PredecessorFence fence) {
    try (Admin admin = admin(config)) {
      fence.fencePredecessors(admin);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while fencing the producers of this instance's previous run", e);
    }
  }

  /**
   * Closes Kafka Streams, which commits what it processed, then leaves the group or keeps a static member's place
   * for its return ({@code enrich.stop.group}); logs what it did as the last line.
   */
  @Override
  public void close() {
    boolean failedBefore = streams.state() == KafkaStreams.State.ERROR;
    boolean closed = streams.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(
        leaveGroupOnStop ? GroupMembershipOperation.LEAVE_GROUP : GroupMembershipOperation.REMAIN_IN_GROUP));
    // A standby on the same state directory takes over from here.
    lock.close();
    stopped.countDown();
    String totals = metrics.totals();
    closeEngines();
    if (failedBefore || !closed) {
      LOG.warn("Stopped {}: the uncommitted work is redone from the last commit by the partitions' next owner; {}.",
          failedBefore ? "after a failure (see above)" : "without a clean close of Kafka Streams within 30 s", totals);
    } else {
      LOG.info("Stopped cleanly: Kafka Streams committed all it processed and {}; {}.", leaveGroupOnStop
          ? "left the group, so the other members took its partitions at once"
          : staticMember.map(id -> "kept its place in the group as " + id + " for its return within session.timeout.ms")
              .orElse("stayed in the group until session.timeout.ms (enrich.stop.group=stay)"), totals);
    }
  }

  private void closeEngines() {
    restoreCheck.shutdownNow();
    http.close();
    metrics.close();
    encoder.close();
    engine.close();
    completion.close();
    // Freeing a native session while a call still runs in it crashes the process (SIGSEGV), so a
    // call that outlived the close timeouts keeps its sessions until the process exits.
    if (!encoder.stopped() || !engine.stopped()) {
      LOG.warn("A model call still runs after the close timeouts; the encoder and classifier sessions stay open until"
          + " the process exits");
      return;
    }
    classification.close();
    if (ownsEmbedder) {
      embedder.close();
    }
  }

  private static int streamThreads(ServiceConfig config) {
    Object threads = config.streamsProperties().get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
    try {
      return threads == null ? 1 : Integer.parseInt(threads.toString().trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** What to check for a failure to reach the cluster: credentials, trust, or the address. */
  static String fixFor(Throwable cause) {
    if (cause instanceof SaslAuthenticationException) {
      return "Check the user and password in sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG) and sasl.mechanism.";
    }
    if (cause instanceof SslAuthenticationException) {
      return "Check that ssl.truststore.location holds the CA that signed the broker's certificate, and that the"
          + " certificate names the host in bootstrap.servers.";
    }
    return "Check bootstrap.servers and the broker.";
  }

  /**
   * A client that cannot even be created (no address in bootstrap.servers resolves, a keystore that
   * cannot be read) fails before any request; the user gets the cause and the setting, not a trace.
   */
  private static Admin admin(ServiceConfig config) {
    try {
      return Admin.create(adminProperties(config));
    } catch (KafkaException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      String fix = String.valueOf(cause.getMessage()).contains("bootstrap")
          ? "Check bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS): host:port of a broker, with a host this machine resolves."
          : "Check the setting it names.";
      throw new IllegalStateException("Cannot connect to Kafka at " + config.bootstrapServers() + ": " + cause.getMessage() + ". "
          + fix, e);
    }
  }

  private static Map<String, Object> adminProperties(ServiceConfig config) {
    Properties props = config.streamsProperties();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    return AdminClientConfig.configNames().stream().filter(props::containsKey).collect(Collectors.toMap(k -> k, props::get));
  }

  private static void requireTopics(ServiceConfig config) {
    List<String> needed = config.topics();
    try (Admin admin = admin(config)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> missing = needed.stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Topic(s) " + missing + " do not exist on " + config.bootstrapServers()
            + "; create them first, e.g. kafka-topics.sh --bootstrap-server " + config.bootstrapServers()
            + " --create --topic " + missing.get(0) + " --partitions 3");
      }
      BufferChangelog.align(admin, Stream.of(EncoderSpec.BUFFER_STORE, CompletionSpec.BUFFER_STORE)
          .map(store -> BufferChangelog.topic(config.applicationId(), store)).filter(existing::contains).toList());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot reach Kafka at " + config.bootstrapServers() + " to check topics "
          + needed + ": " + e.getMessage() + ". " + fixFor(e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topics", e);
    }
  }
}
