package dev.fairway.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mock LLM provider on loopback, speaking the providers' wire protocols faithfully, with
 * deterministic answers, configurable latency and injected failures. Tests, the demo and the
 * benchmarks all use it. Behaviour can change while it runs, per model or for all models.
 */
public final class MockServer implements AutoCloseable {

  /** Wire protocols a mock can speak; one server may speak several (they use distinct paths). */
  public enum Protocol { OPENAI, ANTHROPIC, BEDROCK, GEMINI }

  /** Start-up settings. {@code expectedApiKey} null accepts any credentials. */
  public record Config(String host, int port, Set<Protocol> protocols, MockBehaviour behaviour, long seed,
      String expectedApiKey) {
    public static Config loopback(int port) {
      return new Config("127.0.0.1", port, EnumSet.allOf(Protocol.class), MockBehaviour.DEFAULT, 42, null);
    }

    public Config withBehaviour(MockBehaviour b) {
      return new Config(host, port, protocols, b, seed, expectedApiKey);
    }

    public Config withProtocols(Set<Protocol> p) {
      return new Config(host, port, p, behaviour, seed, expectedApiKey);
    }

    public Config withExpectedApiKey(String key) {
      return new Config(host, port, protocols, behaviour, seed, key);
    }
  }

  /** A request as the mock received it, for tests to assert on. */
  public record Received(String method, String uri, Map<String, String> headers, String body) {}

  private static final int RECORD_LIMIT = 200;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Config config;
  private final Map<String, MockBehaviour> perModel = new ConcurrentHashMap<>();
  private volatile MockBehaviour defaults;
  private final SplittableRandom random;
  private final ArrayDeque<Received> received = new ArrayDeque<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final Map<String, AtomicLong> callsByModel = new ConcurrentHashMap<>();
  // Calls served under each behaviour (by identity): a newly set behaviour starts its own count.
  private final Map<MockBehaviour, AtomicLong> callsUnder =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
  private final List<MockFront> fronts = new ArrayList<>();
  private HttpServer server;
  private volatile String[] awsCredentials;

  private MockServer(Vertx vertx, boolean ownsVertx, Config config) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.defaults = config.behaviour();
    this.random = new SplittableRandom(config.seed());
    fronts.add(new EmbeddingMock(this)); // answers only the embedding paths of the protocols it speaks
    if (config.protocols().contains(Protocol.OPENAI)) {
      fronts.add(new OpenAiMock(this));
    }
    if (config.protocols().contains(Protocol.ANTHROPIC)) {
      fronts.add(new AnthropicMock(this));
    }
    if (config.protocols().contains(Protocol.BEDROCK)) {
      fronts.add(new BedrockMock(this));
    }
    if (config.protocols().contains(Protocol.GEMINI)) {
      fronts.add(new GeminiMock(this));
    }
  }

  /** Starts a mock on its own Vert.x instance; returns once it listens. */
  public static MockServer start(Config config) {
    return start(Vertx.vertx(), true, config);
  }

  /** Starts a mock on an existing Vert.x instance (which it will not close). */
  public static MockServer start(Vertx vertx, Config config) {
    return start(vertx, false, config);
  }

  private static MockServer start(Vertx vertx, boolean owns, Config config) {
    MockServer m = new MockServer(vertx, owns, config);
    HttpServerOptions opts = new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setTcpNoDelay(true).setReusePort(true);
    m.server = vertx.createHttpServer(opts).requestHandler(m::handle);
    try {
      m.server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (owns) {
        vertx.close();
      }
      throw new IllegalStateException("mock provider could not listen on " + config.host() + ":" + config.port(), e);
    }
    return m;
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String baseUrl() {
    return "http://" + config.host() + ":" + port();
  }

  Vertx vertx() {
    return vertx;
  }

  Config config() {
    return config;
  }

  /**
   * AWS credentials the Bedrock face verifies SigV4 signatures against (as AWS would); with none
   * set it checks only that requests are signed in the right form.
   */
  public void expectAwsCredentials(String accessKeyId, String secretAccessKey) {
    this.awsCredentials = accessKeyId == null ? null : new String[] {accessKeyId, secretAccessKey};
  }

  /** {accessKeyId, secretAccessKey}, or null. */
  String[] awsCredentials() {
    return awsCredentials;
  }

  /** Changes behaviour for every model without its own override. */
  public void behave(MockBehaviour b) {
    this.defaults = b;
  }

  /** Changes behaviour for one model (as named in requests). */
  public void behave(String model, MockBehaviour b) {
    perModel.put(model, b);
  }

  /**
   * The behaviour for one call to {@code model}. A fault with an error rate strikes that fraction
   * of calls (decided here, from the seeded sequence); a fault without one strikes every call.
   */
  public MockBehaviour behaviour(String model) {
    if (model != null) {
      callsByModel.computeIfAbsent(model, k -> new AtomicLong()).incrementAndGet();
    }
    MockBehaviour b = model == null ? null : perModel.get(model);
    b = b != null ? b : defaults;
    if (b.fault() == MockBehaviour.Fault.NONE || b.errorRate() <= 0) {
      return b;
    }
    boolean strike;
    synchronized (random) {
      strike = random.nextDouble() < b.errorRate();
    }
    MockBehaviour once = b.withErrors(0, b.errorStatus());
    return strike ? once : once.withFault(MockBehaviour.Fault.NONE);
  }

  /** Decides, from the seeded sequence, whether this call gets an injected error. */
  boolean injectError(MockBehaviour b) {
    if (b.failFirst() > 0 && callsUnder.computeIfAbsent(b, k -> new AtomicLong()).incrementAndGet() <= b.failFirst()) {
      return true;
    }
    if (b.errorRate() <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < b.errorRate();
    }
  }

  public long requestCount() {
    return requests.get();
  }

  /** The most recent requests (up to 200), oldest first. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public Received lastReceived() {
    synchronized (received) {
      return received.peekLast();
    }
  }

  public void clearReceived() {
    synchronized (received) {
      received.clear();
    }
  }

  /** How many calls named this model (as the provider saw it). */
  public long callsTo(String model) {
    AtomicLong n = callsByModel.get(model);
    return n == null ? 0 : n.get();
  }

  /** Responses whose client went away before the answer was complete (cancelled upstream calls). */
  public long abandonedCount() {
    return abandoned.get();
  }

  private void handle(HttpServerRequest req) {
    requests.incrementAndGet();
    boolean[] ended = {false};
    req.response().endHandler(v -> ended[0] = true);
    req.response().closeHandler(v -> {
      if (!ended[0]) {
        abandoned.incrementAndGet();
      }
    });
    req.body().onSuccess(body -> {
      record(req, body);
      for (MockFront f : fronts) {
        if (f.handles(req)) {
          f.handle(req, body);
          return;
        }
      }
      req.response().setStatusCode(404).putHeader("content-type", "application/json")
          .end("{\"error\":{\"message\":\"mock: no route for " + req.method() + " " + req.path()
              + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
    });
  }

  private void record(HttpServerRequest req, Buffer body) {
    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    req.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
    Received r = new Received(req.method().name(), req.uri(), headers, body.toString());
    synchronized (received) {
      if (received.size() == RECORD_LIMIT) {
        received.pollFirst();
      }
      received.addLast(r);
    }
  }

  @Override
  public void close() {
    try {
      Future<Void> f = server.close();
      f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // shutting down anyway
    }
    if (ownsVertx) {
      vertx.close();
    }
  }
}
