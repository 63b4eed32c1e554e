package dev.fairway.mock;

import dev.fairway.Gateway;
import dev.fairway.catalog.Catalog;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.catalog.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fairway on simulated providers: mock providers on loopback posing as well-known models with
 * their real list prices and realistic latencies and quality differences, and a gateway wired to
 * them. Every answer is marked simulated ({@code x-fairway-simulated: true}, text tagged
 * {@code [simulated <model>]}).
 */
public final class Demo implements AutoCloseable {

  /**
   * A simulated model: catalog id, its time to first token, pace and quality, and the provider of the
   * demo that serves it with the model's name there.
   */
  record Profile(String model, long ttftMs, double tokensPerSecond, double quality, String provider,
      String upstreamModel) {
    Profile(String model, long ttftMs, double tokensPerSecond, double quality) {
      this(model, ttftMs, tokensPerSecond, quality, "simulated", model);
    }
  }

  static final List<Profile> PROFILES = List.of(
      new Profile("gpt-4o", 420, 90, 0.80),
      new Profile("gpt-4o-mini", 280, 140, 0.70),
      new Profile("claude-sonnet-4-5", 550, 75, 0.91, "simulated-anthropic", "claude-sonnet-4-5"),
      new Profile("claude-haiku-4-5", 300, 160, 0.84, "simulated-anthropic", "claude-haiku-4-5"),
      new Profile("gemini-2.5-flash", 350, 220, 0.83, "simulated-gemini", "gemini-2.5-flash"),
      new Profile("nova-pro", 380, 110, 0.76, "simulated-bedrock", "amazon.nova-pro-v1:0"),
      new Profile("nova-lite", 220, 190, 0.68, "simulated-bedrock", "amazon.nova-lite-v1:0"),
      new Profile("llama-3.1-8b", 120, 260, 0.52));

  /** Embedding models of the demo ({@code POST /v1/embeddings}): catalog id, demo provider, upstream name. */
  static final List<String[]> EMBEDDING_MODELS = List.of(
      new String[] {"text-embedding-3-small", "simulated", "text-embedding-3-small"},
      new String[] {"titan-embed-text-v2", "simulated-bedrock", "amazon.titan-embed-text-v2:0"},
      new String[] {"gemini-embedding-001", "simulated-gemini", "gemini-embedding-001"});

  // Fixed credentials for the simulated Bedrock: the demo signs with these, never the user's AWS keys.
  static final String DEMO_AWS_ACCESS_KEY_ID = "FAIRWAYDEMOACCESSKEY";
  static final String DEMO_AWS_SECRET_ACCESS_KEY = "fairway-demo-secret-for-the-simulated-bedrock";

  private final MockServer mock;
  private final Gateway gateway;

  private Demo(MockServer mock, Gateway gateway) {
    this.mock = mock;
    this.gateway = gateway;
  }

  /** Starts the mocks and a gateway on {@code port} (0 for any free port), open, storing under ./fairway-data. */
  public static Demo start(String host, int port, boolean fast) {
    return start(host, port, fast, dev.fairway.config.StorageConfig.DEFAULT_PATH, null);
  }

  /**
   * Starts the mocks and a gateway on {@code port} (0 for any free port).
   *
   * @param storage the directory of the demo's database
   * @param master the master key (authentication on), or null for an open gateway on loopback
   */
  public static Demo start(String host, int port, boolean fast, java.nio.file.Path storage,
      dev.fairway.catalog.Secret master) {
    return start(host, port, fast, storage, master, java.util.function.UnaryOperator.identity());
  }

  /**
   * Like {@link #start(String, int, boolean, java.nio.file.Path, dev.fairway.catalog.Secret)}, with the
   * demo's configuration passed through {@code adjust} before the gateway starts (e.g. a house policy).
   */
  public static Demo start(String host, int port, boolean fast, java.nio.file.Path storage,
      dev.fairway.catalog.Secret master, java.util.function.UnaryOperator<GatewayConfig> adjust) {
    MockServer mock = MockServer.start(MockServer.Config.loopback(0));
    mock.expectAwsCredentials(DEMO_AWS_ACCESS_KEY_ID, DEMO_AWS_SECRET_ACCESS_KEY);
    try {
      for (Profile p : PROFILES) {
        MockBehaviour b = MockBehaviour.DEFAULT.withQuality(p.quality());
        if (!fast) {
          b = b.withTtftMs(p.ttftMs()).withTokensPerSecond(p.tokensPerSecond());
        }
        mock.behave(p.upstreamModel(), b);
      }
      GatewayConfig cfg = config(mock.baseUrl(), host, port);
      cfg = cfg.withStorage(dev.fairway.config.StorageConfig.sqlite(storage));
      if (master != null) {
        cfg = cfg.withServer(cfg.server().withMasterKey(master));
      }
      return new Demo(mock, Gateway.start(adjust.apply(cfg)));
    } catch (RuntimeException e) {
      mock.close();
      throw e;
    }
  }

  /** The demo's configuration: built-in catalog entries (real prices) deployed on the mock. */
  public static GatewayConfig config(String mockBaseUrl, String host, int port) {
    StringBuilder y = new StringBuilder();
    y.append("server: {host: ").append(host).append(", port: ").append(port).append("}\n");
    y.append("providers:\n  simulated:\n    protocol: openai\n    base_url: ").append(mockBaseUrl).append("/v1\n");
    y.append("    api_key: demo-key\n");
    // Claude models speak Anthropic's Messages API, as they would in production.
    y.append("  simulated-anthropic:\n    protocol: anthropic\n    base_url: ").append(mockBaseUrl).append('\n');
    y.append("    api_key: demo-key\n");
    y.append("  simulated-gemini:\n    protocol: gemini\n    base_url: ").append(mockBaseUrl).append('\n');
    y.append("    api_key: demo-key\n");
    y.append("  simulated-bedrock:\n    protocol: bedrock\n    region: us-east-1\n    base_url: ").append(mockBaseUrl)
        .append('\n');
    y.append("    aws_access_key_id: ").append(DEMO_AWS_ACCESS_KEY_ID).append('\n');
    y.append("    aws_secret_access_key: ").append(DEMO_AWS_SECRET_ACCESS_KEY).append('\n');
    y.append("models:\n");
    for (Profile p : PROFILES) {
      y.append("  - id: ").append(p.model()).append('\n');
      y.append("    quality: ").append(p.quality()).append('\n');
      y.append("    deployments: [{provider: ").append(p.provider()).append(", model: \"").append(p.upstreamModel())
          .append("\"}]\n");
    }
    for (String[] e : EMBEDDING_MODELS) {
      y.append("  - id: ").append(e[0]).append('\n');
      y.append("    deployments: [{provider: ").append(e[1]).append(", model: \"").append(e[2]).append("\"}]\n");
    }
    y.append("fallbacks:\n");
    y.append("  gpt-4o: [claude-sonnet-4-5, gemini-2.5-flash]\n");
    y.append("  claude-sonnet-4-5: [gpt-4o]\n");
    y.append("  gpt-4o-mini: [claude-haiku-4-5, nova-lite]\n");
    // An empty environment: the demo must never reach a real provider, whatever keys are set.
    GatewayConfig cfg = ConfigLoader.loadText("demo", y.toString(), Map.of());
    Map<String, ProviderConfig> simulated = new LinkedHashMap<>();
    cfg.catalog().providers().forEach((id, p) -> simulated.put(id, p.asSimulated()));
    Catalog c = cfg.catalog();
    return new GatewayConfig(cfg.server(), new Catalog(simulated, c.models(), c.aliases(), c.fallbacks()),
        "demo (simulated providers at " + mockBaseUrl + ")", cfg.notes());
  }

  public int port() {
    return gateway.port();
  }

  public MockServer mock() {
    return mock;
  }

  public Gateway gateway() {
    return gateway;
  }

  @Override
  public void close() {
    gateway.close();
    mock.close();
  }
}
