package dev.fairway.config;

import java.time.Duration;

/**
 * Gateway-wide dispatch policy: attempt limits, backoff, the retry budget, circuit breakers and
 * the default time-to-first-token limit of streams.
 *
 * @param retryBudgetRatio retries allowed per request on average (0.2 = at most 20% extra load)
 * @param retryBudgetFloor retries per second always allowed, whatever the traffic
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
    Duration streamTtftTimeout) {

  /** When a deployment's circuit opens, and for how long. */
  public record Breaker(int consecutiveFailures, double failureRate, int window, int minCalls, Duration openFor,
      int probes) {
    public static Breaker defaults() {
      return new Breaker(5, 0.5, 20, 10, Duration.ofSeconds(30), 1);
    }
  }

  public static DispatchSettings defaults() {
    return new DispatchSettings(4, Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.2, 0.2, 10,
        Breaker.defaults(), Duration.ofSeconds(60));
  }
}
