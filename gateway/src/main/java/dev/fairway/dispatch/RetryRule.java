package dev.fairway.dispatch;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.config.DispatchSettings;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides, from a failure and where the request stands, whether to fall back, retry after a
 * backoff, wait for a hedge, or give up. A value: the dispatcher reports the state after every
 * failed attempt, asks, and acts on the answer; everything the decision depends on is in the
 * {@link State}.
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

  /** Attempts and backoff as configured; the longest Retry-After waited out is the backoff's maximum. */
  public static RetryRule of(DispatchSettings s) {
    return new RetryRule(s.maxAttempts(),
        Backoff.exponential(s.backoffInitial(), s.backoffMax(), s.backoffMultiplier()).withJitter(s.backoffJitter()),
        s.backoffMax());
  }

  /** The rule the gateway's default dispatch settings describe. */
  public static RetryRule defaults() {
    return of(DispatchSettings.defaults());
  }

  /**
   * Where a request stands after a failed attempt.
   *
   * @param alternativesLeft some deployment not yet tried this round could take a call now
   * @param budgetAvailable the global retry budget has a retry to spare
   * @param clientGone the client has disconnected
   * @param hedgesInFlight another attempt of the request is still running
   */
  public record State(int attempts, int retries, boolean alternativesLeft, long remainingNanos,
      boolean budgetAvailable, boolean clientGone, boolean hedgesInFlight) {

    /** A request whose client is still there and that has no other attempt running. */
    public static State of(int attempts, int retries, boolean alternativesLeft, long remainingNanos,
        boolean budgetAvailable) {
      return new State(attempts, retries, alternativesLeft, remainingNanos, budgetAvailable, false, false);
    }
  }

  /** The error of a request whose deadline passed. */
  public static GatewayError deadlineError() {
    return GatewayError.timeout(Reason.DEADLINE_EXCEEDED, "the request did not complete within its deadline");
  }

  public RetryDecision decide(GatewayError e, State s, RandomGenerator random) {
    if (s.clientGone()) {
      return new RetryDecision.Fail("the client went away",
          GatewayError.cancelled(Reason.CLIENT_DISCONNECTED, "client disconnected"));
    }
    if (s.remainingNanos() <= 0 || e.reason() == Reason.DEADLINE_EXCEEDED) {
      return new RetryDecision.Fail("deadline passed", deadlineError());
    }
    if (s.hedgesInFlight()) {
      return new RetryDecision.Wait("another attempt is still running");
    }
    if (!mayTryElsewhere(e)) {
      return new RetryDecision.Fail("not retryable: " + e.kind().name().toLowerCase(), e);
    }
    if (s.attempts() >= maxAttempts) {
      return new RetryDecision.Fail("attempt limit " + maxAttempts + " reached", e);
    }
    if (s.alternativesLeft()) {
      return new RetryDecision.FallBack(e.kind().name().toLowerCase());
    }
    if (!mayRetrySame(e)) {
      return new RetryDecision.Fail("no candidate left that could serve the request", e);
    }
    if (!s.budgetAvailable()) {
      return new RetryDecision.Fail("retry budget exhausted", e);
    }
    if (e.retryAfter() != null && e.retryAfter().compareTo(maxWait) > 0) {
      return new RetryDecision.Fail("provider asked to wait " + e.retryAfter().toMillis() + " ms", e);
    }
    Duration delay = Backoff.honouring(backoff.delay(s.retries() + 1, random), e.retryAfter());
    if (delay.toNanos() >= s.remainingNanos()) {
      return new RetryDecision.Fail("retry would outlive the deadline", e);
    }
    return new RetryDecision.Retry(delay, e.kind().name().toLowerCase());
  }

  /** Another deployment or model may succeed where this one failed. */
  static boolean mayTryElsewhere(GatewayError e) {
    return e.retryable() || e.kind() == ErrorKind.CONTEXT_TOO_LONG || e.isUnsupportedFeature();
  }

  /** The same deployments may succeed later: transient failures only. */
  static boolean mayRetrySame(GatewayError e) {
    return e.retryable() && e.reason() != Reason.UPSTREAM_AUTH_FAILED && e.reason() != Reason.UPSTREAM_NOT_FOUND
        && e.reason() != Reason.UPSTREAM_REDIRECT;
  }
}
