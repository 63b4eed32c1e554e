package dev.fairway.dispatch;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.Reason;
import dev.fairway.Gateway;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;
import dev.fairway.pipeline.Attempt;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.FakeTicker;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Circuit breakers, retries, hedging, deadlines and cancellation, over real HTTP against the mock. */
class ResilienceTest {
  static final String TWO_DEPLOYMENTS = """
      dispatch:
        circuit_breaker: {consecutive_failures: 3, open_ms: 30000}
        backoff_initial_ms: 10
      providers:
        mock: {protocol: openai, base_url: "${MOCK}/v1"}
      models:
        - id: m
          owner: o
          prices: {input: 1, output: 1}
          context_window: 1000
          %s
          deployments: [{provider: mock, model: dep-a}, {provider: mock, model: dep-b}]
        - {id: other, owner: o, prices: {input: 1, output: 1}, context_window: 1000, deployments: [{provider: mock}]}
      """;

  final FakeTicker ticker = new FakeTicker();
  final List<String> failures = new CopyOnWriteArrayList<>();
  final List<Usage> partial = new CopyOnWriteArrayList<>();
  TestGateway t;

  TestGateway start(String modelExtras) {
    return start(modelExtras, ticker);
  }

  TestGateway start(String modelExtras, java.util.function.LongSupplier clock) {
    CallEvents listen = new CallEvents() {
      @Override
      public void attemptFailed(Attempt a, GatewayError e, Usage u, long nanos) {
        failures.add(a.deployment().upstreamModel() + ":" + e.reason());
        partial.add(u);
      }
    };
    t = TestGateway.start(TWO_DEPLOYMENTS.formatted(modelExtras),
        new Gateway.Options(1, clock, listen, new SplittableRandom(7)), MockServer.Config.loopback(0));
    return t;
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
  }

  long callsTo(String upstream) {
    return t.mock.received().stream().filter(r -> r.body().contains("\"model\":\"" + upstream + "\"")).count();
  }

  JsonNode deployment(String id) {
    for (JsonNode d : t.http.get("/admin/health").json().path("deployments")) {
      if (d.path("deployment").asText().equals(id)) {
        return d;
      }
    }
    throw new AssertionError("no deployment " + id);
  }

  @Test
  void opensTheCircuitOfAFailingDeploymentAndClosesItAfterRecovery() {
    start("");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withErrors(1.0, 500));

    for (int i = 0; i < 10; i++) {
      Http.Response r = t.http.post("/v1/chat/completions", chat("m", "hi " + i));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-fairway-deployment")).isEqualTo("mock/dep-b");
    }
    assertThat(callsTo("dep-a")).isEqualTo(3); // opened after its third consecutive failure
    assertThat(deployment("mock/dep-a").path("circuit").asText()).isEqualTo("open");
    assertThat(deployment("mock/dep-a").path("available").asBoolean()).isFalse();
    assertThat(t.http.get("/admin/health").json().path("status").asText()).isEqualTo("degraded");
    assertThat(t.http.get("/metrics").body())
        .contains("fairway_deployment_circuit{deployment=\"mock/dep-a\",model=\"m\",provider=\"mock\"} 2.0");

    t.mock.behave("dep-a", MockBehaviour.DEFAULT);
    ticker.advance(Duration.ofSeconds(30));
    assertThat(deployment("mock/dep-a").path("circuit").asText()).isEqualTo("half-open");
    for (int i = 0; i < 4; i++) {
      assertThat(t.http.post("/v1/chat/completions", chat("m", "again " + i)).status()).isEqualTo(200);
    }
    assertThat(deployment("mock/dep-a").path("circuit").asText()).isEqualTo("closed");
    assertThat(callsTo("dep-a")).isGreaterThan(3);
  }

  @Test
  void retriesTheOnlyDeploymentAfterItsRetryAfter() {
    start("", System::nanoTime); // the cooldown must really pass while the request waits
    t.mock.behave("other", MockBehaviour.DEFAULT.withFailFirst(1, 429).withRetryAfterSeconds(1));

    long start = System.nanoTime();
    Http.Response r = t.http.post("/v1/chat/completions", chat("other", "hi"));
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(ms).isBetween(950L, 5000L);
  }

  @Test
  void hedgesASlowDeploymentAndCancelsTheLoser() {
    start("hedge_after_ms: 100");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(3_000));

    long start = System.nanoTime();
    Http.Response r = t.http.post("/v1/chat/completions", chat("m", "hi"));
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-deployment")).isEqualTo("mock/dep-b");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(ms).isLessThan(1_500);
    assertThat(failures).containsExactly("dep-a:HEDGE_LOST");
    assertThat(deployment("mock/dep-a").path("circuit").asText()).isEqualTo("closed");
  }

  @Test
  void abandonsAStreamWithNoFirstTokenInTimeAndFallsBack() {
    start("ttft_timeout_ms: 200");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(5_000));

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("m", "hi", "\"stream\":true"));

    assertThat(s.header("x-fairway-deployment")).isEqualTo("mock/dep-b");
    assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");
    assertThat(failures).containsExactly("dep-a:TTFT_TIMEOUT");
  }

  @Test
  void endsAStreamThatStallsMidwayAtTheDeadlineWithAnErrorEvent() {
    start("");
    t.mock.behave("other", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.STALL));

    long start = System.nanoTime();
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("other", "tell me more", "\"stream\":true"),
        "x-fairway-timeout-ms", "400");
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(s.status()).isEqualTo(200);
    JsonNode last = s.events().get(s.events().size() - 1).json();
    assertThat(last.at("/error/code").asText()).isEqualTo("deadline_exceeded");
    assertThat(ms).isBetween(400L, 450L + 300L);
    // the stream is metered although the provider never reported usage
    assertThat(partial).singleElement().satisfies(u -> {
      assertThat(u.inputTokens()).isPositive();
      assertThat(u.outputTokens()).isPositive();
    });
  }

  @Test
  void cancelsTheUpstreamCallWhenTheClientDisconnects() throws Exception {
    start("");
    t.mock.behave("other", MockBehaviour.DEFAULT.withTokensPerSecond(5));
    HttpRequest req = HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v1/chat/completions"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(chat("other", "a long story please", "\"stream\":true"))).build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        in.read(new byte[64]); // the first bytes, then hang up
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (t.mock.abandonedCount() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(t.mock.abandonedCount()).isEqualTo(1);
  }

  @Test
  void cancelsANonStreamedUpstreamCallWhenTheClientDisconnects() throws Exception {
    start("");
    t.mock.behave("other", MockBehaviour.DEFAULT.withTtftMs(5_000)); // the whole answer comes only after 5 s
    byte[] body = chat("other", "hi").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();

    try (java.net.Socket client = new java.net.Socket("127.0.0.1", t.gateway.port())) {
      client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      client.getOutputStream().write(body);
      client.getOutputStream().flush();
      while (t.mock.requestCount() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // until the call is upstream
      }
      assertThat(t.mock.requestCount()).isEqualTo(1);
    } // hang up without waiting for the answer

    while ((t.mock.abandonedCount() == 0 || failures.isEmpty()) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(t.mock.abandonedCount()).isEqualTo(1); // the upstream exchange was reset, not left to finish
    assertThat(failures).containsExactly("other:" + Reason.CLIENT_DISCONNECTED);
    assertThat(callsTo("other")).isEqualTo(1); // and not retried for a client that is gone
    assertThat(deployment("mock/other").path("circuit").asText()).isEqualTo("closed");
  }

  @Test
  void movesToALargerContextWindowWhenThePromptIsTooLong() {
    t = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: small, owner: o, prices: {input: 1, output: 1}, context_window: 4000, deployments: [{provider: mock}]}
          - {id: same, owner: o, prices: {input: 1, output: 1}, context_window: 4000, deployments: [{provider: mock}]}
          - {id: large, owner: o, prices: {input: 2, output: 2}, context_window: 200000, deployments: [{provider: mock}]}
        fallbacks: {small: [same, large]}
        """);
    t.mock.behave("small", MockBehaviour.DEFAULT.withContextWindow(50));
    t.mock.behave("same", MockBehaviour.DEFAULT.withContextWindow(50));

    Http.Response r = t.http.post("/v1/chat/completions", chat("small", "word ".repeat(400)));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-model")).isEqualTo("large");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
  }

  @Test
  void reportsAProvidersRequestLimitWhenNoAlternativeIsLeft() {
    start("");
    t.mock.behave("other", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(30));

    Http.Response r = t.http.post("/v1/chat/completions", chat("other", "hi"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("retry-after")).isEqualTo("30");
    assertThat(callsTo("other")).isEqualTo(1);
  }
}
