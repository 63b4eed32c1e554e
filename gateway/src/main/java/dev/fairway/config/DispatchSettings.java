package dev.fairway.config;

import java.time.Duration;

/**
 * Gateway-wide dispatch policy: attempt limits, backoff, the retry budget, circuit breakers and
 * the default time limits of upstream calls. {@link #defaults()} is the one place the default
 * numbers live; {@code RetryRule} and {@code CircuitBreaker} take theirs from here.
 *
 * @param retryBudgetRatio retries allowed per request on average (0.2 = at most 20% extra load)
 * @param retryBudgetFloor retries per second always allowed, whatever the traffic
 * @param streamTtftTimeout a streamed attempt with no token within this is abandoned (and retried)
 * @param streamIdleTimeout an upstream body (streamed or not) silent for this long between two
 *     chunks fails its attempt ({@code stream_idle_timeout})
 * @param headersTimeout a streamed call whose provider sends no response headers within this fails
 *     its attempt ({@code upstream_headers_timeout}); non-streamed calls answer with headers only
 *     once the whole answer is ready, so for them the request's deadline is the limit
 */
public record DispatchSettings(
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    double backoffMultiplier,
    double backoffJitter,
    double retryBudgetRatio,
    int retryBudgetFloor,
    Breaker breaker,
    Duration streamTtftTimeout,
    Duration streamIdleTimeout,
    Duration headersTimeout) {

  public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_HEADERS_TIMEOUT = Duration.ofSeconds(30);

  public DispatchSettings {
    streamIdleTimeout = streamIdleTimeout == null ? DEFAULT_STREAM_IDLE_TIMEOUT : streamIdleTimeout;
    headersTimeout = headersTimeout == null ? DEFAULT_HEADERS_TIMEOUT : headersTimeout;
  }

  public DispatchSettings(int maxAttempts, Duration backoffInitial, Duration backoffMax, double backoffMultiplier,
      double backoffJitter, double retryBudgetRatio, int retryBudgetFloor, Breaker breaker,
      Duration streamTtftTimeout) {
    this(maxAttempts, backoffInitial, backoffMax, backoffMultiplier, backoffJitter, retryBudgetRatio,
        retryBudgetFloor, breaker, streamTtftTimeout, null, null);
  }

  /** When a deployment's circuit opens, and for how long. */
  public record Breaker(int consecutiveFailures, double failureRate, int window, int minCalls, Duration openFor,
      int probes) {
    public static Breaker defaults() {
      return new Breaker(5, 0.5, 20, 10, Duration.ofSeconds(30), 1);
    }
  }

  public static DispatchSettings defaults() {
    return new DispatchSettings(4, Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.2, 0.2, 10,
        Breaker.defaults(), Duration.ofSeconds(60), DEFAULT_STREAM_IDLE_TIMEOUT, DEFAULT_HEADERS_TIMEOUT);
  }
}
