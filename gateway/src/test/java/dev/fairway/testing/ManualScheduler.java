package dev.fairway.testing;

import dev.fairway.pipeline.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Timers that fire only when a test moves its {@link FakeTicker} with {@link #advance}: each due
 * task runs on the Vert.x context (event loop) that scheduled it, as real timers do.
 */
public final class ManualScheduler implements Scheduler {
  private final FakeTicker ticker;
  private final List<Task> tasks = new ArrayList<>();
  private long nextId;

  private record Task(long id, long dueNanos, Context context, Runnable run) {}

  public ManualScheduler(FakeTicker ticker) {
    this.ticker = ticker;
  }

  @Override
  public synchronized long schedule(long delayMillis, Runnable task) {
    long id = ++nextId;
    tasks.add(new Task(id, ticker.getAsLong() + Math.max(1, delayMillis) * 1_000_000, Vertx.currentContext(), task));
    return id;
  }

  @Override
  public synchronized void cancel(long id) {
    tasks.removeIf(t -> t.id() == id);
  }

  /** Tasks scheduled and neither run nor cancelled. */
  public synchronized int pending() {
    return tasks.size();
  }

  /** Moves the clock and runs, in due order, every task that has come due. */
  public void advance(Duration d) {
    ticker.advance(d);
    List<Task> due;
    synchronized (this) {
      long now = ticker.getAsLong();
      due = tasks.stream().filter(t -> t.dueNanos() <= now).sorted(Comparator.comparingLong(Task::dueNanos)).toList();
      tasks.removeAll(due);
    }
    for (Task t : due) {
      if (t.context() != null) {
        t.context().runOnContext(v -> t.run().run());
      } else {
        t.run().run();
      }
    }
  }
}
