package io.textenrich.cli.chaos;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.devkit.SecuredListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import io.textenrich.schemas.EnrichedText;

/**
 * What every scenario runs on: one local broker as a child process on a kept data dir (so it can be stopped and
 * started again on its data and port), service instances as child processes, a heap sampler over all of them, and
 * the read-back of the outputs.
 */
final class ChaosLab implements AutoCloseable {

  /** The topics of one scenario: each scenario has its own, and its own application id, so counts never mix. */
  record Topics(String input, String output, String deadLetter, String moderation) {

    static Topics of(String scenario) {
      return new Topics(scenario + "-raw-text", scenario + "-enriched", scenario + "-dead-letter", scenario + "-moderation");
    }

    String[] all() {
      return new String[] {input, output, deadLetter, moderation};
    }
  }

  private final Path dir;
  private final PrintStream progress;
  private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
  private final Map<String, String> overrides;
  private final AtomicLong maxHeap = new AtomicLong();
  private final Thread heapSampler;
  private final String brokerPassword = "pw" + Long.toHexString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE);
  private BrokerOptions brokerOptions;
  private KafkaBroker broker;

  /** @param overrides settings every service of the drill runs with, over its scenario's own */
  ChaosLab(Path dir, PrintStream progress, Map<String, String> overrides) {
    this.dir = dir;
    this.progress = progress;
    this.overrides = Map.copyOf(overrides);
    this.heapSampler = new Thread(this::sampleHeap, "chaos-heap-sampler");
    heapSampler.setDaemon(true);
    heapSampler.start();
    // The services have no pipe to this process, unlike the broker: stop them if this JVM is stopped.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> services.forEach(ServiceProcess::killNow), "chaos-stop-services"));
  }

  Path dir() {
    return dir;
  }

  void say(String format, Object... args) {
    progress.printf("chaos: " + format + "%n", args);
  }

  /**
   * Starts the broker, the first time on a free port and a new data dir under the work dir, later on the same ones.
   * Next to the plain listener it has a SASL_SSL one, for {@link SecuredCluster}, whose password is made up per run.
   */
  void startBroker() {
    if (brokerOptions == null) {
      // Five minutes to start, not one: the drill loads the machine, and a restart replays the broker's logs.
      brokerOptions = new BrokerOptions(BrokerOptions.Mode.CHILD_PROCESS, 0, dir.resolve("broker"), Duration.ofMinutes(5),
          new SecuredListener(SecuredCluster.USER, brokerPassword));
    }
    broker = KafkaBroker.start(brokerOptions);
    if (brokerOptions.port() == 0) {
      brokerOptions = brokerOptions.withPort(Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1)));
    }
  }

  /** Stops the broker cleanly; its data dir and port stay for {@link #startBroker}. */
  void stopBroker() {
    broker.close();
  }

  String brokerPassword() {
    return brokerPassword;
  }

  KafkaBroker broker() {
    return broker;
  }

  /** Settings for plain clients of the broker. */
  Map<String, Object> client() {
    return new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
  }

  void createTopics(Topics topics, int partitions) {
    broker.createTopics(partitions, topics.all());
  }

  /** Lets the topics take values up to 8 MiB, for the scenarios that send values over the broker's default 1 MB. */
  void allowLargeValues(String... topics) throws Exception {
    try (Admin admin = Admin.create(client())) {
      Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
      for (String topic : topics) {
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic),
            List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(8 << 20)), AlterConfigOp.OpType.SET)));
      }
      admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The settings a scenario's service runs with: the documented ones only, with the recovery timeouts docs/recovery.md
   * recommends for fast fail-over (a dead member is noticed in 10 s, its open transaction aborted in 10 s).
   */
  Map<String, String> serviceSettings(String applicationId, Topics topics) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", broker.bootstrapServers());
    settings.put("application.id", applicationId);
    settings.put("enrich.input.topic", topics.input());
    settings.put("enrich.output.topic", topics.output());
    settings.put("enrich.dead.letter.topic", topics.deadLetter());
    settings.put("enrich.moderation.topic", topics.moderation());
    settings.put("enrich.model.device", "cpu");
    settings.put("session.timeout.ms", "10000");
    settings.put("transaction.timeout.ms", "10000");
    return settings;
  }

  ServiceProcess service(String name, Map<String, String> settings, Map<String, String> environment, String maxHeap) {
    Map<String, String> all = new HashMap<>(settings);
    all.putAll(overrides);
    ServiceProcess service = ServiceProcess.create(name, dir, all, environment, maxHeap);
    services.add(service);
    return service;
  }

  /** A standby process of {@code active}'s instance (see {@link ServiceProcess#standby()}), ended with the scenario. */
  ServiceProcess standby(ServiceProcess active) {
    ServiceProcess standby = active.standby();
    services.add(standby);
    return standby;
  }

  /** Starts a standby and waits until it stands by with its models loaded; fails with the end of its log if not. */
  void startStandingBy(ServiceProcess standby) throws InterruptedException {
    start(standby, standby::awaitStandingBy, "stand by");
  }

  /**
   * Creates a scenario's topics, lets its input and dead-letter topics take values over the broker's
   * default 1 MB, and starts one service on them with a 1 GiB heap: the set-up of the scenarios
   * that send oversized and hostile values.
   */
  ServiceProcess startLargeValueService(String name, Topics topics) throws Exception {
    createTopics(topics, 2);
    allowLargeValues(topics.input(), topics.deadLetter());
    ServiceProcess service = service(name, serviceSettings(name, topics), Map.of(), "1g");
    startAndAwait(service);
    return service;
  }

  /** Starts the service and waits until it runs; fails with the end of its log if it does not. */
  void startAndAwait(ServiceProcess service) throws InterruptedException {
    start(service, service::awaitReady, "reach RUNNING");
  }

  /** Waits for a state of a started service: true once it is reached, false when the time is up or it ended. */
  private interface Await {
    boolean within(Duration timeout) throws InterruptedException;
  }

  private static void start(ServiceProcess service, Await state, String reach) throws InterruptedException {
    service.start();
    if (!state.within(Duration.ofMinutes(3))) {
      throw new IllegalStateException("service " + service.name() + " did not " + reach + "; its log " + service.log()
          + " ends with:\n" + service.logTail(30));
    }
  }

  /**
   * Reads the scenario's outputs back until every event in the ledger is accounted for, the time is up, or no
   * service of the scenario runs any more.
   */
  ReadBack.Tally awaitAccounted(Ledger ledger, Topics topics, Duration timeout, Map<String, Object> client)
      throws InterruptedException {
    return awaitAccounted(ledger, topics, timeout, client, record -> { });
  }

  /** As above; {@code each} sees every enriched record read. */
  ReadBack.Tally awaitAccounted(Ledger ledger, Topics topics, Duration timeout, Map<String, Object> client,
      Consumer<EnrichedText> each) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (ReadBack readBack = new ReadBack(client, topics.output(), topics.deadLetter())) {
      while (true) {
        ReadBack.Tally tally = readBack.readCommitted(each);
        long missing = ledger.events().keySet().stream().filter(id -> tally.total(id) == 0).count();
        boolean anyRunning = services.stream().anyMatch(ServiceProcess::alive);
        if (missing == 0 || System.nanoTime() > deadline || !anyRunning) {
          return tally;
        }
        say("%d of %d events not out yet", missing, ledger.size());
        Thread.sleep(5000);
      }
    }
  }

  /** Sleeps until {@code seconds} after {@code startNanos}. */
  static void sleepUntil(long startNanos, double seconds) throws InterruptedException {
    long wait = startNanos + (long) (seconds * 1e9) - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000);
    }
  }

  /**
   * Events per second the service takes with a backlog: a burst of {@code count} events sent at once, timed on the
   * service's own counter from the first quarter enriched to the last, so that neither the start of the burst nor
   * the first, small batches count. The events stay in the ledger like any others.
   */
  double measureCapacity(ServiceProcess service, EventProducer producer, int count, IntFunction<EventProducer.Event> events)
      throws InterruptedException {
    double before = Math.max(0, service.enrichedSinceStart());
    for (int i = 0; i < count; i++) {
      producer.send(events.apply(i));
    }
    producer.flush();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    long quarter = awaitEnriched(service, before + count / 4.0, deadline, count);
    long done = awaitEnriched(service, before + count, deadline, count);
    double capacity = (count - count / 4.0) / Math.max(1e-3, (done - quarter) / 1e9);
    say("%s takes about %.0f events/s", service.name(), capacity);
    return capacity;
  }

  private long awaitEnriched(ServiceProcess service, double target, long deadline, int count) throws InterruptedException {
    while (service.enrichedSinceStart() < target) {
      if (!service.alive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("service " + service.name() + " did not enrich " + count + " events to measure its"
            + " capacity; its log ends with:\n" + service.logTail(30));
      }
      Thread.sleep(100);
    }
    return System.nanoTime();
  }

  /** The largest heap in use that any service showed since the last reset, in MiB. */
  long takeMaxHeapMib() {
    return maxHeap.getAndSet(0) >> 20;
  }

  /**
   * Ends a scenario's services; when it failed, first writes the stacks of those still running
   * beside their logs (a service stuck without a word leaves no other trace) and names the files.
   */
  void killServices(ScenarioResult result) throws InterruptedException {
    if (!result.passed()) {
      for (ServiceProcess s : services) {
        s.dumpThreads().ifPresent(file -> say("%s: %s was still running; its threads are in %s", result.scenario, s.name(), file));
      }
    }
    killServices();
  }

  /** Stops every service this lab started, by SIGKILL: a scenario's end needs no clean shutdown. */
  void killServices() throws InterruptedException {
    for (ServiceProcess s : services) {
      s.kill();
    }
    services.clear();
  }

  private void sampleHeap() {
    while (true) {
      for (ServiceProcess s : List.copyOf(services)) {
        if (s.alive()) {
          s.heapUsedBytes().ifPresent(b -> maxHeap.accumulateAndGet(b, Math::max));
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    heapSampler.interrupt();
    killServices();
    if (broker != null) {
      broker.close();
    }
  }
}
