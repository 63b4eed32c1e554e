package dev.fairway.cli;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Message;
import dev.fairway.config.ConfigException;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.metering.PromptTokens;
import dev.fairway.mock.Demo;
import dev.fairway.routing.RouteDecision;
import dev.fairway.routing.Routing;
import dev.fairway.routing.StatsSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fairway route --explain PROMPT}: what a router would do with a prompt, and why. */
@Command(name = "route", mixinStandardHelpOptions = true,
    description = "Show how a router would route a prompt: every candidate with its predicted quality, cost and"
        + " latency, and why it was kept or dropped. Nothing is sent to any provider.")
final class RouteCommand implements Callable<Integer> {

  @Option(names = "--explain", description = "Print the full candidate table (the default; kept for clarity).")
  boolean explain;

  @Parameters(paramLabel = "PROMPT", description = "The prompt to route.")
  String prompt;

  @Option(names = {"-m", "--model"}, defaultValue = "auto",
      description = "Router (auto, auto:quality, auto:balanced, auto:cost, a named router) or model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--max-tokens", description = "The request's max_tokens.")
  Integer maxTokens;

  @Option(names = {"-c", "--config"}, description = "Configuration file (default: $FAIRWAY_CONFIG, else ./fairway.yaml).")
  Path config;

  @Option(names = "--demo", description = "Use the demo's simulated catalog instead of a configuration.")
  boolean demo;

  @Override
  public Integer call() {
    GatewayConfig cfg;
    try {
      cfg = demo ? Demo.config("http://127.0.0.1:9", "127.0.0.1", 0) : ConfigLoader.load(ServeCommand.configFile(config, System.getenv(), Path.of("")), System.getenv());
    } catch (ConfigException e) {
      System.err.println("fairway: configuration error: " + e.getMessage());
      return 2;
    }
    if (cfg.catalog().models().isEmpty()) {
      System.err.println("fairway route: no models are configured here (no provider credentials, no fairway.yaml);"
          + " add --demo to explain on the demo's simulated catalog.");
      return 2;
    }
    ChatRequest.Builder b = ChatRequest.builder(model).messages(List.of(Message.user(prompt)));
    if (maxTokens != null) {
      b.maxTokens(maxTokens);
    }
    try (Routing routing = Routing.create(cfg.catalog(), cfg.routing(), () -> StatsSnapshot.EMPTY,
        PromptTokens::forRouting)) {
      RouteDecision d = routing.routeNow(b.build());
      if (d.explanation() == null) {
        System.out.println("'" + model + "' is a model, not a router: explicit route "
            + d.candidates().stream().map(c -> c.model().id()).toList() + (d.dropped().isEmpty() ? ""
            : "; dropped " + d.dropped()));
      } else {
        System.out.print(d.explanation().table());
      }
      return 0;
    } catch (GatewayError e) {
      System.err.println("fairway route: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println("fairway route: " + e.getMessage());
      return 2;
    }
  }
}
