package io.textenrich.cli;

import io.textenrich.cli.chaos.ChaosCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "enrich", mixinStandardHelpOptions = true, version = "enrich 0.1.0", scope = CommandLine.ScopeType.INHERIT,
    description = "Real-time text enrichment on Kafka Streams with transformer models.",
    subcommands = {CommandLine.HelpCommand.class})
public final class EnrichCommand {

  private EnrichCommand() {}

  public static void main(String[] args) {
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
        .addSubcommand(new ProduceCommand(out))
        .addSubcommand(new TailCommand(out))
        .addSubcommand(new BenchCommand(out, System.err))
        .addSubcommand(new ChaosCommand(out, System.err));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean userError = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
      if (!userError) {
        e.printStackTrace(commandLine.getErr());
      }
      commandLine.getErr().println("enrich " + commandLine.getCommandName() + ": " + e.getMessage());
      return userError ? 2 : 1;
    });
    return cli;
  }
}
