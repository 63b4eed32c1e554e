package dev.fairway.cli;

import dev.fairway.catalog.ConfigException;
import dev.fairway.catalog.ConfigLoader;
import dev.fairway.catalog.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Override
  public Integer call() {
    Path file = config;
    if (file == null && System.getenv("FAIRWAY_CONFIG") != null) {
      file = Path.of(System.getenv("FAIRWAY_CONFIG"));
    }
    if (file == null && Files.isRegularFile(Path.of("fairway.yaml"))) {
      file = Path.of("fairway.yaml");
    }
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(file, System.getenv());
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
          + " or try Fairway on simulated providers first:\n\n    ./fairway demo\n");
      return 2;
    }
    return Launch.run(cfg, "");
  }
}
