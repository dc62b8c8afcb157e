package io.textenrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textenrich.devkit.BrokerOptions;
import io.textenrich.devkit.KafkaBroker;
import io.textenrich.schemas.AvroSerde;
import io.textenrich.schemas.EnrichedText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service runs as a child process and is killed with SIGKILL while its events sit in a stage's
 * buffer, after Kafka Streams committed their input offsets. A restarted service, with an empty
 * local state directory, must restore the buffer from the changelog: every input id then has
 * exactly one committed output.
 */
class CrashRecoveryIT {

  private static final String APP = "crash-it";
  private static final String INPUT = "raw-text";
  private static final String OUTPUT = "enriched-text";

  @Test
  void eventsBufferedAtAKillAreEnrichedExactlyOnceAfterRestart(@TempDir Path dir) throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, INPUT, OUTPUT, "raw-text-dead-letter", "moderation");
      Process first = startService(dir, "first", broker.bootstrapServers(), APP, "enrich.batch.max.delay.ms=600000");
      try {
        produce(broker.bootstrapServers(), "before-", 30);
        waitForCommittedInput(broker.bootstrapServers(), APP, 30, first, dir.resolve("first.log"));
        assertEquals(0, readCommittedOutputs(broker.bootstrapServers(), OUTPUT, Duration.ofSeconds(2)).size(),
            "with a ten-minute batch delay nothing may be emitted before the kill");
      } finally {
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      }
      assertEquals(137, first.exitValue(), "killed by SIGKILL");

      Process second = startService(dir, "second", broker.bootstrapServers(), APP, "enrich.batch.max.delay.ms=50");
      try {
        produce(broker.bootstrapServers(), "after-", 10);
        assertExactlyOnce(broker.bootstrapServers(), 40, Duration.ofSeconds(120), second, dir.resolve("second.log"));
        assertTrue(Files.readString(dir.resolve("second.log")).contains("restored from the changelog"),
            "the restarted service reports the restored buffer");
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void completionsInFlightAtAKillAreEmittedOnceAfterRestartAndEqualThoseOfAnUninterruptedRun(@TempDir Path dir)
      throws Exception {
    String app = "crash-completion-it";
    String reference = "enriched-reference";
    // One sequence at a time and 64 tokens each: the completion stage holds work for seconds.
    String[] completions = {"enrich.completion.mode=all", "enrich.completion.max.new.tokens=64",
        "enrich.completion.min.new.tokens=64", "enrich.completion.max.sequences=1", "enrich.batch.max.delay.ms=20"};
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, INPUT, OUTPUT, reference, "raw-text-dead-letter", "moderation");
      produce(broker.bootstrapServers(), "gen-", 24);
      Process first = startService(dir, "first", broker.bootstrapServers(), app, completions);
      try {
        waitForChangelog(broker.bootstrapServers(), app + "-" + "completion-buffer-changelog", first, dir.resolve("first.log"));
      } finally {
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      }
      assertEquals(137, first.exitValue(), "killed by SIGKILL");
      int before = readCommittedOutputs(broker.bootstrapServers(), OUTPUT, Duration.ofSeconds(1)).size();
      assertTrue(before < 24, "the kill must find completions in flight; " + before + " of 24 were already out");

      Process second = startService(dir, "second", broker.bootstrapServers(), app, completions);
      Process uninterrupted = startService(dir, "reference", broker.bootstrapServers(), "crash-reference-it",
          concat(completions, "enrich.output.topic=" + reference));
      try {
        Map<String, List<String>> resumed = completionsById(broker.bootstrapServers(), OUTPUT, 24, second, dir.resolve("second.log"));
        Map<String, List<String>> expected = completionsById(broker.bootstrapServers(), reference, 24, uninterrupted,
            dir.resolve("reference.log"));
        assertEquals(24, resumed.size(), "every input has an enriched record: " + resumed.keySet());
        resumed.forEach((id, texts) -> assertEquals(1, texts.size(), "exactly one enriched record for " + id));
        resumed.forEach((id, texts) -> assertEquals(expected.get(id), texts, "the completion of " + id
            + " equals that of an uninterrupted run"));
        assertTrue(Files.readString(dir.resolve("second.log")).contains("stage completion-buffer resumes with"),
            "the restarted service reports the restored completion buffer");
      } finally {
        second.destroy();
        uninterrupted.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
        uninterrupted.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * A killed static member restarted on its id and state directory, at Kafka's default transaction timeout and a
   * session timeout far longer than the test waits: it can only get its partitions back in time by taking its own
   * place in the group, and its committed offsets only by fencing the producer whose transaction the kill left open.
   */
  @Test
  void aKilledStaticMemberRestartedOnItsIdTakesItsPartitionsBackWithoutWaitingForTheDeadMember(@TempDir Path dir)
      throws Exception {
    String app = "static-crash-it";
    String[] identity = {"enrich.static.membership=true", "enrich.instance.id=enrich-0", "session.timeout.ms=300000",
        "transaction.timeout.ms=300000", "state.dir=" + dir.resolve("state-enrich-0")};
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, INPUT, OUTPUT, "raw-text-dead-letter", "moderation");
      Process first = startService(dir, "first", broker.bootstrapServers(), app, concat(identity, "enrich.batch.max.delay.ms=600000"));
      try {
        produce(broker.bootstrapServers(), "before-", 30);
        waitForCommittedInput(broker.bootstrapServers(), app, 30, first, dir.resolve("first.log"));
        // More input just before the kill: the thread buffers it in a transaction that the kill leaves open.
        produce(broker.bootstrapServers(), "during-", 30);
      } finally {
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      }
      List<String> predecessor = Files.readAllLines(dir.resolve("state-enrich-0").resolve(app + "-enrich-0.transactional-ids"));
      assertTrue(!predecessor.isEmpty(), "the first run recorded its producers' transactional ids");
      Process second = startService(dir, "second", broker.bootstrapServers(), app, concat(identity, "enrich.batch.max.delay.ms=50"));
      try {
        produce(broker.bootstrapServers(), "after-", 10);
        // Five minutes of session and transaction timeout stand between a new member and the partitions and their
        // committed offsets; half of it is allowed.
        assertExactlyOnce(broker.bootstrapServers(), 70, Duration.ofSeconds(150), second, dir.resolve("second.log"));
        String fenced = Files.readString(dir.resolve("second.log")).lines()
            .filter(l -> l.contains("Fenced the producers of this instance's previous run")).findFirst().orElse("");
        predecessor.forEach(id -> assertTrue(fenced.contains(id), "the restarted instance fences " + id + ": " + fenced));
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * A standby on the killed service's state directory and identity takes over at once: session and transaction timeouts
   * of five minutes stand between anyone else and the partitions, and every event comes out once.
   */
  @Test
  void aStandbyOnTheSameStateDirectoryTakesOverFromAKilledServiceWithoutWaitingForTimeouts(@TempDir Path dir)
      throws Exception {
    String app = "standby-it";
    String[] identity = {"enrich.static.membership=true", "enrich.instance.id=enrich-0", "session.timeout.ms=300000",
        "transaction.timeout.ms=300000", "state.dir=" + dir.resolve("state-enrich-0"), "enrich.batch.max.delay.ms=50"};
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, INPUT, OUTPUT, "raw-text-dead-letter", "moderation");
      Process first = startService(dir, "first", broker.bootstrapServers(), app, identity);
      Process standby = null;
      try {
        produce(broker.bootstrapServers(), "before-", 20);
        assertExactlyOnce(broker.bootstrapServers(), 20, Duration.ofSeconds(240), first, dir.resolve("first.log"));
        standby = startService(dir, "standby", broker.bootstrapServers(), app, identity);
        awaitLine(dir.resolve("standby.log"), "Standing by with the models loaded", standby);
        // On a free port (enrich.http.port=0) the standby answers at once: alive, not ready.
        Matcher http = Pattern.compile("HTTP on (http://\\S+) ").matcher(Files.readString(dir.resolve("standby.log")));
        assertTrue(http.find(), "the standing-by line names the HTTP address:\n" + tail(dir.resolve("standby.log")));
        HttpResponse<String> health = get(http.group(1) + "/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("CREATED"), health.body());
        assertEquals(503, get(http.group(1) + "/ready").statusCode());
        produce(broker.bootstrapServers(), "during-", 30);
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        produce(broker.bootstrapServers(), "after-", 10);
        assertExactlyOnce(broker.bootstrapServers(), 60, Duration.ofSeconds(150), standby, dir.resolve("standby.log"));
        assertTrue(Files.readString(dir.resolve("standby.log")).contains("Taking over"), tail(dir.resolve("standby.log")));
      } finally {
        first.destroyForcibly();
        if (standby != null) {
          standby.destroy();
          standby.waitFor(60, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitLine(Path log, String text, Process service) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!(Files.exists(log) && Files.readString(log).contains(text))) {
      assertTrue(service.isAlive(), "the service ended:\n" + tail(log));
      assertTrue(System.nanoTime() < deadline, "no '" + text + "' within 180 s:\n" + tail(log));
      Thread.sleep(100);
    }
  }

  /**
   * SIGTERM on one of two dynamic members, with a session timeout far longer than the test waits: the other member
   * can only have the stopped one's partitions in time because the stop left the group; the stopped one says so last.
   */
  @Test
  void aCleanStopLeavesTheGroupSoTheOtherMemberTakesThePartitionsAtOnce(@TempDir Path dir) throws Exception {
    assertTwoInstancesHandOverOnAStop(dir, "clean-stop-it", new String[] {"session.timeout.ms=300000"}, "left the group");
  }

  /**
   * A rolling restart of a static member: SIGTERM keeps its place (the last line says so), and the same id back on
   * its state directory enriches again, with a session timeout far longer than the test waits.
   */
  @Test
  void aStaticMemberStoppedCleanlyKeepsItsPlaceAndTakesItsPartitionsBackOnItsReturn(@TempDir Path dir) throws Exception {
    String app = "rolling-restart-it";
    String[] identity = {"enrich.static.membership=true", "enrich.instance.id=enrich-0", "session.timeout.ms=300000",
        "state.dir=" + dir.resolve("state-enrich-0"), "enrich.batch.max.delay.ms=50"};
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, INPUT, OUTPUT, "raw-text-dead-letter", "moderation");
      Process first = startService(dir, "first", broker.bootstrapServers(), app, identity);
      try {
        produce(broker.bootstrapServers(), "before-", 20);
        assertExactlyOnce(broker.bootstrapServers(), 20, Duration.ofSeconds(240), first, dir.resolve("first.log"));
      } finally {
        first.destroy();
        assertTrue(first.waitFor(90, TimeUnit.SECONDS), "SIGTERM stops the service");
      }
      List<String> lines = Files.readAllLines(dir.resolve("first.log"));
      String last = lines.get(lines.size() - 1);
      assertTrue(last.contains("Stopped cleanly") && last.contains("kept its place in the group as enrich-0"), "last line: " + last);
      Process second = startService(dir, "second", broker.bootstrapServers(), app, identity);
      try {
        produce(broker.bootstrapServers(), "after-", 20);
        assertExactlyOnce(broker.bootstrapServers(), 40, Duration.ofSeconds(150), second, dir.resolve("second.log"));
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The Streams rebalance protocol (KIP-1071) as a setting: two instances share the partitions with the assignment
   * made by the broker, and when one stops, the other enriches the rest; every event comes out once.
   */
  @Test
  void twoInstancesOnTheStreamsRebalanceProtocolShareThePartitionsAndHandOverOnAStop(@TempDir Path dir) throws Exception {
    assertTwoInstancesHandOverOnAStop(dir, "streams-protocol-it", new String[] {"group.protocol=streams"}, "left the group");
  }

  /**
   * Two instances enrich events exactly once; one is stopped with SIGTERM, exits with the JVM's status for it and says
   * in its last line that it stopped cleanly, and the other enriches what comes next, exactly once.
   */
  private static void assertTwoInstancesHandOverOnAStop(Path dir, String app, String[] settings, String lastLineSays)
      throws Exception {
    String[] all = concat(settings, "enrich.batch.max.delay.ms=50");
    try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
      broker.createTopics(2, INPUT, OUTPUT, "raw-text-dead-letter", "moderation");
      Process leaving = startService(dir, "leaving", broker.bootstrapServers(), app, all);
      Process staying = startService(dir, "staying", broker.bootstrapServers(), app, all);
      try {
        produce(broker.bootstrapServers(), "before-", 20);
        assertExactlyOnce(broker.bootstrapServers(), 20, Duration.ofSeconds(240), staying, dir.resolve("staying.log"));
        assertTrue(leaving.isAlive(), "both instances run:\n" + tail(dir.resolve("leaving.log")));
        leaving.destroy();
        assertTrue(leaving.waitFor(90, TimeUnit.SECONDS), "SIGTERM stops the service");
        assertEquals(143, leaving.exitValue(), "the JVM's exit status after SIGTERM");
        List<String> lines = Files.readAllLines(dir.resolve("leaving.log"));
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("Stopped cleanly") && last.contains(lastLineSays), "last line: " + last);
        produce(broker.bootstrapServers(), "after-", 20);
        assertExactlyOnce(broker.bootstrapServers(), 40, Duration.ofSeconds(150), staying, dir.resolve("staying.log"));
      } finally {
        leaving.destroyForcibly();
        staying.destroy();
        staying.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  /** Waits until every one of {@code expected} ids has a committed output, then checks each has exactly one. */
  private static void assertExactlyOnce(String bootstrap, int expected, Duration timeout, Process service, Path log) {
    Map<String, Integer> counts = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (counts.size() < expected && System.nanoTime() < deadline) {
      counts.clear();
      for (ConsumerRecord<byte[], byte[]> record : readCommittedOutputs(bootstrap, OUTPUT, Duration.ofSeconds(2))) {
        counts.merge(key(record), 1, Integer::sum);
      }
      assertTrue(service.isAlive(), "service died:\n" + tail(log));
    }
    assertEquals(expected, counts.size(), "ids seen: " + counts.keySet() + "\n" + tail(log));
    counts.forEach((id, n) -> assertEquals(1, n, "outputs for " + id));
  }

  private static String[] concat(String[] settings, String more) {
    String[] all = java.util.Arrays.copyOf(settings, settings.length + 1);
    all[settings.length] = more;
    return all;
  }

  /** Waits until the stage's buffer changelog holds a committed entry: the stage has work at that commit. */
  private static void waitForChangelog(String bootstrap, String changelog, Process service, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(service.isAlive(), "service died:\n" + tail(log));
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        if (admin.listTopics().names().get().contains(changelog)) {
          var partitions = admin.describeTopics(List.of(changelog)).allTopicNames().get().get(changelog).partitions();
          Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
          partitions.forEach(p -> latest.put(new TopicPartition(changelog, p.partition()), OffsetSpec.latest()));
          long committed = admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
              org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get().values().stream().mapToLong(o -> o.offset()).sum();
          if (committed > 0) {
            return;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the completion stage never held work:\n" + tail(log));
  }

  /** Completion texts by event id on {@code topic}, read_committed, once {@code expected} ids are there. */
  private static Map<String, List<String>> completionsById(String bootstrap, String topic, int expected, Process service,
      Path log) {
    Map<String, List<String>> texts = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (texts.size() < expected && System.nanoTime() < deadline) {
      texts.clear();
      for (ConsumerRecord<byte[], byte[]> record : readCommittedOutputs(bootstrap, topic, Duration.ofSeconds(2))) {
        EnrichedText value = AvroSerde.enrichedText().deserialize(topic, record.value());
        texts.computeIfAbsent(key(record), k -> new ArrayList<>()).add(value.getCompletion().getText());
      }
      assertTrue(service.isAlive(), "service died:\n" + tail(log));
    }
    return texts;
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  private static Process startService(Path dir, String name, String bootstrap, String app, String... settings)
      throws IOException {
    Path config = dir.resolve(name + ".properties");
    List<String> lines = new ArrayList<>(List.of(
        "bootstrap.servers=" + bootstrap,
        "application.id=" + app,
        "state.dir=" + dir.resolve("state-" + name),
        "enrich.instance.id=" + name,
        "commit.interval.ms=100",
        // Detect the killed instance and abort its open transaction in seconds, not the default minute.
        "session.timeout.ms=6000",
        "transaction.timeout.ms=5000",
        "enrich.batch.max.records=1000",
        "enrich.model.device=cpu",
        "enrich.http.port=0"));
    lines.addAll(List.of(settings));
    Files.writeString(config, String.join("\n", lines));
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), EnrichCommand.class.getName(), "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private static void produce(String bootstrap, String prefix, int count) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        String id = prefix + i;
        producer.send(new ProducerRecord<>(INPUT, id.getBytes(StandardCharsets.UTF_8),
            ("{\"id\":\"" + id + "\",\"text\":\"event number " + i + " waiting in the buffer\"}").getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** Waits until the service's consumer group has committed all {@code expected} input offsets. */
  private static void waitForCommittedInput(String bootstrap, String app, long expected, Process service, Path log)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      while (System.nanoTime() < deadline) {
        assertTrue(service.isAlive(), "service died:\n" + tail(log));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
        long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(INPUT) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        if (sum >= expected) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("input offsets never committed:\n" + tail(log));
  }

  private static List<ConsumerRecord<byte[], byte[]>> readCommittedOutputs(String bootstrap, String topic, Duration idle) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < idle.toNanos()) {
        var polled = consumer.poll(Duration.ofMillis(200));
        polled.forEach(records::add);
        if (!polled.isEmpty()) {
          quietSince = System.nanoTime();
        }
      }
    }
    return records;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
