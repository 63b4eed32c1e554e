package dev.fairway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpClientAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One gateway under load in a process of its own, with everything it needs and nothing it could
 * share with another: a temp directory as its working directory and {@code storage.path}, a
 * PostgreSQL database of its own when its ledger is on PostgreSQL, and, when it authenticates, a
 * master key and a virtual key made through the admin API. {@link #close} stops it and removes
 * all of these.
 */
final class BenchGateway implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MASTER_KEY_ENV = "FAIRWAY_MASTER_KEY";
  /** Budgets and limits high enough never to refuse, so they are evaluated on every request. */
  private static final String LIMITS = "\"max_budget_usd\": \"1000000000\", \"budget_period\": \"1d\","
      + " \"rpm\": 1000000000, \"tpm\": 1000000000000, \"max_parallel\": 1000000";

  /**
   * The wave-2 stages a gateway runs: virtual-key authentication with budgets and limits, the
   * usage ledger (on {@code sqlite} or {@code postgres}; null: off), the decision record with its
   * transparency-log append.
   */
  record Stages(boolean auth, String ledger, boolean audit) {
    /** Every stage explicitly off: the baseline. */
    static final Stages OFF = new Stages(false, null, false);
    /** Nothing said: the build's defaults (ledger and decision log on, no keys), as before stage flags existed. */
    static final Stages DEFAULTS = new Stages(false, "sqlite", true);

    Stages {
      if (ledger != null && !ledger.equals("sqlite") && !ledger.equals("postgres")) {
        throw new IllegalArgumentException("unknown ledger database '" + ledger + "' (expected sqlite or postgres)");
      }
    }

    boolean any() {
      return auth || ledger != null || audit;
    }

    boolean postgres() {
      return "postgres".equals(ledger);
    }

    String describe() {
      if (!any()) {
        return "every wave-2 stage off (no master key, ledger.enabled false, transparency.enabled false)";
      }
      return String.join(", ", java.util.stream.Stream.of(auth ? "virtual-key auth with budgets and limits" : null,
          ledger != null ? "ledger on " + ledger : "ledger off", audit ? "decision record + transparency log"
              : "decision log off").filter(s -> s != null).toList());
    }
  }

  /** How the harness reaches PostgreSQL (trust auth) for a ledger there. */
  record Postgres(String hostPort, String user) {}

  final String name;
  final Stages stages;
  final LoadEndpoint endpoint;
  private final BenchProcesses.JavaMain main;
  private final boolean defaults;
  private Path dir;
  private String database;
  private Postgres pg;
  private BenchProcesses procs;
  private Process process;
  private String virtualKey;
  private String note;
  int port;

  /**
   * @param defaults write no stage switches (the build's defaults), as the harness did before it
   *     had stage flags
   */
  BenchGateway(String name, BenchProcesses.JavaMain main, Stages stages, LoadEndpoint endpoint, boolean defaults) {
    this.name = name;
    this.main = main;
    this.stages = stages;
    this.endpoint = endpoint;
    this.defaults = defaults;
  }

  /**
   * Starts it and waits until it answers. A gateway with every stage off whose build refuses the
   * wave-2 sections (it predates them: an older jar as the baseline) is started again on the core
   * configuration alone, and {@link #note} says so.
   */
  void start(BenchProcesses procs, int port, int mockPort, String embedder, String jvmOpts, Postgres postgres)
      throws IOException, InterruptedException {
    this.port = port;
    this.procs = procs;
    dir = Files.createTempDirectory("fairway-bench-" + name + "-");
    String pgUrl = null;
    if (stages.postgres()) {
      pg = postgres;
      database = "fairway_bench_load_" + HexFormat.of().formatHex(random(6));
      pgExec("CREATE DATABASE " + database);
      pgUrl = "jdbc:postgresql://" + pg.hostPort() + "/" + database;
    }
    Map<String, String> env = new HashMap<>();
    env.put(MASTER_KEY_ENV, null); // whatever this shell has, only an authenticating gateway gets a key
    String master = null;
    if (stages.auth()) {
      master = "bench-master-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
      env.put(MASTER_KEY_ENV, master);
    }
    String cfg = config(port, mockPort, embedder, endpoint, dir.resolve("data"), pgUrl, pg == null ? null : pg.user(),
        defaults ? null : stages, false);
    process = launch(procs, cfg, jvmOpts, env);
    try {
      BenchProcesses.waitUntilUp(healthz(), process);
    } catch (IllegalStateException e) {
      boolean mayFallBack = defaults || !stages.any();
      if (!mayFallBack || !Files.readString(procs.log(process)).contains("unknown field")) {
        throw new IllegalStateException(name + " gateway: " + e.getMessage() + " (log " + procs.log(process) + ")");
      }
      note = "core configuration only: this build refused the wave-2 sections (it predates them and their stages)";
      System.err.println(name + ": " + note);
      procs.stop(process);
      process = launch(procs, config(port, mockPort, embedder, endpoint, null, null, null, null, true), jvmOpts, env);
      BenchProcesses.waitUntilUp(healthz(), process);
    }
    if (master != null) {
      virtualKey = createKey(master);
    }
  }

  private Process launch(BenchProcesses procs, String config, String jvmOpts, Map<String, String> env)
      throws IOException {
    Path cfg = dir.resolve("fairway.yaml");
    Files.writeString(cfg, config);
    return procs.start(name, BenchProcesses.Side.GATEWAY, main, List.of("serve", "--config", cfg.toString()), jvmOpts,
        dir, env);
  }

  /**
   * The gateway's configuration: the core every run shares (mock provider, the bench model, the
   * embedding model for the embeddings endpoint), then, unless {@code coreOnly}, its storage and
   * (when {@code stages} is not null) each stage's switch. The master key is not in it: it goes in
   * the environment.
   */
  static String config(int port, int mockPort, String embedder, LoadEndpoint endpoint, Path storage, String pgUrl,
      String pgUser, Stages stages, boolean coreOnly) {
    StringBuilder y = new StringBuilder()
        .append("server: {host: 127.0.0.1, port: ").append(port).append("}\n")
        .append("catalog: {builtin: false}\n")
        .append("providers:\n  mock: {protocol: openai, base_url: \"http://127.0.0.1:").append(mockPort)
        .append("/v1\", max_connections: 512}\n")
        .append("models:\n  - {id: bench, owner: bench, prices: {input: 1, output: 1}, context_window: 8000,")
        .append(" deployments: [{provider: mock}]}\n");
    if (endpoint == LoadEndpoint.EMBEDDINGS) {
      y.append("  - {id: ").append(LoadEndpoint.EMBEDDING_MODEL).append(", owner: bench, prices: {input: 1, output: 0},")
          .append(" context_window: 8000, capabilities: [embeddings], deployments: [{provider: mock}]}\n");
    }
    if (embedder != null) {
      y.append("routing: {embedder: ").append(embedder).append("}\n");
    }
    if (coreOnly) {
      return y.toString();
    }
    y.append("storage: {path: \"").append(storage).append('"');
    if (pgUrl != null) {
      y.append(", url: \"").append(pgUrl).append("\", user: ").append(pgUser);
    }
    y.append("}\n");
    if (stages != null) {
      y.append("ledger: {enabled: ").append(stages.ledger() != null).append("}\n")
          .append("transparency: {enabled: ").append(stages.audit()).append("}\n");
    }
    return y.toString();
  }

  /** A team and a key in it, each with a budget and limits, so both scopes are checked on every request. */
  private String createKey(String master) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    admin(http, master, "/admin/teams", "{\"id\": \"bench\", \"name\": \"bench\", " + LIMITS + "}");
    JsonNode key = admin(http, master, "/admin/keys", "{\"name\": \"bench\", \"team\": \"bench\", \"models\": [\"bench\", \""
        + LoadEndpoint.EMBEDDING_MODEL + "\"], " + LIMITS + "}");
    return key.path("key").asText();
  }

  private JsonNode admin(HttpClient http, String master, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("authorization", "Bearer " + master).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(name + " gateway: POST " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The load target for this gateway: its endpoint, asked for {@code model}, with its virtual key if it has one. */
  LoadTarget target(HttpClientAgent client, String model) {
    Map<String, String> headers = virtualKey == null ? Map.of() : Map.of("authorization", "Bearer " + virtualKey);
    return new LoadTarget(name, process.pid(), client, endpoint.gatewayPath, endpoint.gatewayBody(endpoint.model(model)),
        headers);
  }

  long pid() {
    return process.pid();
  }

  /** What the harness had to do differently from the configuration asked for, or null. */
  String note() {
    return note;
  }

  private String healthz() {
    return "http://127.0.0.1:" + port + "/healthz";
  }

  private void pgExec(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + pg.hostPort() + "/postgres", pg.user(), "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + pg.hostPort() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Stops it, drops its database and deletes its directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (process != null) {
      procs.stop(process);
      process = null;
    }
    if (database != null) {
      pgExec("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      database = null;
    }
    if (dir != null && Files.exists(dir)) {
      LedgerReportBench.deleteTree(dir);
      dir = null;
    }
  }
}
