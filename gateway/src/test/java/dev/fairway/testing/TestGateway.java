package dev.fairway.testing;

import dev.fairway.Gateway;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.mock.MockServer;
import java.util.Map;

/**
 * A mock provider and a gateway wired to it, both on loopback with free ports, for tests that go
 * over real HTTP. The YAML may use {@code ${MOCK}} for the mock's base URL.
 */
public final class TestGateway implements AutoCloseable {
  public final MockServer mock;
  public final Gateway gateway;
  public final Http http;

  private final java.nio.file.Path storage;

  private TestGateway(MockServer mock, Gateway gateway, java.nio.file.Path storage) {
    this.storage = storage;
    this.mock = mock;
    this.gateway = gateway;
    this.http = new Http("http://127.0.0.1:" + gateway.port());
  }

  /** One OpenAI-protocol provider "mock" serving the given models (ids = upstream names). */
  public static TestGateway withModels(String... models) {
    StringBuilder y = new StringBuilder("providers:\n  mock: {protocol: openai, base_url: \"${MOCK}/v1\", api_key: test-key}\n");
    y.append("models:\n");
    for (String m : models) {
      y.append("  - {id: ").append(m).append(", owner: test, prices: {input: 1.0, output: 2.0}, context_window: 8000,")
          .append(" capabilities: [tools, vision, json], deployments: [{provider: mock, model: ").append(m).append("}]}\n");
    }
    return start(y.toString());
  }

  public static TestGateway start(String yaml) {
    return start(yaml, CallEvents.NONE);
  }

  /** Like {@link #start(String)}, with a mock that rejects any API key but {@code key}. */
  public static TestGateway startWithMockKey(String key, String yaml) {
    return start(yaml, CallEvents.NONE, MockServer.Config.loopback(0).withExpectedApiKey(key));
  }

  public static TestGateway start(String yaml, CallEvents events) {
    return start(yaml, events, MockServer.Config.loopback(0));
  }

  public static TestGateway start(String yaml, CallEvents events, MockServer.Config mockConfig) {
    return start(yaml, new Gateway.Options(1, System::nanoTime, events), mockConfig);
  }

  /** With explicit gateway options: a fake ticker, seeded randomness, listeners. */
  public static TestGateway start(String yaml, Gateway.Options options, MockServer.Config mockConfig) {
    MockServer mock = MockServer.start(mockConfig);
    java.nio.file.Path storage = null;
    try {
      // Each gateway gets a database of its own, removed on close (unless the test names one).
      if (!yaml.contains("storage:")) {
        storage = java.nio.file.Files.createTempDirectory("fairway-test-");
      }
      String text = (storage == null ? "" : "storage: {path: \"" + storage + "\"}\n")
          + (yaml.contains("server:") ? "" : "server: {port: 0}\n")
          + (yaml.contains("catalog:") ? "" : "catalog: {builtin: false}\n")
          + yaml.replace("${MOCK}", mock.baseUrl());
      GatewayConfig cfg = ConfigLoader.loadText("test.yaml", text, Map.of());
      Gateway gw = Gateway.start(cfg, options);
      return new TestGateway(mock, gw, storage);
    } catch (RuntimeException | java.io.IOException e) {
      mock.close();
      TestDatabases.deleteTree(storage);
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** Forgets what earlier tests did to deployment health (open circuits, cooldowns). */
  public void resetHealth() {
    gateway.resetHealth();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  @Override
  public void close() {
    gateway.close();
    mock.close();
    TestDatabases.deleteTree(storage);
  }
}
