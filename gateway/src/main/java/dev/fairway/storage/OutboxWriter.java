package dev.fairway.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's single writer thread: takes records in journal order (from the memory queue when it
 * holds the next one, from the journal file otherwise), batches them by size and time, writes each
 * batch in one transaction across the sinks, then moves the journal's checkpoint.
 *
 * <p>While records keep coming the writer keeps one connection, and the statements its sinks
 * prepared on it (SQLite parses a statement anew on every prepare); it hands the connection back
 * to the pool when it goes idle and after any failure.
 *
 * <p>A batch that fails because the database is away is kept and retried with capped exponential
 * backoff; the outage is logged once when it starts, then at most once per interval, and once when
 * it ends. A batch the database rejects for good is written record by record, and a record that
 * still fails goes to {@code rejected.frames} beside the journal (counted as failed), so one bad
 * record cannot stall the rest.
 */
final class OutboxWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int NEVER = Integer.MAX_VALUE;
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long the writer keeps one connection, busy as it may be, before handing it back. */
  private static final long HOLD_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final Outbox outbox;
  private final OutboxConfig config;
  private final Journal journal;
  private final Database db;
  private final Map<String, BatchSink<?>> sinks;
  private final OutboxMetrics metrics;
  private final LongSupplier nanoTime;
  private final Thread thread;
  private final AtomicInteger wakeAt = new AtomicInteger(NEVER);
  private final Object commitMonitor = new Object();
  private final RateLimitedLog errorLog;

  // Writer-thread state.
  private long nextSeq;
  private Journal.Position readPos;
  private Journal.Cursor cursor;
  private final List<Outbox.Entry> batch = new ArrayList<>();
  /** Records of the current batch set aside in rejected.frames (identity matters, not equality). */
  private final java.util.Set<Outbox.Entry> dead = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private long batchBytes;
  /** True once a transaction of the current batch was begun: a later one may find some of it written. */
  private boolean batchTried;
  private int failures;
  private long outageStartNanos;
  private long lastOutageLogNanos;
  private long lastForceNanos;
  private long journaledAtLastForce;
  /** The connection held while busy, with its prepared statements; null when none is held. */
  private Statements held;
  private long heldSinceNanos;

  // Read by other threads.
  private volatile long taken;
  private volatile long committed;
  /** Records up to this count are awaited by a reader ({@link #hurry}): write them without waiting for the batch to fill. */
  private final AtomicLong hurryUpTo = new AtomicLong();
  private volatile long committedBytes;
  private volatile boolean available = true;
  private volatile long replayed;
  private volatile long failed;
  private volatile boolean stopping;
  private volatile long stopDeadlineNanos;

  OutboxWriter(Outbox outbox, OutboxConfig config, Journal journal, Database db, Map<String, BatchSink<?>> sinks,
      OutboxMetrics metrics, LongSupplier nanoTime) {
    this.outbox = outbox;
    this.config = config;
    this.journal = journal;
    this.db = db;
    this.sinks = sinks;
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    this.readPos = journal.checkpoint();
    this.errorLog = new RateLimitedLog(nanoTime, config.outageLogInterval());
    this.thread = new Thread(this, "fairway-outbox-writer");
    thread.setDaemon(true);
  }

  void start() {
    lastForceNanos = nanoTime.getAsLong();
    thread.start();
  }

  long taken() {
    return taken;
  }

  long committed() {
    return committed;
  }

  long committedBytes() {
    return committedBytes;
  }

  boolean databaseAvailable() {
    return available;
  }

  long replayedCount() {
    return replayed;
  }

  long failedCount() {
    return failed;
  }

  /** Called by appenders: unparks the writer when it waits for at least {@code backlog} records. */
  void wakeIfWaiting(long backlog) {
    int t = wakeAt.get();
    if (t != NEVER && backlog >= t && wakeAt.compareAndSet(t, NEVER)) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Asks for everything up to {@code count} records to be written now rather than when the batch
   * fills or its flush time ends (a read that must see them is waiting).
   */
  void hurry(long count) {
    hurryUpTo.accumulateAndGet(count, Math::max);
    LockSupport.unpark(thread);
  }

  boolean awaitCommitted(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (commitMonitor) {
      while (committed < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(commitMonitor, left);
      }
    }
    return true;
  }

  void stop(Duration timeout) {
    stopDeadlineNanos = nanoTime.getAsLong() + timeout.toNanos();
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(timeout.toMillis() + 2_000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (stopping && (nanoTime.getAsLong() - stopDeadlineNanos > 0)) {
          break;
        }
        try {
          if (batch.isEmpty()) {
            fill();
            if (batch.isEmpty()) {
              if (available() == 0) {
                release(); // idle for a while: give the connection back
              }
              maybeForce();
              if (stopping && available() == 0) {
                break;
              }
              continue;
            }
          }
          if (write()) {
            batch.clear();
            batchBytes = 0;
            batchTried = false;
            failures = 0;
            if (held != null && nanoTime.getAsLong() - heldSinceNanos > HOLD_NANOS) {
              release(); // let the pool retire it on its schedule (maxLifetime)
            }
          } else {
            pause();
          }
          maybeForce();
        } catch (IOException | RuntimeException e) {
          // The journal could not be read back (or a sink broke its contract): say so, then retry.
          closeCursor();
          errorLog.warn(LOG, "outbox: writer error, retrying: {}", SqlFailures.message(e));
          pause();
        }
      }
    } finally {
      closeCursor();
      release();
      if (available() > 0) {
        LOG.info("outbox: stopping with {} records not yet written; they stay in the journal for the next start",
            available() + batch.size());
      }
    }
  }

  /** Collects a batch: waits for its first record, then up to {@code flush} for more. */
  private void fill() throws IOException {
    Outbox.Entry first = take();
    if (first == null) {
      if (!stopping) {
        long idle = config.fsyncInterval().isZero() ? IDLE_NANOS : Math.min(IDLE_NANOS, config.fsyncInterval().toNanos());
        park(idle, 1);
      }
      return;
    }
    add(first);
    long flushNanos = config.flush().toNanos();
    long deadline = nanoTime.getAsLong() + flushNanos;
    while (batch.size() < config.batchRecords() && batchBytes < config.batchBytes()) {
      Outbox.Entry e = take();
      if (e != null) {
        add(e);
        continue;
      }
      long left = deadline - nanoTime.getAsLong();
      if (stopping || left <= 0 || hurryUpTo.get() > committed) {
        break;
      }
      park(left, config.batchRecords() - batch.size());
    }
  }

  private void add(Outbox.Entry e) {
    batch.add(e);
    batchBytes += e.payload().length;
  }

  /** Records ready to take: journaled but not yet taken, or a memory-only one at the queue's head. */
  private long available() {
    long n = Math.max(0, outbox.journaled() - nextSeq);
    Outbox.Entry h = outbox.queue.peek();
    return h != null && h.seq() < 0 ? n + 1 : n;
  }

  /** Parks up to {@code nanos}, or until {@code threshold} records are ready, or stop. */
  private void park(long nanos, int threshold) {
    wakeAt.set(threshold);
    if (available() >= threshold || stopping) {
      wakeAt.set(NEVER);
      return;
    }
    LockSupport.parkNanos(this, nanos);
    wakeAt.set(NEVER);
  }

  /** The next record in journal order, or null when there is none yet. */
  private Outbox.Entry take() throws IOException {
    while (true) {
      Outbox.Entry h = outbox.queue.peek();
      if (h != null && h.seq() >= 0 && h.seq() < nextSeq) {
        release(outbox.queue.poll()); // already read back from the journal
        continue;
      }
      if (h != null && (h.seq() < 0 || h.seq() == nextSeq)) {
        release(outbox.queue.poll());
        if (h.seq() >= 0) {
          closeCursor();
          advance(h.end());
        }
        return h;
      }
      if (nextSeq < outbox.journaled()) {
        if (cursor == null) {
          cursor = journal.cursor(readPos);
        }
        JournalFrames.Frame f = cursor.next();
        if (f == null) {
          throw new IllegalStateException("journal record " + nextSeq + " is missing after " + readPos);
        }
        Journal.Position end = new Journal.Position(cursor.segment(), f.endOffset());
        Outbox.Entry e = new Outbox.Entry(nextSeq, f.kind(), f.payload(), null, end, f.frameBytes());
        advance(end);
        replayed++;
        metrics.replayed.increment();
        return e;
      }
      return null;
    }
  }

  private void advance(Journal.Position end) {
    nextSeq++;
    readPos = end;
    taken = nextSeq;
  }

  private void release(Outbox.Entry e) {
    outbox.queuedRecords.decrementAndGet();
    outbox.queuedBytes.addAndGet(-e.payload().length);
  }

  /** Writes the batch; false when the database is away (the batch is kept for a retry). */
  private boolean write() {
    long t0 = nanoTime.getAsLong();
    // Records set aside by an earlier try of this batch stay set aside (in `dead`, cleared on success).
    Map<String, List<Object>> byKind = group(batch);
    try {
      transaction(byKind);
    } catch (SQLException | RuntimeException e) {
      metrics.batchFailures.increment();
      if (SqlFailures.isTransient(e)) {
        outage(e);
        return false;
      }
      try {
        isolate();
      } catch (SQLException | RuntimeException e2) {
        outage(e2);
        return false;
      }
    }
    metrics.writeLatency.record(nanoTime.getAsLong() - t0, TimeUnit.NANOSECONDS);
    metrics.batchSize.record(batch.size());
    succeeded();
    return true;
  }

  /**
   * The batch's records by kind, as their sinks write them: the value appended with the record
   * when the writer took it from memory, else its journal bytes decoded. A record no sink writes,
   * or whose bytes do not decode, is set aside in rejected.frames: no retry can mend it.
   */
  private Map<String, List<Object>> group(List<Outbox.Entry> entries) {
    Map<String, List<Object>> byKind = new LinkedHashMap<>();
    for (Outbox.Entry e : entries) {
      if (dead.contains(e)) {
        continue;
      }
      Object v = value(e);
      if (v != null) {
        byKind.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(v);
      }
    }
    return byKind;
  }

  /** What {@code e}'s sink writes for it; null (and set aside) when it has no sink or does not decode. */
  private Object value(Outbox.Entry e) {
    BatchSink<?> sink = sinks.get(e.kind());
    if (sink == null) {
      deadLetter(e, "no sink writes records of kind " + e.kind());
      return null;
    }
    if (e.value() != null) {
      return e.value();
    }
    try {
      return sink.decode(e.payload());
    } catch (RuntimeException ex) {
      deadLetter(e, "undecodable: " + ex.getMessage());
      return null;
    }
  }

  private void transaction(Map<String, List<Object>> byKind) throws SQLException {
    if (byKind.isEmpty()) {
      return;
    }
    Statements s = held();
    s.firstWrite(!batchTried && allLive());
    batchTried = true;
    try {
      for (Map.Entry<String, List<Object>> e : byKind.entrySet()) {
        write(sinks.get(e.getKey()), s, e.getValue());
      }
      s.connection().commit();
    } catch (SQLException | RuntimeException e) {
      try {
        s.connection().rollback();
      } catch (SQLException ignored) {
        // the connection is gone; the transaction with it
      }
      release();
      throw e;
    } finally {
      if (held != null) {
        held.endBatch();
        held.firstWrite(false);
      }
    }
    for (String kind : byKind.keySet()) {
      sinks.get(kind).committed();
    }
  }

  /** True when every record of the batch was handed over live by this process, none read back from the journal. */
  private boolean allLive() {
    for (Outbox.Entry e : batch) {
      if (e.value() == null) {
        return false;
      }
    }
    return true;
  }

  /** Hands {@code values} (each made by this sink's decode, or appended as its record) to the sink. */
  @SuppressWarnings("unchecked")
  private static <T> void write(BatchSink<T> sink, BatchSink.Batch b, List<Object> values) throws SQLException {
    sink.write(b, (List<T>) values);
  }

  /** The writer's connection, borrowed from the pool when none is held. */
  private Statements held() throws SQLException {
    if (held == null) {
      Connection c = db.connection();
      try {
        c.setAutoCommit(false);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      held = new Statements(c, db.dialect());
      heldSinceNanos = nanoTime.getAsLong();
    }
    return held;
  }

  /** Closes the held statements and hands the connection back to the pool (it resets it). */
  private void release() {
    Statements s = held;
    if (s == null) {
      return;
    }
    held = null;
    s.close();
    try {
      s.connection().close();
    } catch (SQLException ignored) {
      // the pool drops a broken connection itself
    }
  }

  /**
   * The database rejected the batch for a reason retrying will not cure: writes its records one
   * by one, and sets aside each one that still fails. A transient failure propagates (retry later).
   */
  private void isolate() throws SQLException {
    for (Outbox.Entry e : batch) {
      if (dead.contains(e)) {
        continue;
      }
      Object v = value(e);
      if (v == null) {
        continue;
      }
      try {
        transaction(Map.of(e.kind(), List.of(v)));
      } catch (SQLException | RuntimeException ex) {
        if (SqlFailures.isTransient(ex)) {
          throw ex;
        }
        deadLetter(e, SqlFailures.message(ex));
      }
    }
  }

  private void deadLetter(Outbox.Entry e, String why) {
    dead.add(e);
    failed++;
    metrics.failed(e.kind()).increment();
    errorLog.warn(LOG, "outbox: the database rejected a {} record ({}); it is kept in {}", e.kind(), why,
        config.dir().resolve("rejected.frames"));
    try (FileChannel ch = FileChannel.open(config.dir().resolve("rejected.frames"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = JournalFrames.encode(e.kind(), e.payload());
      while (b.hasRemaining()) {
        ch.write(b);
      }
    } catch (IOException io) {
      LOG.error("outbox: cannot keep a rejected {} record: {}", e.kind(), io.getMessage());
    }
  }

  private void succeeded() {
    Journal.Position end = null;
    long last = -1;
    long bytes = 0;
    for (Outbox.Entry e : batch) {
      if (e.seq() >= 0) {
        end = e.end();
        last = e.seq();
        bytes += e.frameBytes();
      }
      if (!dead.contains(e)) {
        metrics.written(e.kind()).increment();
      }
    }
    dead.clear();
    if (end != null) {
      try {
        journal.commit(end);
      } catch (IOException e) {
        // Not fatal: the next start replays from an older checkpoint and the sinks skip duplicates.
        errorLog.warn(LOG, "outbox: cannot write the journal checkpoint: {}", e.getMessage());
      }
    }
    if (!available) {
      available = true;
      double secs = (nanoTime.getAsLong() - outageStartNanos) / 1e9;
      LOG.info("outbox: the database is back after {} s; writing the {} records that waited in the journal",
          String.format(java.util.Locale.ROOT, "%.1f", secs), Math.max(0, outbox.journaled() - last - 1));
    }
    committedBytes += bytes;
    if (last >= 0) {
      synchronized (commitMonitor) {
        committed = last + 1;
        commitMonitor.notifyAll();
      }
    }
  }

  private void outage(Throwable e) {
    long now = nanoTime.getAsLong();
    failures++;
    if (available) {
      available = false;
      outageStartNanos = now;
      lastOutageLogNanos = now;
      metrics.outages.increment();
      LOG.warn("outbox: the database is unavailable ({}); records wait in the journal under {} and are written"
          + " when it is back", SqlFailures.message(e), config.dir());
    } else if (now - lastOutageLogNanos >= config.outageLogInterval().toNanos()) {
      lastOutageLogNanos = now;
      LOG.warn("outbox: the database is still unavailable after {} s ({}); {} records wait in the journal",
          (now - outageStartNanos) / 1_000_000_000L, SqlFailures.message(e), outbox.stats().spoolRecords());
    }
  }

  /** Waits before the next retry: the initial pause, doubling per failure, capped. */
  private void pause() {
    long base = Math.max(1, config.retryInitial().toNanos());
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    long wait = Math.min(config.retryMax().toNanos(), base << shift);
    long deadline = nanoTime.getAsLong() + Math.max(wait, 0);
    // Stop wakes the park early; the loop still honours the backoff until the close deadline.
    while (!stopping || nanoTime.getAsLong() - stopDeadlineNanos <= 0) {
      long left = deadline - nanoTime.getAsLong();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  private void maybeForce() {
    if (config.fsyncInterval().isZero()) {
      return;
    }
    long now = nanoTime.getAsLong();
    long j = outbox.journaled();
    if (j != journaledAtLastForce && now - lastForceNanos >= config.fsyncInterval().toNanos()) {
      try {
        journal.force();
        journaledAtLastForce = j;
        lastForceNanos = now;
      } catch (IOException e) {
        errorLog.warn(LOG, "outbox: cannot sync the journal: {}", e.getMessage());
      }
    }
  }

  private void closeCursor() {
    if (cursor != null) {
      try {
        cursor.close();
      } catch (IOException ignored) {
        // read-only channel
      }
      cursor = null;
    }
  }
}
