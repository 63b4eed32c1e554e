package dev.fairway.ingress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission by buffered bytes: the request bodies the gateway holds at once, over every event
 * loop, stay within a budget. A request over it is refused at once (503 with Retry-After) before
 * its body is read, instead of the heap running out under a burst of large requests and every
 * request in flight failing. One request is always admitted when nothing else is buffered, so a
 * body within the size limit is never refused on an idle gateway.
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
    while (true) {
      long h = held.get();
      if (h > 0 && h + bytes > limit) {
        return false;
      }
      if (held.compareAndSet(h, h + bytes)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    held.addAndGet(-bytes);
  }
}
