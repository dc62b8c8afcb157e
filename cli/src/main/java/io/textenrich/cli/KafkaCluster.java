package io.textenrich.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What the command line asks a cluster before it reads or writes: is it there, does a topic exist, and the topics a
 * configuration names created. Every question is answered or fails within {@link #TIMEOUT}, naming the cause.
 */
final class KafkaCluster implements AutoCloseable {

  /** How long a command waits for the cluster before it gives up; also the producer's delivery bound. */
  static final int TIMEOUT_SECONDS = 15;
  static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);

  private final Admin admin;
  private final String bootstrapServers;

  private KafkaCluster(Admin admin, String bootstrapServers) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * An admin client on the settings of the command's own client (those an admin client knows: address, security),
   * once the cluster has answered.
   *
   * @throws CommandFailure when it does not answer within {@link #TIMEOUT}
   */
  static KafkaCluster connect(Map<String, Object> clientSettings) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.keySet().retainAll(AdminClientConfig.configNames());
    settings.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    settings.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    String servers = String.valueOf(settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    Admin admin;
    try {
      admin = Admin.create(settings);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new CommandFailure("Cannot connect to Kafka at " + servers + ": " + causeOf(e));
    }
    KafkaCluster cluster = new KafkaCluster(admin, servers);
    try {
      cluster.await(admin.describeCluster().clusterId(), "reach Kafka");
    } catch (RuntimeException e) {
      admin.close(Duration.ZERO);
      throw e;
    }
    return cluster;
  }

  /** @throws CommandFailure when the topic does not exist, naming the command that creates it */
  TopicDescription requireTopic(String topic) {
    return describe(topic).orElseThrow(() -> new CommandFailure("Topic " + topic + " does not exist on " + bootstrapServers
        + "; create it (bin/enrich topics --config FILE creates every topic the service's configuration names)"));
  }

  /** The topic's description, empty when it does not exist. */
  Optional<TopicDescription> describe(String topic) {
    try {
      return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw new CommandFailure("Cannot describe topic " + topic + " on " + bootstrapServers + ": " + causeOf(e.getCause()));
    } catch (TimeoutException e) {
      throw timedOut("describe topic " + topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("Interrupted while describing topic " + topic);
    }
  }

  /**
   * Creates the topics that do not exist yet, with the cluster's default replication factor and the delete cleanup
   * policy (the service's topics are event streams; Kafka Streams makes its own compacted changelogs).
   *
   * @return per topic, in order, what happened: "created, N partitions" or "exists, N partitions"
   * @throws CommandFailure naming the first topic that could not be created and why
   */
  Map<String, String> createTopics(List<String> names, int partitions) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty())
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)));
    }
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    Map<String, String> outcome = new LinkedHashMap<>();
    for (String name : names) {
      try {
        results.get(name).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        outcome.put(name, "created, " + partitions + " partition(s)");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new CommandFailure("Cannot create topic " + name + " on " + bootstrapServers + ": " + causeOf(e.getCause()));
        }
        int existing = describe(name).map(d -> d.partitions().size()).orElse(0);
        outcome.put(name, "exists, " + existing + " partition(s), left as it is");
      } catch (TimeoutException e) {
        throw timedOut("create topic " + name);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure("Interrupted while creating topic " + name);
      }
    }
    return outcome;
  }

  private <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw timedOut(what);
      }
      throw new CommandFailure("Cannot " + what + " at " + bootstrapServers + ": " + causeOf(e.getCause()));
    } catch (TimeoutException e) {
      throw timedOut(what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("Interrupted while trying to " + what);
    }
  }

  private CommandFailure timedOut(String what) {
    return new CommandFailure("Cannot " + what + " at " + bootstrapServers + " within " + TIMEOUT.toSeconds() + " s: check"
        + " bootstrap.servers and that the broker is running and reachable (bin/enrich broker starts a local one); a secured"
        + " cluster also needs its security.protocol, sasl.* and ssl.* settings (--config FILE or -X key=value)");
  }

  /** The innermost message: Kafka wraps the one that names the problem. */
  static String causeOf(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
  }
}
