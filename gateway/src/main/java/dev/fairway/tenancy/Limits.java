package dev.fairway.tenancy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Budgets and rate limits of a principal, reserved before dispatch and settled after: {@link
 * #reserve} holds the request's maximum cost and estimated tokens against the key's and the
 * team's budgets and limits at once, all or nothing; the {@link Permit} it returns is settled
 * with the actual amounts (or released) when the request finishes.
 */
public final class Limits {
  private final Counters counters;

  public Limits(Counters counters) {
    this.counters = Objects.requireNonNull(counters);
  }

  /**
   * Reserves against every applicable budget, RPM, TPM and parallel limit.
   *
   * @param maxCostUsd the most the request can cost (for the dearest candidate the route may try)
   * @param estimatedTokens input tokens plus the output cap, charged to TPM until settled
   * @return a {@link Permit}, or a {@link LimitRefusal} naming the limit that does not fit
   */
  public Reservation reserve(Principal principal, BigDecimal maxCostUsd, long estimatedTokens, long nowMs) {
    List<Scope> scopes = principal.scopes();
    if (scopes.isEmpty()) {
      return Permit.UNLIMITED;
    }
    Counters.Admission a = counters.reserve(scopes, maxCostUsd == null ? BigDecimal.ZERO : maxCostUsd,
        Math.max(0, estimatedTokens), nowMs);
    return switch (a) {
      case Counters.Admitted ok -> new Permit(counters, ok.hold(), ok.headers());
      case LimitRefusal no -> no;
    };
  }

  /** A key's or a team's counters now: spend, reservations, windows, requests in flight. */
  public ScopeUsage usage(Scope scope, long nowMs) {
    return counters.usage(scope, nowMs);
  }

  /** The rate-limit headers for a principal now (e.g. to send with a refusal). */
  public RateLimitHeaders headers(Principal principal, long nowMs) {
    long limR = -1;
    long remR = Long.MAX_VALUE;
    long resetR = -1;
    long limT = -1;
    long remT = Long.MAX_VALUE;
    long resetT = -1;
    for (Scope s : principal.scopes()) {
      Policy p = s.policy();
      if (p.rpm() == null && p.tpm() == null) {
        continue;
      }
      ScopeUsage u = counters.usage(s, nowMs);
      if (p.rpm() != null && p.rpm() - u.requests() < remR) {
        remR = p.rpm() - u.requests();
        limR = p.rpm();
        resetR = u.requestsResetMs();
      }
      if (p.tpm() != null && p.tpm() - u.tokens() < remT) {
        remT = p.tpm() - u.tokens();
        limT = p.tpm();
        resetT = u.tokensResetMs();
      }
    }
    if (limR < 0 && limT < 0) {
      return RateLimitHeaders.NONE;
    }
    return new RateLimitHeaders(limR, limR < 0 ? -1 : remR, resetR, limT, limT < 0 ? -1 : remT, resetT);
  }

  Counters counters() {
    return counters;
  }
}
