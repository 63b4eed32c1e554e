package dev.fairway.tenancy;

/**
 * Amounts admitted in the last 60 seconds (requests, or tokens), as a log of 100 ms slices: an
 * exact sliding window whose memory is bounded by the number of slices (at most 601), not by
 * traffic. Not thread-safe: the owning scope's lock guards it.
 *
 * <p>Design: each admission is stamped with the end of its 100 ms slice, which is later than the
 * admission itself, and counts until its stamp plus 60 s. So everything admitted in any 60-second
 * interval is still counted when the last of it is admitted, and the sum admitted in any interval
 * of 60 seconds never exceeds the limit. The price of bounded memory is that room frees up to
 * 100 ms later than an exact per-request log would free it. Worst-case burst: the whole limit at
 * one instant, then nothing until that slice leaves the window 60 s later.
 */
final class SlidingWindow {
  static final long WINDOW_MS = 60_000;
  static final long SLICE_MS = 100;

  private long[] stamps = new long[4];
  private long[] amounts = new long[4];
  private int head;
  private int size;
  private long sum;

  /** The amount still inside the window at {@code nowMs}. */
  long used(long nowMs) {
    expire(nowMs);
    return sum;
  }

  boolean fits(long amount, long limit, long nowMs) {
    expire(nowMs);
    return sum + amount <= limit;
  }

  /** Records {@code amount} at {@code nowMs}; returns the slice stamp, for {@link #adjust}. */
  long add(long amount, long nowMs) {
    expire(nowMs);
    long stamp = Math.floorDiv(nowMs, SLICE_MS) * SLICE_MS + SLICE_MS;
    if (size > 0) {
      int last = index(size - 1);
      if (stamps[last] >= stamp) { // same slice (or a clock that stepped back: keep the later stamp)
        amounts[last] += amount;
        sum += amount;
        return stamps[last];
      }
    }
    if (size == stamps.length) {
      grow();
    }
    int i = index(size);
    stamps[i] = stamp;
    amounts[i] = amount;
    size++;
    sum += amount;
    return stamp;
  }

  /**
   * Changes the amount recorded in slice {@code stamp} by {@code delta} (a settlement replacing an
   * estimate). When that slice has already left the window, an increase is recorded now instead.
   */
  void adjust(long stamp, long delta, long nowMs) {
    expire(nowMs);
    for (int k = size - 1; k >= 0; k--) {
      int i = index(k);
      if (stamps[i] == stamp) {
        long d = Math.max(delta, -amounts[i]);
        amounts[i] += d;
        sum += d;
        return;
      }
      if (stamps[i] < stamp) {
        break;
      }
    }
    if (delta > 0) {
      add(delta, nowMs);
    }
  }

  /**
   * Milliseconds until {@code amount} more would fit under {@code limit}: 0 when it fits now, -1
   * when it never can (it is larger than the limit).
   */
  long waitMs(long amount, long limit, long nowMs) {
    expire(nowMs);
    if (amount > limit) {
      return -1;
    }
    long excess = sum + amount - limit;
    if (excess <= 0) {
      return 0;
    }
    long freed = 0;
    for (int k = 0; k < size; k++) {
      int i = index(k);
      freed += amounts[i];
      if (freed >= excess) {
        return stamps[i] + WINDOW_MS - nowMs;
      }
    }
    return WINDOW_MS; // unreachable while sum is consistent
  }

  /** Milliseconds until the window is empty again (OpenAI's "reset"): 0 when it is. */
  long resetMs(long nowMs) {
    expire(nowMs);
    return size == 0 ? 0 : stamps[index(size - 1)] + WINDOW_MS - nowMs;
  }

  private void expire(long nowMs) {
    while (size > 0 && stamps[head] + WINDOW_MS <= nowMs) {
      sum -= amounts[head];
      head = (head + 1) & (stamps.length - 1);
      size--;
    }
  }

  private int index(int k) {
    return (head + k) & (stamps.length - 1);
  }

  private void grow() {
    int n = stamps.length * 2;
    long[] s = new long[n];
    long[] a = new long[n];
    for (int k = 0; k < size; k++) {
      s[k] = stamps[index(k)];
      a[k] = amounts[index(k)];
    }
    stamps = s;
    amounts = a;
    head = 0;
  }
}
