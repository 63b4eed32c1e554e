package dev.fairway.storage;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/** Lets a repeating warning through at most once per interval, so a fault cannot flood the log. */
final class RateLimitedLog {
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private long last;
  private boolean any;

  RateLimitedLog(LongSupplier nanoTime, Duration interval) {
    this.nanoTime = nanoTime;
    this.intervalNanos = interval.toNanos();
  }

  /** Logs at WARN unless a line went out less than an interval ago; true if it logged. */
  synchronized boolean warn(Logger log, String format, Object... args) {
    long now = nanoTime.getAsLong();
    if (any && now - last < intervalNanos) {
      return false;
    }
    any = true;
    last = now;
    log.warn(format, args);
    return true;
  }
}
