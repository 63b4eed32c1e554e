package dev.fairway.tenancy;

import dev.fairway.metering.Pricing;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The words of each {@link LimitRefusal}. A key's own budget is named with its amount; a team's
 * budget is named without amounts or the team's name, since other keys share it.
 */
final class Refusals {
  private Refusals() {}

  /** Rate-limited requests wait at least this long: a parallel slot frees at an unknown time. */
  static final Duration PARALLEL_RETRY = Duration.ofSeconds(1);

  static LimitRefusal budget(Scope scope, BigDecimal cost, long periodStartMs, long nowMs) {
    Policy p = scope.policy();
    BudgetPeriod period = p.budgetPeriod();
    Long resetsAt = period == BudgetPeriod.NONE ? null : period.end(periodStartMs);
    String whose = scope.kind() == ScopeKind.KEY
        ? "this API key's " + label(period) + "budget of $" + Pricing.format(p.maxBudgetUsd())
        : "the " + label(period) + "budget of this API key's team";
    String when = resetsAt == null ? " This budget does not reset." : " It resets at " + Instant.ofEpochMilli(resetsAt) + ".";
    String msg = "Budget exceeded: " + whose + " cannot cover this request (up to $" + Pricing.format(cost)
        + ")." + when;
    return new LimitRefusal(LimitKind.BUDGET, scope.kind(), resetsAt,
        resetsAt == null ? null : Duration.ofMillis(Math.max(1, resetsAt - nowMs)), msg);
  }

  static LimitRefusal requests(Scope scope, long waitMs, long nowMs) {
    long wait = Math.max(1, waitMs);
    return new LimitRefusal(LimitKind.REQUESTS_PER_MINUTE, scope.kind(), nowMs + wait, Duration.ofMillis(wait),
        "Rate limit reached for " + whose(scope) + ": " + scope.policy().rpm() + (scope.policy().rpm() == 1 ? " request" : " requests")
            + " per minute. Try again in "
            + RateLimitHeaders.duration(wait) + ".");
  }

  static LimitRefusal tokens(Scope scope, long wanted, long waitMs, long nowMs) {
    if (waitMs < 0) {
      return new LimitRefusal(LimitKind.TOKENS_PER_MINUTE, scope.kind(), null, null,
          "Request too large for " + whose(scope) + ": it may use up to " + wanted + " tokens, more than the limit of "
              + scope.policy().tpm() + " tokens per minute.");
    }
    long wait = Math.max(1, waitMs);
    return new LimitRefusal(LimitKind.TOKENS_PER_MINUTE, scope.kind(), nowMs + wait, Duration.ofMillis(wait),
        "Rate limit reached for " + whose(scope) + ": " + scope.policy().tpm() + " tokens per minute (this request"
            + " may use up to " + wanted + "). Try again in " + RateLimitHeaders.duration(wait) + ".");
  }

  static LimitRefusal parallel(Scope scope) {
    return new LimitRefusal(LimitKind.PARALLEL, scope.kind(), null, PARALLEL_RETRY,
        "Too many requests in flight for " + whose(scope) + ": at most " + scope.policy().maxParallel()
            + " at once.");
  }

  private static String whose(Scope scope) {
    return scope.kind() == ScopeKind.KEY ? "this API key" : "this API key's team";
  }

  private static String label(BudgetPeriod p) {
    return switch (p) {
      case HOUR -> "hourly ";
      case DAY -> "daily ";
      case WEEK -> "weekly ";
      case DAYS_30 -> "30-day ";
      case MONTH -> "monthly ";
      case NONE -> "";
    };
  }
}
