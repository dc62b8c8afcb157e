package io.textenrich.cli.chaos;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends events to the input topic and enters each one in the ledger once the broker acknowledged it, so that "events
 * in" counts only what the service could have read. Idempotent, and patient enough (15 minutes) to ride out a broker
 * outage with its records buffered.
 */
final class EventProducer implements AutoCloseable {

  /**
   * @param id the event id, also the record key; null for a record without key, whose id is then the service's
   *     fallback, topic-partition-offset
   */
  record Event(String id, byte[] value, Headers headers, Ledger.Expect expect) {

    static Event json(String id, String json, Ledger.Expect expect) {
      return new Event(id, json.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), expect);
    }
  }

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final Ledger ledger;
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastFailure = "";

  EventProducer(Map<String, Object> client, String topic, Ledger ledger) {
    Map<String, Object> config = new HashMap<>(client);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "900000");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "900000");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L << 20));
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.ledger = ledger;
  }

  void send(Event event) {
    byte[] key = event.id() == null ? null : event.id().getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(topic, null, key, event.value(), event.headers()), (meta, error) -> {
      if (error != null) {
        failures.incrementAndGet();
        lastFailure = error.toString();
      } else {
        ledger.add(event.id() != null ? event.id() : meta.topic() + "-" + meta.partition() + "-" + meta.offset(), event.expect());
      }
    });
  }

  /** Sends {@code count} events at {@code perSecond}, evenly spaced, on the calling thread. */
  void sendSteadily(int count, double perSecond, IntFunction<Event> events) {
    long start = System.nanoTime();
    for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
      long due = start + (long) (i * 1e9 / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      send(events.apply(i));
    }
  }

  /** Runs {@link #sendSteadily} on a thread of its own. */
  Thread sendSteadilyInBackground(int count, double perSecond, IntFunction<Event> events) {
    Thread thread = new Thread(() -> sendSteadily(count, perSecond, events), "chaos-producer");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  void flush() {
    producer.flush();
  }

  long failures() {
    return failures.get();
  }

  String lastFailure() {
    return lastFailure;
  }

  @Override
  public void close() {
    producer.close();
  }
}
