package dev.fairway.tenancy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;

/**
 * Leave to send one request: its maximum cost, estimated tokens, one request and one parallel
 * slot are held against every applicable budget and limit until {@link #settle} (the actual
 * amounts replace the reservation) or {@link #release} (nothing was spent). Whichever comes first
 * wins; later calls do nothing, so every path that finishes a request may call either safely.
 */
public final class Permit implements Reservation {
  /** The master key's permit: nothing held, nothing to settle. */
  static final Permit UNLIMITED = new Permit(null, null, RateLimitHeaders.NONE);

  private final Counters counters;
  private final Counters.Hold hold;
  private final RateLimitHeaders headers;
  private static final VarHandle FINISHED;

  static {
    try {
      FINISHED = MethodHandles.lookup().findVarHandle(Permit.class, "finished", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile boolean finished; // set once, through FINISHED

  Permit(Counters counters, Counters.Hold hold, RateLimitHeaders headers) {
    this.counters = counters;
    this.hold = hold;
    this.headers = headers;
  }

  /** The rate-limit headers to send with the response (the state just after this reservation). */
  public RateLimitHeaders headers() {
    return headers;
  }

  /**
   * Charges what the request actually cost (from the provider's reported usage; retries and
   * fallbacks included) and its actual tokens, in place of the reservation.
   */
  public void settle(BigDecimal actualCostUsd, long actualTokens, long nowMs) {
    if (hold != null && FINISHED.compareAndSet(this, false, true)) {
      counters.settle(hold, actualCostUsd == null ? BigDecimal.ZERO : actualCostUsd, Math.max(0, actualTokens), nowMs);
    }
  }

  /** Gives the whole reservation back: no provider call was charged. */
  public void release() {
    if (hold != null && FINISHED.compareAndSet(this, false, true)) {
      counters.release(hold);
    }
  }

  /** True once settled or released. */
  public boolean finished() {
    return hold == null || finished;
  }
}
