package dev.fairway.config;

import java.time.Duration;

/** Validates the {@code dispatch:} section into {@link DispatchSettings}; what it leaves out keeps the defaults. */
final class DispatchSection {
  private DispatchSection() {}

  static DispatchSettings read(YamlSource src, RawConfig.Dispatch d) {
    DispatchSettings def = DispatchSettings.defaults();
    if (d == null) {
      return def;
    }
    int maxAttempts = d.maxAttempts() == null ? def.maxAttempts() : d.maxAttempts();
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw src.error("/dispatch/max_attempts", "must be between 1 and 20, got " + maxAttempts);
    }
    Duration initial = d.backoffInitialMs() == null ? def.backoffInitial() : Duration.ofMillis(d.backoffInitialMs());
    Duration max = d.backoffMaxMs() == null ? def.backoffMax() : Duration.ofMillis(d.backoffMaxMs());
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw src.error("/dispatch/backoff_max_ms", "backoff_max_ms must be >= backoff_initial_ms >= 0");
    }
    double mult = d.backoffMultiplier() == null ? def.backoffMultiplier() : d.backoffMultiplier();
    if (mult < 1) {
      throw src.error("/dispatch/backoff_multiplier", "must be >= 1");
    }
    double jitter = d.backoffJitter() == null ? def.backoffJitter() : d.backoffJitter();
    if (jitter < 0 || jitter > 1) {
      throw src.error("/dispatch/backoff_jitter", "must be between 0 and 1");
    }
    double ratio = d.retryBudget() == null || d.retryBudget().ratio() == null
        ? def.retryBudgetRatio() : d.retryBudget().ratio();
    int floor = d.retryBudget() == null || d.retryBudget().minPerSecond() == null
        ? def.retryBudgetFloor() : d.retryBudget().minPerSecond();
    if (ratio < 0 || floor < 0) {
      throw src.error("/dispatch/retry_budget", "ratio and min_per_second must be >= 0");
    }
    Duration ttft = d.streamTtftTimeoutMs() == null ? def.streamTtftTimeout()
        : ServerSection.positive(src, "/dispatch/stream_ttft_timeout_ms", d.streamTtftTimeoutMs());
    Duration idle = d.streamIdleTimeoutMs() == null ? def.streamIdleTimeout()
        : ServerSection.positive(src, "/dispatch/stream_idle_timeout_ms", d.streamIdleTimeoutMs());
    Duration headers = d.headersTimeoutMs() == null ? def.headersTimeout()
        : ServerSection.positive(src, "/dispatch/headers_timeout_ms", d.headersTimeoutMs());
    return new DispatchSettings(maxAttempts, initial, max, mult, jitter, ratio, floor,
        breaker(src, def.breaker(), d.circuitBreaker()), ttft, idle, headers);
  }

  private static DispatchSettings.Breaker breaker(YamlSource src, DispatchSettings.Breaker b, RawConfig.Breaker rb) {
    if (rb == null) {
      return b;
    }
    DispatchSettings.Breaker out = new DispatchSettings.Breaker(
        rb.consecutiveFailures() == null ? b.consecutiveFailures() : rb.consecutiveFailures(),
        rb.failureRate() == null ? b.failureRate() : rb.failureRate(),
        rb.window() == null ? b.window() : rb.window(),
        rb.minCalls() == null ? b.minCalls() : rb.minCalls(),
        rb.openMs() == null ? b.openFor() : Duration.ofMillis(rb.openMs()),
        rb.probes() == null ? b.probes() : rb.probes());
    if (out.consecutiveFailures() < 1 || out.window() < 1 || out.minCalls() < 1 || out.probes() < 1
        || out.failureRate() <= 0 || out.failureRate() > 1 || out.openFor().isNegative()) {
      throw src.error("/dispatch/circuit_breaker", "counts must be >= 1, failure_rate in (0, 1], open_ms >= 0");
    }
    return out;
  }
}
