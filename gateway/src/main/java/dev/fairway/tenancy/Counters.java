package dev.fairway.tenancy;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;

/**
 * The exact counters behind budgets and rate limits: money spent and reserved per budget period,
 * requests and tokens in the last minute, requests in flight, per {@link Scope}. One instance of
 * the gateway uses {@link #inProcess()}; several instances sharing the load will use an
 * implementation on atomic Redis scripts with the same contract.
 *
 * <p>Contract: {@link #reserve} checks and charges every scope at once, all or nothing, so
 * concurrent reservations can never together pass a limit; {@link #settle} and {@link #release}
 * are called at most once per hold (the {@link Permit} guarantees it).
 */
public interface Counters {

  /** A fresh set of in-process counters. */
  static Counters inProcess() {
    return new InProcessCounters();
  }

  /**
   * Reserves {@code costUsd} against every budget, one request against every RPM limit, {@code
   * tokens} against every TPM limit and one slot against every parallel limit of {@code scopes},
   * or nothing at all.
   */
  Admission reserve(List<Scope> scopes, BigDecimal costUsd, long tokens, long nowMs);

  /** Replaces a hold's reservation by what was actually spent, and frees its parallel slot. */
  void settle(Hold hold, BigDecimal actualCostUsd, long actualTokens, long nowMs);

  /** Gives a hold's money and tokens back (nothing was spent); the request still counts toward RPM. */
  void release(Hold hold);

  /** A scope's counters now (the budget period rolled over if it has ended). */
  ScopeUsage usage(Scope scope, long nowMs);

  /** Loads each scope's stored total for its latest period (at start, before any request). */
  void restore(Collection<SpendRecord> totals);

  /**
   * The spend settled since the last call, per scope and period (closed periods included), as
   * increments for the store to add to its totals.
   */
  List<SpendRecord> takeDirtySpend();

  /** Increments taken but not written (the store failed): they are offered again next time. */
  void putBack(Collection<SpendRecord> unwritten);

  /** Drops the counters of a deleted key or team. */
  void forget(Scope.Id id);

  /** What a reservation holds until it is settled or released; opaque to callers. */
  interface Hold {}

  /** The outcome of {@link #reserve}. */
  sealed interface Admission permits Admitted, LimitRefusal {}

  /** Everything was reserved; {@code headers} describe the tightest rate limit after this request. */
  record Admitted(Hold hold, RateLimitHeaders headers) implements Admission {}
}
