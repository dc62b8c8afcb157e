package io.textenrich.cli.chaos;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service against the broker's SASL_SSL listener (SCRAM-SHA-512, certificate from the CA the lab generated),
 * configured only as docs/security.md documents: a {@code run --config} file without secrets, and the JAAS line with the
 * password in the environment variable {@code KAFKA_SASL_JAAS_CONFIG}. A wrong password and an untrusted certificate
 * must each stop it quickly with a message that says so; no password may appear in its log or on {@code /metrics}.
 */
final class SecuredCluster implements Scenario {

  static final String USER = "enrich-chaos";

  @Override
  public String name() {
    return "secured-cluster";
  }

  @Override
  public String description() {
    return "SASL_SSL with SCRAM-SHA-512 and a generated CA; wrong password and untrusted certificate fail fast";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of(name());
    lab.createTopics(topics, 2);
    String password = lab.brokerPassword();
    Map<String, String> secured = new HashMap<>(lab.serviceSettings(name(), topics));
    Map<String, String> client = lab.broker().securedClientSettings(password);
    secured.put("bootstrap.servers", client.get("bootstrap.servers"));
    secured.put("security.protocol", "SASL_SSL");
    secured.put("sasl.mechanism", "SCRAM-SHA-512");
    secured.put("ssl.truststore.type", "PEM");
    secured.put("ssl.truststore.location", client.get("ssl.truststore.location"));
    ScenarioResult result = new ScenarioResult(name());
    ServiceProcess service = lab.service(name(), secured, Map.of("KAFKA_SASL_JAAS_CONFIG", jaas(password)), "1g");
    lab.startAndAwait(service);
    Ledger ledger = new Ledger();
    NormalTraffic traffic = new NormalTraffic(name() + "-", 0);
    try (EventProducer producer = new EventProducer(new HashMap<>(client), topics.input(), ledger)) {
      for (int i = 0; i < 200; i++) {
        producer.send(traffic.event(i));
      }
      producer.flush();
      result.check(producer.failures() == 0, producer.failures() + " sends failed: " + producer.lastFailure());
    }
    result.count(ledger, lab.awaitAccounted(ledger, topics, Duration.ofMinutes(3), new HashMap<>(client)));
    result.requireNoDuplicates();
    String metrics = service.get("/metrics").map(r -> r.body()).orElse("");
    result.check(!metrics.isEmpty(), "/metrics did not answer");
    result.check(!metrics.contains(password), "the password appears on /metrics");
    result.stayedUp = service.alive();
    service.stop();
    result.check(!service.logText().contains(password), "the password appears in the log " + service.log());
    result.check(!Files.readString(service.configFile()).contains(password), "the password is in the config file");
    result.maxHeapMib = lab.takeMaxHeapMib();

    String wrong = "wrong-" + Long.toHexString(System.nanoTime());
    failsFast(lab, result, "wrong-password", secured, Map.of("KAFKA_SASL_JAAS_CONFIG", jaas(wrong)), wrong, "Check the user and password");
    Map<String, String> untrusted = new HashMap<>(secured);
    untrusted.remove("ssl.truststore.type");
    untrusted.remove("ssl.truststore.location");
    failsFast(lab, result, "untrusted-certificate", untrusted, Map.of("KAFKA_SASL_JAAS_CONFIG", jaas(password)), password,
        "Check that ssl.truststore.location");
    lab.killServices(result);
    return result;
  }

  private static String jaas(String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
        + password + "\";";
  }

  private void failsFast(ChaosLab lab, ScenarioResult result, String name, Map<String, String> settings, Map<String, String> env,
      String password, String expected) throws Exception {
    Map<String, String> own = new HashMap<>(settings);
    own.put("application.id", name() + "-" + name);
    ServiceProcess service = lab.service(name() + "-" + name, own, env, "512m");
    long start = System.nanoTime();
    service.start();
    long deadline = start + Duration.ofSeconds(120).toNanos();
    while (service.alive() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
    boolean exited = !service.alive();
    double seconds = (System.nanoTime() - start) / 1e9;
    String log = service.logText();
    String message = BrokerOutage.lastError(log);
    result.figures.put(name + "_exit", exited ? service.exitCode().orElse(-1) + " after " + Math.round(seconds) + " s" : "still running");
    result.figures.put(name + "_message", message);
    result.check(exited && service.exitCode().orElse(0) != 0, name + ": the service did not stop within 120 s");
    result.check(message.contains(expected), name + ": the last message does not say '" + expected + "': " + message);
    result.check(!log.contains(password), name + ": the password appears in the log " + service.log());
    service.kill();
  }
}
