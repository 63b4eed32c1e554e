package dev.fairway.dispatch;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.config.DispatchSettings;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides, from a failure and where the request stands, whether to fall back, retry after a
 * backoff, or give up. A value: the dispatcher holds one and asks it after every failed attempt.
 *
 * <p>The order of preference is deliberate: moving to another deployment or model costs no wait
 * and spares the provider that just failed; waiting and retrying is for when every alternative has
 * had its chance, and then only within the attempt limit, the deadline, and the global retry
 * budget, and never sooner than the provider's Retry-After. A provider asking for a longer wait
 * than {@code maxWait} gets its answer passed to the client (with Retry-After) instead of a
 * request held open that long.
 */
public record RetryRule(int maxAttempts, Backoff backoff, Duration maxWait) {

  public RetryRule {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
  }

  /** The rule the gateway's default dispatch settings describe. */
  public static RetryRule defaults() {
    return of(DispatchSettings.defaults());
  }

  /** Attempts and backoff as configured; the longest Retry-After waited out is the backoff's maximum. */
  public static RetryRule of(DispatchSettings s) {
    return new RetryRule(s.maxAttempts(),
        Backoff.exponential(s.backoffInitial(), s.backoffMax(), s.backoffMultiplier()).withJitter(s.backoffJitter()),
        s.backoffMax());
  }

  /** Where a request stands after a failed attempt. */
  public record State(int attempts, int retries, boolean alternativesLeft, long remainingNanos, boolean budgetAllows) {}

  public RetryDecision decide(GatewayError e, State s, RandomGenerator random) {
    if (!mayTryElsewhere(e)) {
      return new RetryDecision.Fail("not retryable: " + e.kind().name().toLowerCase());
    }
    if (s.attempts() >= maxAttempts) {
      return new RetryDecision.Fail("attempt limit " + maxAttempts + " reached");
    }
    if (s.alternativesLeft()) {
      return new RetryDecision.FallBack(e.kind().name().toLowerCase());
    }
    if (!mayRetrySame(e)) {
      return new RetryDecision.Fail("no candidate left that could serve the request");
    }
    if (!s.budgetAllows()) {
      return new RetryDecision.Fail("retry budget exhausted");
    }
    Duration delay = Backoff.honouring(backoff.delay(s.retries() + 1, random), e.retryAfter());
    if (e.retryAfter() != null && e.retryAfter().compareTo(maxWait) > 0) {
      return new RetryDecision.Fail("provider asked to wait " + e.retryAfter().toMillis() + " ms");
    }
    if (delay.toNanos() >= s.remainingNanos()) {
      return new RetryDecision.Fail("retry would outlive the deadline");
    }
    return new RetryDecision.Retry(delay, e.kind().name().toLowerCase());
  }

  /** Another deployment or model may succeed where this one failed. */
  static boolean mayTryElsewhere(GatewayError e) {
    return e.retryable() || e.kind() == ErrorKind.CONTEXT_TOO_LONG || e.isUnsupportedFeature();
  }

  /** The same deployments may succeed later: transient failures only. */
  static boolean mayRetrySame(GatewayError e) {
    return e.retryable() && e.reason() != Reason.UPSTREAM_AUTH_FAILED && e.reason() != Reason.UPSTREAM_NOT_FOUND;
  }
}
