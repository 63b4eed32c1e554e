package dev.fairway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fairway} command line. */
@Command(
    name = "fairway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Fairway: an open, neutral LLM gateway and model router.",
    subcommands = {ServeCommand.class, DemoCommand.class, MockCommand.class, RouteCommand.class, TrainCommand.class,
        EvalCommand.class,
        KeysCommand.class, TeamsCommand.class, AuditCommand.class, SpendCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The configured command line (enum options are case-insensitive: --fault reset). */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"fairway " + version()};
    }
  }

  public static String version() {
    try (InputStream in = Main.class.getResourceAsStream("/fairway-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
