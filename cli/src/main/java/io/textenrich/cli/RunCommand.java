package io.textenrich.cli;

import io.textenrich.topology.EnrichmentService;
import io.textenrich.topology.config.ServiceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the service against a Kafka cluster until stopped (Ctrl-C or SIGTERM).")
final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file; ENRICH_* and KAFKA_* environment variables override it. Without it: defaults and environment.")
  Path config;

  @Override
  public Integer call() throws Exception {
    ServiceConfig settings = config != null
        ? ConfigFile.load(config)
        : ServiceConfig.fromMap(ServiceConfig.fromEnvironment(System.getenv()));
    EnrichmentService service = EnrichmentService.start(settings);
    Thread hook = new Thread(service::close, "enrich-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    service.awaitStopped();
    return service.state() == KafkaStreams.State.ERROR ? 1 : 0;
  }
}
