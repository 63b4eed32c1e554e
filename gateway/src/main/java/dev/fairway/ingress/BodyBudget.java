package dev.fairway.ingress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission by buffered bytes: the request bodies the gateway holds at once, over every event
 * loop, stay within a budget. Bytes are reserved as they arrive, never as announced, so a socket
 * that declares a large body and sends nothing holds nothing. A request over the budget is
 * refused (503 with Retry-After) instead of the heap running out under a burst of large requests
 * and every request in flight failing. One request is always admitted when nothing else is
 * buffered, so a body within the size limit is never refused on an idle gateway.
 *
 * <p>Each connection draws on the budget through its own {@link Account}, which caps its share
 * (an HTTP/2 connection carries many requests), so one client cannot take the whole budget.
 */
public final class BodyBudget {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  public BodyBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }

  /** Bytes reserved now. */
  public long held() {
    return held.get();
  }

  /** Reserves {@code bytes} if they fit (or nothing is held); false if the budget is spent. */
  public boolean tryReserve(long bytes) {
    return tryReserve(bytes, 0);
  }

  /** Like {@link #tryReserve(long)}, where {@code own} of the bytes held are the caller's (they do not count as others'). */
  private boolean tryReserve(long bytes, long own) {
    while (true) {
      long h = held.get();
      if (h - own > 0 && h + bytes > limit) {
        return false;
      }
      if (held.compareAndSet(h, h + bytes)) {
        return true;
      }
    }
  }

  /** Whether {@code bytes} more would fit now, reserving nothing (to refuse a declared length at once). */
  public boolean fits(long bytes) {
    long h = held.get();
    return h == 0 || h + bytes <= limit;
  }

  public void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** An account for one connection, holding at most {@code share} bytes of the budget. */
  public Account account(long share) {
    return new Account(share);
  }

  /** One connection's draw on the budget; used on that connection's event loop only. */
  public final class Account {
    private final long share;
    private long mine;

    private Account(long share) {
      this.share = share;
    }

    /** Reserves {@code bytes} more for this connection; false if over its share or over the budget. */
    public boolean tryReserve(long bytes) {
      if (mine > 0 && mine + bytes > share) {
        return false;
      }
      if (!BodyBudget.this.tryReserve(bytes, mine)) {
        return false;
      }
      mine += bytes;
      return true;
    }

    public void release(long bytes) {
      long b = Math.min(bytes, mine);
      mine -= b;
      BodyBudget.this.release(b);
    }

    /** Bytes this connection holds now. */
    public long held() {
      return mine;
    }
  }
}
