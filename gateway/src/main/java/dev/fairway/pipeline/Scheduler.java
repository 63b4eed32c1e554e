package dev.fairway.pipeline;

import io.vertx.core.Vertx;

/**
 * Timers for the request path (deadlines, time to first token, hedges, backoff). Injected so that
 * tests that move a fake clock also move the timers. A task runs on the event loop that scheduled
 * it.
 */
public interface Scheduler {
  /** Runs {@code task} after {@code delayMillis} (at least 1); returns an id for {@link #cancel}. */
  long schedule(long delayMillis, Runnable task);

  /** Cancels a task that has not run; a no-op otherwise. */
  void cancel(long id);

  /** Vert.x timers. */
  static Scheduler of(Vertx vertx) {
    return new Scheduler() {
      @Override
      public long schedule(long delayMillis, Runnable task) {
        return vertx.setTimer(Math.max(1, delayMillis), id -> task.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
