package dev.fairway.provider;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Calls {@code onIdle} once when no {@link #activity()} was seen for {@code limit}. One timer at a
 * time, re-armed lazily when it fires early, so that a chunk costs a timestamp, not a timer.
 * While {@link #pause() paused} (the gateway stopped reading, for back-pressure) silence does not
 * count. Used on one event loop.
 */
final class IdleWatch {
  private final Vertx vertx;
  private final long limitNanos;
  private final LongSupplier ticker;
  private final Runnable onIdle;
  private long last;
  private long timer = -1;
  private boolean paused;
  private boolean stopped;

  IdleWatch(Vertx vertx, Duration limit, LongSupplier ticker, Runnable onIdle) {
    this.vertx = vertx;
    this.limitNanos = limit.toNanos();
    this.ticker = ticker;
    this.onIdle = onIdle;
  }

  void start() {
    last = ticker.getAsLong();
    arm(limitNanos);
  }

  void activity() {
    last = ticker.getAsLong();
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    last = ticker.getAsLong();
  }

  void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void arm(long nanos) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> fire());
    }
  }

  private void fire() {
    timer = -1;
    if (stopped) {
      return;
    }
    long silent = ticker.getAsLong() - last;
    if (paused || silent < limitNanos) {
      arm(paused ? limitNanos : limitNanos - silent);
      return;
    }
    stopped = true;
    onIdle.run();
  }
}
