package io.textenrich.cli.chaos;

import io.textenrich.cli.chaos.EventProducer.Event;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The HTTP endpoint listens on the loopback address unless configured otherwise, and none of its answers carries
 * message text; texts over the size limit are dead-lettered (before any tokenizer sees them); the log never shows a
 * message's text, valid or not, at the service's default level (INFO).
 */
final class SafetyBasics implements Scenario {

  @Override
  public String name() {
    return "safety";
  }

  @Override
  public String description() {
    return "HTTP on localhost only, no message text in any answer or log line, size limit before tokenization";
  }

  @Override
  public ScenarioResult run(ChaosLab lab, Scale scale) throws Exception {
    ChaosLab.Topics topics = ChaosLab.Topics.of(name());
    ServiceProcess service = lab.startLargeValueService(name(), topics);
    ScenarioResult result = new ScenarioResult(name());
    String marker = "private" + Long.toHexString(System.nanoTime()) + "words";
    Ledger ledger = new Ledger();
    try (EventProducer producer = new EventProducer(lab.client(), topics.input(), ledger)) {
      for (int i = 0; i < 40; i++) {
        String id = "safety-valid-" + i;
        producer.send(Event.json(id, "{\"id\":\"" + id + "\",\"text\":\"my " + marker + " text number " + i + "\"}", Ledger.Expect.ENRICHED));
      }
      for (int i = 0; i < 10; i++) {
        String id = "safety-bad-json-" + i;
        producer.send(Event.json(id, "{\"id\":\"" + id + "\",\"text\":\"" + marker + " " + marker + "\" " + marker + "}",
            Ledger.Expect.DEAD_LETTERED));
        id = "safety-bad-field-" + i;
        producer.send(Event.json(id, "{\"id\":\"" + id + "\",\"text\":\"t\",\"attributes\":\"" + marker + "\"}",
            Ledger.Expect.DEAD_LETTERED));
        id = "safety-bad-time-" + i;
        producer.send(Event.json(id, "{\"id\":\"" + id + "\",\"text\":\"t\",\"event_time\":\"" + marker + "\"}",
            Ledger.Expect.DEAD_LETTERED));
        id = "safety-not-utf8-" + i;
        byte[] text = (marker + " \u00ff").getBytes(StandardCharsets.ISO_8859_1);
        producer.send(new Event(id, text, new RecordHeaders(), Ledger.Expect.DEAD_LETTERED));
      }
      for (int i = 0; i < 3; i++) {
        String id = "safety-too-large-" + i;
        producer.send(Event.json(id, "{\"id\":\"" + id + "\",\"text\":\"" + (marker + " ").repeat(40_000) + "\"}",
            Ledger.Expect.DEAD_LETTERED));
      }
      producer.flush();
    }
    result.count(ledger, lab.awaitAccounted(ledger, topics, Duration.ofMinutes(3), lab.client()));
    result.requireNoDuplicates();
    List<String> reachable = new ArrayList<>();
    for (InetAddress address : externalAddresses()) {
      if (accepts(address, service.httpPort())) {
        reachable.add(address.getHostAddress());
      }
    }
    result.figures.put("external_addresses_tried", externalAddresses().size());
    result.check(reachable.isEmpty(), "the HTTP endpoint answers on " + reachable + ", not only on localhost");
    for (String path : List.of("/health", "/ready", "/metrics", "/throughput?window=1s&last=120", "/throughput?window=1m&last=10",
        "/throughput/local?window=1s", "/nothing-here")) {
      String body = service.get(path).map(r -> r.body()).orElse("");
      result.check(!body.contains(marker), "the answer to GET " + path + " carries message text");
    }
    double tooLarge = service.metric("enrich_dead_letters_total", "reason=\"text-too-large\"");
    result.check(tooLarge >= 3, "the oversized texts were not dead-lettered as text-too-large (" + tooLarge + ")");
    result.stayedUp = service.alive();
    String log = service.logText();
    long lines = log.lines().filter(l -> l.contains(marker)).count();
    result.figures.put("log_lines_with_message_text", lines);
    result.check(lines == 0, lines + " log line(s) carry message text, e.g. "
        + log.lines().filter(l -> l.contains(marker)).findFirst().map(l -> l.length() > 200 ? l.substring(0, 200) : l).orElse(""));
    result.maxHeapMib = lab.takeMaxHeapMib();
    lab.killServices(result);
    return result;
  }

  private static List<InetAddress> externalAddresses() throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        addresses.addAll(Collections.list(nic.getInetAddresses()).stream().filter(a -> !a.isLinkLocalAddress()).toList());
      }
    }
    return addresses;
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
