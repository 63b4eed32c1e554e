package dev.fairway.dispatch;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retry number {@code n} (1-based). Values compose:
 * {@code Backoff.exponential(100ms, 5s, 2).withJitter(0.2)}. Randomness is passed in, so tests are
 * deterministic.
 */
@FunctionalInterface
public interface Backoff {

  Duration delay(int retry, RandomGenerator random);

  static Backoff fixed(Duration d) {
    return (n, r) -> d;
  }

  /** initial × multiplier^(n−1), capped at max. */
  static Backoff exponential(Duration initial, Duration max, double multiplier) {
    if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1) {
      throw new IllegalArgumentException("need 0 <= initial <= max and multiplier >= 1");
    }
    return (n, r) -> {
      double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, n - 1));
      return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    };
  }

  /** Spreads each delay uniformly over ±fraction of itself, so clients that failed together do not retry together. */
  default Backoff withJitter(double fraction) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("jitter fraction must be in [0, 1]");
    }
    Backoff base = this;
    return (n, r) -> {
      long d = base.delay(n, r).toNanos();
      long spread = (long) (d * fraction);
      return spread == 0 ? Duration.ofNanos(d) : Duration.ofNanos(d - spread + r.nextLong(2 * spread + 1));
    };
  }

  /** Never shorter than what the provider asked for in Retry-After. */
  static Duration honouring(Duration backoff, Duration retryAfter) {
    return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
  }
}
