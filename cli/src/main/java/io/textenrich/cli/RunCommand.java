package io.textenrich.cli;

import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the service against a Kafka cluster until stopped (Ctrl-C or SIGTERM).")
final class RunCommand implements Callable<Integer> {

  private final PrintStream out;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file; ENRICH_* and KAFKA_* environment variables override it. Without it: defaults and environment.")
  Path config;

  @Option(names = "--print-config",
      description = "Print every setting in effect with where it comes from (default, file, environment variable), secrets"
          + " masked, and exit without starting; a configuration with mistakes lists them all and exits with code 2.")
  boolean printConfig;

  RunCommand(PrintStream out) {
    this.out = out;
  }

  /** A configuration with mistakes stops here, all of them listed, before any model loads (exit code 2). */
  @Override
  public Integer call() throws Exception {
    ServiceConfig settings = config != null ? ConfigFile.load(config) : ServiceConfig.load(System.getenv());
    if (printConfig) {
      TextTable table = new TextTable("setting", "value", "source");
      settings.effectiveSettings().forEach(s -> table.add(s.key(), s.value(), s.source()));
      table.print(out);
      settings.warnings().forEach(w -> out.println("warning: " + w));
      return 0;
    }
    EnrichmentService service = EnrichmentService.start(settings);
    Thread hook = new Thread(service::close, "enrich-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    service.awaitStopped();
    return service.state() == KafkaStreams.State.ERROR ? 1 : 0;
  }
}
