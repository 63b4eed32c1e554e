package dev.fairway.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for something the system under test reaches on its own (a writer catching up, a replay
 * finishing): checks every 20 ms, fails naming what never happened once the deadline passes. The
 * deadline bounds a hang; it is not an assertion on speed.
 */
public final class Eventually {
  private Eventually() {}

  public static void within(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("still not true after " + timeout + ": " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
