package dev.fairway.cli;

import dev.fairway.config.ConfigException;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fairway serve}: runs the gateway from fairway.yaml and/or the environment. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the gateway. Without a config file, enables each provider whose credentials are in the"
        + " environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, AWS credentials, GEMINI_API_KEY).")
final class ServeCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, description = "Configuration file (default: $FAIRWAY_CONFIG, else ./fairway.yaml if present).")
  Path config;

  @Option(names = "--host", description = "Address to listen on (default: from config, else 127.0.0.1).")
  String host;

  @Option(names = {"-p", "--port"}, description = "Port to listen on (default: from config, else 8080).")
  Integer port;

  /** Where credentials, FAIRWAY_CONFIG and HOME come from; tests replace the process's own. */
  Map<String, String> environment = System.getenv();

  /** Where an implicit ./fairway.yaml is looked for. */
  Path workingDirectory = Path.of("");

  /** The configuration file: {@code --config}, else {@code $FAIRWAY_CONFIG}, else {@code ./fairway.yaml} if present, else none. */
  static Path configFile(Path explicit, Map<String, String> env, Path workingDirectory) {
    if (explicit != null) {
      return explicit;
    }
    String fromEnv = env.get("FAIRWAY_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    Path local = workingDirectory.resolve("fairway.yaml");
    return Files.isRegularFile(local) ? local : null;
  }

  @Override
  public Integer call() {
    Path file = configFile(config, environment, workingDirectory);
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(file, environment);
    } catch (ConfigException e) {
      System.err.println("fairway: configuration error: " + e.getMessage());
      return 2;
    }
    if (host != null) {
      cfg = cfg.withServer(cfg.server().withHost(host));
    }
    if (port != null) {
      cfg = cfg.withServer(cfg.server().withPort(port));
    }
    if (cfg.catalog().models().isEmpty()) {
      System.err.println("fairway: no models to serve: no provider credentials were found and no fairway.yaml"
          + " declares a provider.");
      cfg.notes().forEach(n -> System.err.println("  - " + n));
      System.err.println("Set one of OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or AWS credentials,"
          + " or try Fairway on simulated providers first (no keys needed):\n\n    ./fairway demo [--port N]\n");
      return 2;
    }
    return Launch.run(cfg, "");
  }
}
