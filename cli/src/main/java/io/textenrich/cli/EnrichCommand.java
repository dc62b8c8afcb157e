package io.textenrich.cli;

import io.textenrich.cli.chaos.ChaosCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "enrich", mixinStandardHelpOptions = true, version = "enrich 0.1.0", scope = CommandLine.ScopeType.INHERIT,
    description = "Real-time text enrichment on Kafka Streams with transformer models.",
    subcommands = {CommandLine.HelpCommand.class})
public final class EnrichCommand {

  private EnrichCommand() {}

  /** The values of ENRICH_LOG_FORMAT that logback.xml has a configuration for. */
  static final List<String> LOG_FORMATS = List.of("text", "json");

  public static void main(String[] args) {
    // Checked before anything logs: an unknown format would find no configuration and log nothing at all.
    String logFormat = System.getenv("ENRICH_LOG_FORMAT");
    if (logFormat != null && !LOG_FORMATS.contains(logFormat)) {
      System.err.println("enrich: ENRICH_LOG_FORMAT=" + logFormat + " is not a log format; use one of " + LOG_FORMATS);
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(commandLine(out).execute(args));
  }

  static CommandLine commandLine(PrintStream out) {
    CommandLine cli = new CommandLine(new EnrichCommand())
        .addSubcommand(new DemoCommand(out))
        .addSubcommand(new RunCommand(out))
        .addSubcommand(new EmbedCommand(out))
        .addSubcommand(new ClassifyCommand(out))
        .addSubcommand(new TrainHeadCommand(out))
        .addSubcommand(new EvaluateHeadCommand(out))
        .addSubcommand(new CompleteCommand(out))
        .addSubcommand(new BrokerCommand(out))
        .addSubcommand(new TopicsCommand(out))
        .addSubcommand(new ProduceCommand(out))
        .addSubcommand(new TailCommand(out))
        .addSubcommand(new BenchCommand(out, System.err))
        .addSubcommand(new ChaosCommand(out, System.err));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String prefix = "enrich " + commandLine.getCommandName() + ": ";
      if (e instanceof CommandFailure) {
        commandLine.getErr().println(prefix + e.getMessage());
        return 1;
      }
      if (e instanceof NoSuchFileException missing) {
        commandLine.getErr().println(prefix + "no such file: " + Path.of(missing.getFile()).toAbsolutePath());
        return 2;
      }
      if (e instanceof AccessDeniedException denied) {
        commandLine.getErr().println(prefix + "permission denied: " + Path.of(denied.getFile()).toAbsolutePath());
        return 2;
      }
      boolean userError = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
      if (!userError) {
        e.printStackTrace(commandLine.getErr());
      }
      commandLine.getErr().println(prefix + e.getMessage());
      return userError ? 2 : 1;
    });
    return cli;
  }
}
