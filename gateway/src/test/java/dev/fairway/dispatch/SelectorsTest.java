package dev.fairway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.catalog.Balancing;
import dev.fairway.catalog.Capabilities;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.config.DispatchSettings;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.ModelDispatch;
import dev.fairway.catalog.Prices;
import dev.fairway.pipeline.Attempt;
import dev.fairway.provider.RateLimits;
import dev.fairway.testing.FakeTicker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each balancing strategy, and the health it reads, driven by call events on a fake clock. */
class SelectorsTest {
  final FakeTicker ticker = new FakeTicker();
  final Deployment a = new Deployment("a", "p", "m", 1, 0, 0);
  final Deployment b = new Deployment("b", "q", "m", 1, 0, 0);
  final Deployment c = new Deployment("c", "r", "m", 1, 60, 0);

  Model model(Balancing balancing) {
    return model(balancing, List.of(a, b, c));
  }

  Model model(Balancing balancing, List<Deployment> deployments) {
    return new Model("m", "o", Prices.of("1", "1"), 1000, 0, Capabilities.ALL, deployments, null,
        new ModelDispatch(balancing, null, null));
  }

  DeploymentHealth health(Model m) {
    return new DeploymentHealth(new Catalog(Map.of(), Map.of("m", m), Map.of(), Map.of()), DispatchSettings.defaults(),
        ticker);
  }

  Attempt attempt(Model m, Deployment d) {
    return new Attempt("r", 1, m, d, false, ticker.getAsLong());
  }

  @Test
  void leastOutstandingPrefersTheIdlestDeployment() {
    Model m = model(Balancing.LEAST_OUTSTANDING);
    DeploymentHealth h = health(m);
    Balancer sel = new Balancer(h, new SplittableRandom(1));
    h.attemptStarted(attempt(m, a));
    h.attemptStarted(attempt(m, a));
    h.attemptStarted(attempt(m, b));

    assertThat(sel.select(m, Set.of())).isEqualTo(c);
    assertThat(sel.select(m, Set.of("c"))).isEqualTo(b);
  }

  @Test
  void latencyAwareSendsMostCallsToTheFasterDeployment() {
    Model m = model(Balancing.LATENCY);
    DeploymentHealth h = health(m);
    for (Deployment d : List.of(a, b, c)) {
      long nanos = d == a ? 5_000_000 : 50_000_000;
      for (int i = 0; i < 20; i++) {
        h.attemptStarted(attempt(m, d));
        h.attemptSucceeded(attempt(m, d), Usage.of(1, 1), nanos);
      }
    }
    Balancer sel = new Balancer(h, new SplittableRandom(3));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      counts.merge(sel.select(m, Set.of()).id(), 1, Integer::sum);
    }
    // a wins every pair it is in: 2 of the 3 possible pairs
    assertThat(counts.get("a")).isBetween(1900, 2100);
  }

  @Test
  void rateLimitAwareMovesAwayFromADeploymentNearItsLimits() {
    Model m = model(Balancing.RATE_LIMIT);
    DeploymentHealth h = health(m);
    Balancer sel = new Balancer(h, new SplittableRandom(1));
    h.observe(m, a, new RateLimits(0, 5000, Duration.ofSeconds(20), null)); // a: provider says 0 requests left
    for (int i = 0; i < 30; i++) {
      h.attemptStarted(attempt(m, c)); // c: 30 of its 60 requests per minute used
    }

    assertThat(sel.select(m, Set.of())).isEqualTo(b);
    assertThat(h.state(m, a).available()).isFalse();
    ticker.advance(Duration.ofSeconds(21));
    assertThat(h.state(m, a).available()).isTrue();
  }

  @Test
  void rateLimitAwarePrefersTheDeploymentWithTheMostTokensPerMinuteLeft() {
    Deployment small = new Deployment("small", "p", "m", 1, 0, 1_000); // 1,000 tokens a minute
    Deployment large = new Deployment("large", "q", "m", 1, 0, 10_000); // 10,000 tokens a minute
    Deployment unlimited = new Deployment("unlimited", "r", "m", 1, 0, 0);
    Model m = model(Balancing.RATE_LIMIT, List.of(small, large, unlimited));
    DeploymentHealth h = health(m);
    Balancer sel = new Balancer(h, new SplittableRandom(1));
    h.attemptStarted(attempt(m, small));
    h.attemptSucceeded(attempt(m, small), Usage.of(600, 200), 1); // 800 of 1,000 used: 20% left
    h.attemptStarted(attempt(m, large));
    h.attemptSucceeded(attempt(m, large), Usage.of(3_000, 1_000), 1); // 4,000 of 10,000 used: 60% left

    assertThat(h.state(m, small).headroom()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(h.state(m, large).headroom()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(sel.select(m, Set.of())).isEqualTo(unlimited); // no limit: all of it left
    assertThat(sel.select(m, Set.of("unlimited"))).isEqualTo(large); // more left than small, in share
    assertThat(sel.select(m, Set.of("unlimited", "large"))).isEqualTo(small);

    // small spends the rest of its minute's tokens: it takes no calls until the minute rolls over
    h.attemptStarted(attempt(m, small));
    h.attemptSucceeded(attempt(m, small), Usage.of(150, 50), 1);
    assertThat(h.state(m, small).available()).isFalse();
    assertThat(sel.select(m, Set.of("unlimited", "large"))).isNull();
    ticker.advance(Duration.ofSeconds(61));
    assertThat(sel.select(m, Set.of("unlimited", "large"))).isEqualTo(small);
    assertThat(h.state(m, large).headroom()).isEqualTo(1.0);
  }

  @Test
  void aDeploymentThatHitItsConfiguredRpmIsSkippedUntilTheMinuteRollsOver() {
    Model m = model(Balancing.WEIGHTED);
    DeploymentHealth h = health(m);
    for (int i = 0; i < 60; i++) {
      h.attemptStarted(attempt(m, c));
    }
    assertThat(h.state(m, c).available()).isFalse();
    ticker.advance(Duration.ofSeconds(61));
    assertThat(h.state(m, c).available()).isTrue();
  }

  @Test
  void a429CoolsTheDeploymentDownForItsRetryAfterWithoutOpeningTheCircuit() {
    Model m = model(Balancing.WEIGHTED);
    DeploymentHealth h = health(m);
    h.attemptStarted(attempt(m, a));
    h.attemptFailed(attempt(m, a), GatewayError.upstream(ErrorKind.RATE_LIMITED, "slow down").withUpstream(429, null)
        .withRetryAfter(Duration.ofSeconds(7)), Usage.ZERO, 1);

    DeploymentState s = h.state(m, a);
    assertThat(s.available()).isFalse();
    assertThat(s.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    ticker.advance(Duration.ofSeconds(7));
    assertThat(s.available()).isTrue();
    assertThat(s.outstanding()).isZero();
  }

  @Test
  void failuresOpenTheCircuitButCancellationsDoNot() {
    Model m = model(Balancing.WEIGHTED);
    DeploymentHealth h = health(m);
    for (int i = 0; i < 10; i++) {
      h.attemptStarted(attempt(m, b));
      h.attemptFailed(attempt(m, b), GatewayError.cancelled(Reason.CLIENT_DISCONNECTED, "gone"), Usage.ZERO, 1);
    }
    assertThat(h.state(m, b).breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    for (int i = 0; i < 5; i++) {
      h.attemptStarted(attempt(m, b));
      h.attemptFailed(attempt(m, b), GatewayError.of(ErrorKind.UPSTREAM, "500"), Usage.ZERO, 1);
    }
    assertThat(h.state(m, b).breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(new Balancer(h, new SplittableRandom(1)).select(m, Set.of("a", "c"))).isNull();
  }

  @Test
  void readsOpenAiAndAnthropicRateLimitHeaders() {
    var openai = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("x-ratelimit-remaining-requests", "0").add("x-ratelimit-remaining-tokens", "149984")
        .add("x-ratelimit-reset-requests", "6m0s").add("x-ratelimit-reset-tokens", "6ms");
    RateLimits o = RateLimits.from(openai, java.time.Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(o).isEqualTo(new RateLimits(0, 149984, Duration.ofMinutes(6), Duration.ofMillis(6)));

    var anthropic = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("anthropic-ratelimit-requests-remaining", "42")
        .add("anthropic-ratelimit-input-tokens-remaining", "9000")
        .add("anthropic-ratelimit-output-tokens-remaining", "1000")
        .add("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z");
    RateLimits an = RateLimits.from(anthropic, java.time.Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(an).isEqualTo(new RateLimits(42, 1000, Duration.ofSeconds(30), null));

    assertThat(RateLimits.from(io.vertx.core.MultiMap.caseInsensitiveMultiMap(), java.time.Instant.now())).isNull();
  }
}
