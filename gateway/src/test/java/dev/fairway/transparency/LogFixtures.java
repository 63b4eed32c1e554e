package dev.fairway.transparency;

import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Records, appends and schedulers the log's tests share. */
final class LogFixtures {
  private LogFixtures() {}

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  static LogRecord record(int i) {
    return new LogRecord("d-" + i, 1_700_000_000_000L + i,
        ("{\"decision\":\"d-" + i + "\",\"model\":\"m" + (i % 7) + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  static List<LogRecord> records(int from, int to) {
    List<LogRecord> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(record(i));
    }
    return out;
  }

  /** Hands {@code records} to the decision sink in one transaction, as the outbox writer does. */
  static void append(Database db, TransparencyLog log, List<LogRecord> records) {
    List<byte[]> encoded = new ArrayList<>();
    for (LogRecord r : records) {
      encoded.add(TransparencyLog.encode(r.decisionId(), r.timeMs(), r.canonical()));
    }
    db.inTransaction(c -> {
      BatchSink.writeEncoded(log.sink(), c, db.dialect(), encoded);
      return null;
    });
  }

  /** A scheduler that records what is scheduled on it and runs nothing by itself: tests tick it. */
  static final class ManualScheduler extends ScheduledThreadPoolExecutor {
    final List<Runnable> tasks = new ArrayList<>();
    final List<Long> delaysMs = new ArrayList<>();

    ManualScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      tasks.add(command);
      delaysMs.add(unit.toMillis(delay));
      return super.schedule(() -> { }, 1, TimeUnit.DAYS);
    }

    void tick() {
      tasks.forEach(Runnable::run);
    }
  }
}
