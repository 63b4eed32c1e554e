package dev.fairway.pipeline;

import java.time.Duration;
import java.util.function.LongSupplier;

/** The instant a request must be answered by, on a monotonic nanosecond clock. */
public record Deadline(long atNanos, LongSupplier ticker) {

  public static Deadline after(Duration d, LongSupplier ticker) {
    return new Deadline(ticker.getAsLong() + d.toNanos(), ticker);
  }

  public long remainingNanos() {
    return atNanos - ticker.getAsLong();
  }

  public long remainingMillis() {
    long n = remainingNanos();
    return n <= 0 ? 0 : Math.max(1, (n + 999_999) / 1_000_000);
  }

  public boolean expired() {
    return remainingNanos() <= 0;
  }

  /** The earlier of this deadline and {@code d} from now. */
  public Deadline atMost(Duration d) {
    long other = ticker.getAsLong() + d.toNanos();
    return other < atNanos ? new Deadline(other, ticker) : this;
  }
}
