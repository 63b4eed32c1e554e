package dev.fairway.tenancy;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.time.Duration;

/**
 * A request refused before any upstream call: which limit, whose (the key's own or its team's),
 * when it resets, and how long to wait. The message names the limit but never another tenant's
 * name or spend, and never a secret.
 *
 * @param resetsAtMs when the limit starts again (end of the budget period, or when the window
 *     empties), or null for a lifetime budget
 * @param retryAfter how long until this request could fit, or null when it never can by waiting
 */
public record LimitRefusal(LimitKind limit, ScopeKind scope, Long resetsAtMs, Duration retryAfter, String message)
    implements Reservation, Counters.Admission {

  /**
   * The 429 to answer with: {@link Reason#BUDGET_EXCEEDED} (OpenAI's {@code insufficient_quota})
   * for a budget, {@link Reason#RATE_LIMIT_EXCEEDED} for a rate or parallel limit; with
   * Retry-After whenever waiting helps.
   */
  public GatewayError error() {
    Reason r = limit == LimitKind.BUDGET ? Reason.BUDGET_EXCEEDED : Reason.RATE_LIMIT_EXCEEDED;
    GatewayError e = GatewayError.of(ErrorKind.RATE_LIMITED, r, message);
    return retryAfter == null ? e : e.withRetryAfter(retryAfter);
  }
}
