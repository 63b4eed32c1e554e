package dev.fairway.dispatch;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.Reason;
import dev.fairway.Gateway;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;
import dev.fairway.pipeline.Attempt;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hedging over real HTTP against the mock: a second attempt when the first has produced no token
 * within {@code hedge_after_ms}, the first to produce a token answering, and the retry budget
 * bounding hedges as it bounds retries. Time is real here (the hedge timer is Vert.x's), so only
 * lower bounds are asserted on it, and upper bounds far from the slow deployment's delay.
 */
class HedgingTest {
  static final String CONFIG = """
      dispatch:
        %s
      providers:
        mock: {protocol: openai, base_url: "${MOCK}/v1"}
      models:
        - id: m
          owner: o
          prices: {input: 1, output: 1}
          context_window: 1000
          hedge_after_ms: 100
          deployments: [{provider: mock, model: dep-a}, {provider: mock, model: dep-b}]
      """;

  /** A deployment's first token arrives this late: far beyond any answer the tests expect. */
  static final long SLOW_MS = 5_000;

  record Started(String upstream, long nanos) {}

  final List<Started> started = new CopyOnWriteArrayList<>();
  final List<String> failures = new CopyOnWriteArrayList<>();
  TestGateway t;

  void start(String dispatch) {
    CallEvents listen = new CallEvents() {
      @Override
      public void attemptStarted(Attempt a) {
        started.add(new Started(a.deployment().upstreamModel(), a.startNanos()));
      }

      @Override
      public void attemptFailed(Attempt a, GatewayError e, Usage u, long nanos) {
        failures.add(a.deployment().upstreamModel() + ":" + e.reason());
      }
    };
    // Seeded randomness and a fresh gateway: the balancer's first pick is dep-a, as in ResilienceTest.
    t = TestGateway.start(CONFIG.formatted(dispatch),
        new Gateway.Options(1, System::nanoTime, listen, new SplittableRandom(7)), MockServer.Config.loopback(0));
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
  }

  /** Waits (bounded) until the mock has seen {@code n} abandoned responses, without sleeping. */
  void awaitAbandoned(long n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (t.mock.abandonedCount() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void hedgesAStreamWithNoFirstTokenAndTheHedgesFirstTokenAnswers() {
    start("backoff_initial_ms: 10");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(SLOW_MS));

    long begin = System.nanoTime();
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("m", "hi", "\"stream\":true"));
    long ms = (System.nanoTime() - begin) / 1_000_000;

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("x-fairway-deployment")).isEqualTo("mock/dep-b");
    assertThat(s.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");
    assertThat(s.events()).noneMatch(e -> !e.data().equals("[DONE]") && e.json().has("error"));
    assertThat(ms).isLessThan(SLOW_MS - 1_000);
    // the hedge started only once the first attempt had been silent for hedge_after_ms
    assertThat(started).extracting(Started::upstream).containsExactly("dep-a", "dep-b");
    assertThat(started.get(1).nanos() - started.get(0).nanos()).isGreaterThanOrEqualTo(100_000_000L);
    // the loser is cancelled upstream, and that is no verdict on its health
    assertThat(failures).containsExactly("dep-a:" + Reason.HEDGE_LOST);
    awaitAbandoned(1);
    assertThat(t.mock.abandonedCount()).isEqualTo(1);
    assertThat(t.http.get("/admin/health").json().path("deployments").findValuesAsText("circuit"))
        .containsOnly("closed");
  }

  @Test
  void theFirstAttemptAnswersWhenItsFirstTokenComesBeforeTheHedges() {
    start("backoff_initial_ms: 10");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(400)); // after the hedge starts (100 ms)...
    t.mock.behave("dep-b", MockBehaviour.DEFAULT.withTtftMs(SLOW_MS)); // ...long before the hedge answers

    long begin = System.nanoTime();
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("m", "hi", "\"stream\":true"));
    long ms = (System.nanoTime() - begin) / 1_000_000;

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("x-fairway-deployment")).isEqualTo("mock/dep-a");
    assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");
    assertThat(ms).isBetween(400L, SLOW_MS - 1_000);
    assertThat(started).extracting(Started::upstream).containsExactly("dep-a", "dep-b");
    assertThat(failures).containsExactly("dep-b:" + Reason.HEDGE_LOST);
    awaitAbandoned(1);
    assertThat(t.mock.abandonedCount()).isEqualTo(1);
  }

  @Test
  void sendsNoHedgeWhenTheRetryBudgetIsSpent() {
    // ratio 0 and no floor: not a single retry, hence not a single hedge, is allowed
    start("retry_budget: {ratio: 0, min_per_second: 0}");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(600));

    long begin = System.nanoTime();
    Http.Response r = t.http.post("/v1/chat/completions", chat("m", "hi"));
    long ms = (System.nanoTime() - begin) / 1_000_000;

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-deployment")).isEqualTo("mock/dep-a");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("1");
    assertThat(ms).isGreaterThanOrEqualTo(600); // it waited for the slow deployment: nobody else was asked
    assertThat(started).extracting(Started::upstream).containsExactly("dep-a");
    assertThat(t.mock.callsTo("dep-b")).isZero();
    assertThat(failures).isEmpty();
  }

  @Test
  void sendsAHedgeWhenTheRetryBudgetAllowsIt() {
    // the same request with one retry a second always allowed: the hedge goes out and wins
    start("retry_budget: {ratio: 0, min_per_second: 1}");
    t.mock.behave("dep-a", MockBehaviour.DEFAULT.withTtftMs(SLOW_MS));

    Http.Response r = t.http.post("/v1/chat/completions", chat("m", "hi"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-deployment")).isEqualTo("mock/dep-b");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(started).extracting(Started::upstream).containsExactly("dep-a", "dep-b");
  }
}
