package dev.fairway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.testing.FakeTicker;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Backoff, retry decisions and the retry budget, as values. */
class RetryValuesTest {
  final SplittableRandom random = new SplittableRandom(1);
  final RetryRule rule = new RetryRule(4, Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2),
      Duration.ofSeconds(5));

  static GatewayError error(ErrorKind kind, Duration retryAfter) {
    return GatewayError.upstream(kind, "x").withRetryAfter(retryAfter);
  }

  static RetryRule.State state(int attempts, int retries, boolean alternatives) {
    return RetryRule.State.of(attempts, retries, alternatives, Duration.ofSeconds(30).toNanos(), true);
  }

  @Test
  void exponentialBackoffDoublesUpToItsCap() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(500), 2);
    assertThat(b.delay(1, random)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(2, random)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(3, random)).isEqualTo(Duration.ofMillis(400));
    assertThat(b.delay(4, random)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void jitterSpreadsDelaysWithinItsFraction() {
    Backoff b = Backoff.fixed(Duration.ofMillis(1000)).withJitter(0.2);
    for (int i = 0; i < 1000; i++) {
      assertThat(b.delay(1, random)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
    }
    assertThat(b.delay(1, new SplittableRandom(7))).isEqualTo(b.delay(1, new SplittableRandom(7)));
  }

  @Test
  void fallsBackAtOnceWhenAnotherDeploymentOrModelIsLeft() {
    assertThat(rule.decide(error(ErrorKind.RATE_LIMITED, null), state(1, 0, true), random))
        .isInstanceOf(RetryDecision.FallBack.class);
    assertThat(rule.decide(error(ErrorKind.CONTEXT_TOO_LONG, null), state(1, 0, true), random))
        .isInstanceOf(RetryDecision.FallBack.class);
  }

  @Test
  void retriesWithBackoffOnlyWhenEveryAlternativeWasTried() {
    RetryDecision d = rule.decide(error(ErrorKind.UPSTREAM, null), state(2, 1, false), random);
    assertThat(d).isEqualTo(new RetryDecision.Retry(Duration.ofMillis(200), "upstream"));
  }

  @Test
  void respectsRetryAfterWhenItIsLongerThanTheBackoff() {
    RetryDecision d = rule.decide(error(ErrorKind.RATE_LIMITED, Duration.ofSeconds(3)), state(1, 0, false), random);
    assertThat(d).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(3), "rate_limited"));
  }

  @Test
  void passesALongRetryAfterToTheClientInsteadOfWaiting() {
    RetryDecision d = rule.decide(error(ErrorKind.RATE_LIMITED, Duration.ofSeconds(30)), state(1, 0, false), random);
    assertThat(d).isInstanceOf(RetryDecision.Fail.class);
  }

  @Test
  void neverRetriesAClientError() {
    assertThat(rule.decide(error(ErrorKind.INVALID_REQUEST, null), state(1, 0, true), random))
        .isInstanceOf(RetryDecision.Fail.class);
    assertThat(rule.decide(error(ErrorKind.AUTHENTICATION, null), state(1, 0, true), random))
        .isInstanceOf(RetryDecision.Fail.class);
  }

  @Test
  void stopsAtTheAttemptLimitAndBeforeTheDeadline() {
    assertThat(rule.decide(error(ErrorKind.UPSTREAM, null), state(4, 0, true), random))
        .isInstanceOf(RetryDecision.Fail.class);
    RetryRule.State late = RetryRule.State.of(1, 0, false, Duration.ofMillis(50).toNanos(), true);
    assertThat(rule.decide(error(ErrorKind.UPSTREAM, null), late, random)).isInstanceOf(RetryDecision.Fail.class);
  }

  @Test
  void doesNotRetryTheSameDeploymentsForAConfigurationFault() {
    GatewayError auth = GatewayError.upstream(ErrorKind.UPSTREAM, "x").withReason(Reason.UPSTREAM_AUTH_FAILED)
        .withUpstream(401, null);
    assertThat(rule.decide(auth, state(1, 0, true), random)).isInstanceOf(RetryDecision.FallBack.class);
    assertThat(rule.decide(auth, state(1, 0, false), random)).isInstanceOf(RetryDecision.Fail.class);
  }

  @Test
  void retryBudgetAllowsAFractionOfTrafficPlusAFloor() {
    FakeTicker t = new FakeTicker();
    RetryBudget b = new RetryBudget(0.2, 2, t);
    for (int i = 0; i < 100; i++) {
      b.deposit();
    }
    int granted = 0;
    for (int i = 0; i < 100; i++) {
      granted += b.tryWithdraw() ? 1 : 0;
    }
    assertThat(granted).isEqualTo(20 + 2); // 20% of 100 requests, plus the per-second floor
    assertThat(b.tryWithdraw()).isFalse();
    t.advance(Duration.ofSeconds(1));
    assertThat(b.tryWithdraw()).isTrue(); // the floor refills every second
  }

  @Test
  void givesUpWithTheClientsCancellationWhenTheClientIsGone() {
    RetryRule.State gone = new RetryRule.State(1, 0, true, Duration.ofSeconds(30).toNanos(), true, true, false);
    RetryDecision d = rule.decide(error(ErrorKind.UPSTREAM, null), gone, random);
    assertThat(d).isInstanceOfSatisfying(RetryDecision.Fail.class,
        f -> assertThat(f.error().reason()).isEqualTo(Reason.CLIENT_DISCONNECTED));
  }

  @Test
  void answersTheDeadlineErrorOnceTheDeadlineHasPassed() {
    RetryRule.State late = RetryRule.State.of(1, 0, true, 0, true);
    assertThat(rule.decide(error(ErrorKind.UPSTREAM, null), late, random)).isInstanceOfSatisfying(
        RetryDecision.Fail.class, f -> assertThat(f.error().reason()).isEqualTo(Reason.DEADLINE_EXCEEDED));
  }

  @Test
  void waitsWhileAHedgeIsStillRunning() {
    RetryRule.State hedged = new RetryRule.State(1, 0, true, Duration.ofSeconds(30).toNanos(), true, false, true);
    assertThat(rule.decide(error(ErrorKind.UPSTREAM, null), hedged, random)).isInstanceOf(RetryDecision.Wait.class);
  }

  @Test
  void doesNotRetryWhenTheRetryBudgetIsSpent() {
    RetryRule.State broke = RetryRule.State.of(1, 0, false, Duration.ofSeconds(30).toNanos(), false);
    assertThat(rule.decide(error(ErrorKind.UPSTREAM, null), broke, random)).isInstanceOfSatisfying(
        RetryDecision.Fail.class, f -> assertThat(f.reason()).isEqualTo("retry budget exhausted"));
    // falling back to an untried deployment is not a retry: the budget does not stop it
    RetryRule.State elsewhere = RetryRule.State.of(1, 0, true, Duration.ofSeconds(30).toNanos(), false);
    assertThat(rule.decide(error(ErrorKind.UPSTREAM, null), elsewhere, random)).isInstanceOf(RetryDecision.FallBack.class);
  }

  @Test
  void aSpentBudgetReportsUnavailableUntilItsFloorRefills() {
    FakeTicker t = new FakeTicker();
    RetryBudget b = new RetryBudget(0, 1, t);
    assertThat(b.available()).isTrue();
    assertThat(b.tryWithdraw()).isTrue();
    assertThat(b.available()).isFalse();
    assertThat(b.tryWithdraw()).isFalse();
    t.advance(Duration.ofSeconds(1));
    assertThat(b.available()).isTrue();
  }
}
