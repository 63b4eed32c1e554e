package dev.fairway.dispatch;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.Gateway;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.testing.FakeTicker;
import dev.fairway.testing.Http;
import dev.fairway.testing.ManualScheduler;
import dev.fairway.testing.TestGateway;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's timers (hedge, deadline) come from the injected scheduler: they fire when the
 * test moves the fake clock, not when wall time passes.
 */
class FakeTimeDispatchTest {
  final FakeTicker ticker = new FakeTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  TestGateway t;

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
  }

  void start(String extras) {
    t = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - id: m
            owner: o
            prices: {input: 1, output: 1}
            context_window: 1000
            %s
            deployments: [{provider: mock, model: dep-a}, {provider: mock, model: dep-b}]
        """.formatted(extras),
        new Gateway.Options(1, ticker, CallEvents.NONE, new SplittableRandom(5)).withScheduler(v -> scheduler),
        MockServer.Config.loopback(0));
  }

  void awaitUpstreamCalls(int n) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (t.mock.requestCount() < n && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(t.mock.requestCount()).isEqualTo(n);
  }

  @Test
  void hedgesExactlyWhenTheClockPassesHedgeAfter() throws Exception {
    start("hedge_after_ms: 100");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(30_000));
    t.mock.behave("dep-b", MockBehaviour.DEFAULT.withTtftMs(30_000));
    CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(
        () -> t.http.post("/v1/chat/completions", chat("m", "hi")));
    awaitUpstreamCalls(1);

    scheduler.advance(Duration.ofMillis(99));
    assertThat(t.mock.requestCount()).isEqualTo(1); // not yet
    t.mock.behave("dep-b", MockBehaviour.DEFAULT); // the hedge answers at once; the first call stays slow
    scheduler.advance(Duration.ofMillis(1));
    awaitUpstreamCalls(2); // the hedge went out at 100 ms of fake time

    Http.Response r = answer.get();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
  }

  @Test
  void endsTheRequestWhenTheClockPassesItsDeadline() throws Exception {
    start("");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(30_000));
    t.mock.behave("dep-b", MockBehaviour.DEFAULT.withTtftMs(30_000));
    CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(
        () -> t.http.post("/v1/chat/completions", chat("m", "hi"), "x-fairway-timeout-ms", "2000"));
    awaitUpstreamCalls(1);

    scheduler.advance(Duration.ofMillis(2_000));
    Http.Response r = answer.get();
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("deadline_exceeded");
    assertThat(t.mock.requestCount()).isEqualTo(1); // not retried past the deadline
  }
}
