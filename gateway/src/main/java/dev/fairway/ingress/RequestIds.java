package dev.fairway.ingress;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Short unique request ids: a random per-process prefix and a counter (no lock, no syscall per id). */
public final class RequestIds {
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  public RequestIds() {
    SecureRandom r = new SecureRandom();
    this.prefix = "req_" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + "_";
  }

  public String next() {
    return prefix + Long.toString(counter.incrementAndGet(), 36);
  }
}
