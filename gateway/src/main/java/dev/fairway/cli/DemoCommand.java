package dev.fairway.cli;

import dev.fairway.catalog.Secret;
import dev.fairway.mock.Demo;
import dev.fairway.tenancy.KeyDraft;
import dev.fairway.tenancy.MasterKey;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fairway demo}: the gateway on simulated providers, no keys needed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the gateway against simulated providers on loopback (no API keys needed)."
        + " Every answer is marked simulated.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Gateway port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Gateway address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--fast", description = "No simulated latency (answers at once).")
  boolean fast;

  @Option(names = "--auth", description = "Turn authentication on: generate a master key (unless FAIRWAY_MASTER_KEY"
      + " is set) and one virtual key, and print both.")
  boolean auth;

  @Option(names = "--data", defaultValue = "fairway-data", description = "Where the demo keeps its database"
      + " (default: ${DEFAULT-VALUE}).")
  java.nio.file.Path data;

  @Override
  public Integer call() {
    Demo demo;
    String envMaster = System.getenv("FAIRWAY_MASTER_KEY");
    Secret master = envMaster != null && !envMaster.isBlank() ? new Secret(envMaster.strip())
        : auth ? MasterKey.generate(new java.security.SecureRandom()) : null;
    String virtualKey = null;
    try {
      demo = Demo.start(host, port, fast, data, master);
      if (auth) {
        virtualKey = demo.gateway().tenancy().admin().createKey(new KeyDraft("demo", null, null, null, null), "demo")
            .secretKey();
      }
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      System.err.println("fairway demo: could not start: " + (root.getMessage() == null ? root : root.getMessage()));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
    }, "demo-shutdown"));
    String base = "http://" + host + ":" + demo.port();
    System.out.println("Fairway " + Main.version() + " demo: gateway on " + base
        + ", simulated providers on " + demo.mock().baseUrl());
    System.out.println("Every answer is simulated (header x-fairway-simulated: true). Models: "
        + String.join(", ", demo.gateway().config().catalog().models().keySet()));
    System.out.println();
    String authHeader = "";
    if (master != null) {
      System.out.println("Authentication is on." + (envMaster != null && !envMaster.isBlank()
          ? " Master key: from FAIRWAY_MASTER_KEY." : " Master key (shown once): " + master.value()));
      if (virtualKey != null) {
        System.out.println("A virtual key for clients (shown once): " + virtualKey);
        authHeader = " -H 'authorization: Bearer " + virtualKey + "'";
      } else {
        authHeader = " -H 'authorization: Bearer $FAIRWAY_MASTER_KEY'";
      }
      System.out.println("  curl -s " + base + "/v1/chat/completions -H 'content-type: application/json'" + authHeader
          + " \\");
      System.out.println("    -d '{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}'");
      System.out.println();
    }
    System.out.println("Try:");
    System.out.println("  curl -s " + base + "/v1/chat/completions -H 'content-type: application/json'" + authHeader
        + " \\");
    System.out.println("    -d '{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"What is 17 * 23?\"}]}'");
    System.out.println("  curl -si " + base + "/v1/chat/completions -H 'content-type: application/json'" + authHeader
        + " \\");
    System.out.println("    -d '{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"Plan a database migration\"}]}'"
        + "   # the router picks; see x-fairway-route");
    System.out.println("  curl -s " + base + "/v1/messages -H 'content-type: application/json'" + authHeader
        + " \\");
    System.out.println("    -d '{\"model\": \"claude-haiku-4-5\", \"max_tokens\": 256, \"messages\": [{\"role\": \"user\", \"content\": \"What is 17 * 23?\"}]}'");
    System.out.println();
    System.out.println("Press Ctrl+C to stop.");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
