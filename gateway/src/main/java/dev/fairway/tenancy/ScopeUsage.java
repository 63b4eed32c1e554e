package dev.fairway.tenancy;

import java.math.BigDecimal;

/**
 * A scope's counters at one moment.
 *
 * @param spendUsd settled spend in the current budget period
 * @param reservedUsd held by requests in flight (not yet settled)
 * @param periodStartMs when the current budget period began (0 for a lifetime budget)
 * @param periodEndMs when it ends, exclusive ({@link Long#MAX_VALUE} for none)
 * @param requests requests admitted in the last 60 s (counted only while an RPM limit applies)
 * @param tokens tokens admitted in the last 60 s (counted only while a TPM limit applies)
 * @param inFlight requests reserved and not yet settled or released
 * @param requestsResetMs milliseconds until the request window is empty again
 * @param tokensResetMs milliseconds until the token window is empty again
 */
public record ScopeUsage(BigDecimal spendUsd, BigDecimal reservedUsd, long periodStartMs, long periodEndMs,
    long requests, long tokens, int inFlight, long requestsResetMs, long tokensResetMs) {

  /** What remains of {@code budgetUsd} after spend and reservations (never below zero), or null without a budget. */
  public BigDecimal remainingUsd(BigDecimal budgetUsd) {
    if (budgetUsd == null) {
      return null;
    }
    BigDecimal r = budgetUsd.subtract(spendUsd).subtract(reservedUsd);
    return r.signum() < 0 ? BigDecimal.ZERO : r;
  }
}
