package io.textenrich.topology;

import io.textenrich.topology.config.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts, at start, the transactions that this instance's predecessor on the same identity left open.
 *
 * <p>Under exactly-once each stream thread's producer has the transactional id {@code
 * <application.id>-<process id>-<thread>}. Kafka Streams keeps the process id only in a state
 * directory that holds persistent stores, so an instance on in-memory stores restarts with new
 * transactional ids, and the transaction its killed predecessor left open keeps the partitions'
 * committed offsets unstable until {@code transaction.timeout.ms} runs out: the restarted instance
 * would have its partitions back at once and still wait. So the ids each producer is created with are
 * written to a file in the state directory, named by the static member id, and the next start on
 * that directory fences them first ({@link Admin#fenceProducers}), which aborts their open
 * transactions at once. Only for a static member: its id is its own, so no live instance's producer
 * is ever fenced. A standby builds its producers before its predecessor ends: their ids join the
 * file then, and are neither fenced nor forgotten at the takeover.
 */
final class PredecessorFence implements KafkaClientSupplier {

  private static final Logger LOG = LoggerFactory.getLogger(PredecessorFence.class);

  private final Path file;
  /** The ids of this process's own producers, recorded as they were created (guarded by this). */
  private final Set<String> own = new LinkedHashSet<>();

  private PredecessorFence(Path file) {
    this.file = file;
  }

  /** The fence for a static member under exactly-once; empty otherwise, where Kafka Streams' own clients serve. */
  static Optional<PredecessorFence> of(ServiceConfig config) {
    Properties props = config.streamsProperties();
    String guarantee = props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    Optional<String> member = config.groupInstanceId();
    if (member.isEmpty() || !guarantee.startsWith("exactly_once")) {
      return Optional.empty();
    }
    return Optional.of(new PredecessorFence(config.stateDir().resolve(config.applicationId() + "-" + member.get() + ".transactional-ids")));
  }

  /**
   * Fences the producers that the previous run on this state directory recorded, then forgets them.
   *
   * @return the transactional ids fenced
   */
  synchronized Set<String> fencePredecessors(Admin admin) throws InterruptedException {
    Set<String> ids = predecessors();
    if (!ids.isEmpty()) {
      try {
        admin.fenceProducers(ids).all().get(60, TimeUnit.SECONDS);
        LOG.info("Fenced the producers of this instance's previous run {}: their open transactions are aborted now,"
            + " not after transaction.timeout.ms", ids);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("Could not fence the producers of this instance's previous run {} ({}); a transaction it left open"
            + " is aborted after transaction.timeout.ms instead", ids, e.getMessage());
      }
    }
    forgetPredecessors();
    return ids;
  }

  /** The recorded ids that are not this process's own producers'. */
  synchronized Set<String> predecessors() {
    Set<String> ids = recorded();
    ids.removeAll(own);
    return ids;
  }

  /** Leaves only this process's own ids in the file, for its successor. */
  synchronized void forgetPredecessors() {
    try {
      if (own.isEmpty()) {
        Files.deleteIfExists(file);
      } else {
        Files.write(file, own, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reset " + file + ": " + e.getMessage(), e);
    }
  }

  private Set<String> recorded() {
    try {
      return Files.exists(file) ? new LinkedHashSet<>(Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::trim).filter(id -> !id.isEmpty()).toList()) : new LinkedHashSet<>();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the producer's transactional id down before the producer can open a transaction. */
  @Override
  public synchronized Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    Object id = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    if (id != null) {
      own.add(id.toString());
      try {
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(id.toString()), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot record the transactional id in " + file + ": " + e.getMessage(), e);
      }
    }
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return getConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return getConsumer(config);
  }
}
