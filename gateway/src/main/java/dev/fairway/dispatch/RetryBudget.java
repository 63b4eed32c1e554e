package dev.fairway.dispatch;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A gateway-wide allowance of retries, so that a failing provider sees at most a fraction more
 * traffic than clients send, not a multiple of it (the retry-storm problem). Every request deposits
 * {@code ratio} of a retry; every retry withdraws one; a small floor per second keeps retries
 * possible at low traffic. Lock-free; time comes from the injected ticker.
 */
public final class RetryBudget {
  private static final long SCALE = 1000;

  private final long depositPerRequest;
  private final long floorPerSecond;
  private final long cap;
  private final LongSupplier ticker;
  private final AtomicLong balance = new AtomicLong();
  private final AtomicLong floorWindowStart;
  private final AtomicLong floorUsed = new AtomicLong();

  /**
   * @param ratio retries allowed per request on average (0.2 = at most 20% extra load)
   * @param floorPerSecond retries always allowed per second regardless of traffic
   */
  public RetryBudget(double ratio, int floorPerSecond, LongSupplier ticker) {
    if (ratio < 0 || floorPerSecond < 0) {
      throw new IllegalArgumentException("ratio and floor must be >= 0");
    }
    this.depositPerRequest = Math.round(ratio * SCALE);
    this.floorPerSecond = floorPerSecond;
    this.cap = Math.max(SCALE, Math.round(ratio * SCALE * 1000)); // at most ~1000 requests' worth saved up
    this.ticker = ticker;
    this.floorWindowStart = new AtomicLong(ticker.getAsLong());
  }

  public static RetryBudget unlimited() {
    return new RetryBudget(1000, Integer.MAX_VALUE / 2, System::nanoTime);
  }

  /** Records a new request. */
  public void deposit() {
    balance.accumulateAndGet(depositPerRequest, (b, d) -> Math.min(cap, b + d));
  }

  /** Whether {@link #tryWithdraw} would succeed now (it may not, a moment later, under contention). */
  public boolean available() {
    if (balance.get() >= SCALE) {
      return true;
    }
    long now = ticker.getAsLong();
    return now - floorWindowStart.get() >= 1_000_000_000L || floorUsed.get() < floorPerSecond;
  }

  /** Takes one retry if the budget allows it. */
  public boolean tryWithdraw() {
    long b;
    do {
      b = balance.get();
      if (b < SCALE) {
        return tryFloor();
      }
    } while (!balance.compareAndSet(b, b - SCALE));
    return true;
  }

  private boolean tryFloor() {
    long now = ticker.getAsLong();
    long start = floorWindowStart.get();
    if (now - start >= 1_000_000_000L && floorWindowStart.compareAndSet(start, now)) {
      floorUsed.set(0);
    }
    return floorUsed.incrementAndGet() <= floorPerSecond;
  }
}
