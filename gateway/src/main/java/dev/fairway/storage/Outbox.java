package dev.fairway.storage;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one durable, bounded path of every per-request record (ledger rows, decision records) to
 * the database. {@link #append} journals the record to a local file and offers it to a bounded
 * memory queue, in a few microseconds and without touching the database; a single writer thread
 * drains the queue in batches, one transaction per batch shared by every {@link BatchSink}.
 *
 * <p>What the queue cannot hold (it is full, or the database is down) stays in the journal only,
 * and the writer reads it back from there: memory stays bounded whatever the outage, and nothing
 * appended is lost to a process kill. On open, whatever the journal holds beyond its checkpoint
 * is written again; the sinks skip records they already have.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /**
   * One record on its way: {@code seq} counts journaled records in this process (-1: memory only);
   * {@code value} is the record as its sink writes it, or null when only the bytes are known (read
   * back from the journal).
   */
  record Entry(long seq, String kind, byte[] payload, Object value, Journal.Position end, int frameBytes) {}

  /** A snapshot of the outbox's state, for metrics, health and tests. */
  public record Stats(long appended, long committed, int queued, long queuedBytes, long spoolRecords,
      long spoolBytes, boolean databaseAvailable, long replayed, long spilled, long failed) {}

  private final OutboxConfig config;
  private final Journal journal;
  /** A kind's journal tag, and the class of the values its sink takes. */
  private record Kind(byte[] tag, Class<?> type) {}

  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  private final Object appendLock = new Object();
  final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
  final AtomicInteger queuedRecords = new AtomicInteger();
  final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong spilledCount = new AtomicLong();
  private final AtomicLong lostCount = new AtomicLong();
  private final OutboxWriter writer;
  private final OutboxMetrics metrics;
  private final RateLimitedLog appendErrorLog;
  /** Records journaled so far, the recovered backlog included; guarded by appendLock, read by the writer. */
  private volatile long journaled;
  private volatile long appendedBytes;
  private volatile boolean closed;

  private Outbox(OutboxConfig config, Database db, List<? extends BatchSink<?>> sinks, MeterRegistry registry,
      LongSupplier nanoTime) throws IOException {
    this.config = config;
    Map<String, BatchSink<?>> byKind = new LinkedHashMap<>();
    for (BatchSink<?> s : sinks) {
      byte[] k = s.kind().getBytes(StandardCharsets.UTF_8);
      if (k.length == 0 || k.length > 255 || byKind.putIfAbsent(s.kind(), s) != null) {
        throw new IllegalArgumentException("sink kinds must be unique, 1 to 255 bytes: " + s.kind());
      }
      kinds.put(s.kind(), new Kind(k, s.type()));
    }
    this.journal = Journal.open(config.dir(), config.segmentBytes());
    journal.forceOnRoll(!config.fsyncInterval().isZero());
    Journal.Backlog backlog = journal.backlog();
    this.journaled = backlog.records();
    this.appendedBytes = backlog.bytes();
    this.appendErrorLog = new RateLimitedLog(nanoTime, Duration.ofMinutes(1));
    this.metrics = new OutboxMetrics(registry, byKind.keySet(), this);
    this.writer = new OutboxWriter(this, config, journal, db, byKind, metrics, nanoTime);
    if (backlog.records() > 0) {
      LOG.info("outbox: {} records ({} bytes) in the journal were not yet committed; writing them now",
          backlog.records(), backlog.bytes());
    }
    writer.start();
  }

  /**
   * Opens the outbox journaling under {@code config.dir()}, replays whatever the journal holds
   * beyond its checkpoint, and starts the writer.
   *
   * @throws StorageException when the journal cannot be opened (another process holds it, no disk)
   */
  public static Outbox open(OutboxConfig config, Database db, List<? extends BatchSink<?>> sinks,
      MeterRegistry registry) {
    return open(config, db, sinks, registry, System::nanoTime);
  }

  /** As {@link #open(OutboxConfig, Database, List, MeterRegistry)}, timing with {@code nanoTime}. */
  public static Outbox open(OutboxConfig config, Database db, List<? extends BatchSink<?>> sinks,
      MeterRegistry registry, LongSupplier nanoTime) {
    try {
      return new Outbox(config, db, sinks, registry, nanoTime);
    } catch (IOException e) {
      throw new StorageException("cannot open the outbox journal " + config.dir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Journals {@code payload} as a record of {@code kind} and hands it to the writer. Never waits on
   * the database; safe from any thread (event loops included). When the journal cannot be written
   * (disk full), the record is kept in memory only, if the queue has room, and counted.
   *
   * @return the record's sequence number in this process, for {@link #awaitCommitted}; -1 when it
   *     could not be journaled
   * @throws IllegalArgumentException for a kind no sink writes, a payload over
   *     {@link OutboxConfig#MAX_RECORD_BYTES}, or a value that is not of its sink's type
   * @throws IllegalStateException after {@link #close}
   */
  public long append(String kind, byte[] payload) {
    return append(kind, payload, null);
  }

  /**
   * As {@link #append(String, byte[])}, handing the writer {@code value} too: the record as its
   * sink writes it, exactly what the sink's {@code decode(payload)} would return (null: the writer
   * decodes the payload). A record the writer takes from memory is then never decoded.
   */
  public long append(String kind, byte[] payload, Object value) {
    Kind kd = kinds.get(kind);
    if (kd == null) {
      throw new IllegalArgumentException("no sink writes records of kind " + kind);
    }
    if (value != null && !kd.type().isInstance(value)) {
      throw new IllegalArgumentException("the " + kind + " sink writes " + kd.type().getSimpleName()
          + ", not " + value.getClass().getSimpleName());
    }
    byte[] k = kd.tag();
    if (payload.length > OutboxConfig.MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("record of " + payload.length + " bytes is over the "
          + OutboxConfig.MAX_RECORD_BYTES + "-byte limit");
    }
    long seq;
    synchronized (appendLock) {
      if (closed) {
        throw new IllegalStateException("the outbox is closed");
      }
      Journal.Position end;
      try {
        end = journal.append(k, payload);
      } catch (IOException e) {
        metrics.appendErrors.increment();
        appendErrorLog.warn(LOG, "outbox: cannot write the journal ({}); records are kept in memory only until it can",
            e.getMessage());
        if (!offer(new Entry(-1, kind, payload, value, null, 0))) {
          lostCount.incrementAndGet();
          metrics.failed(kind).increment();
        }
        writer.wakeIfWaiting(queuedRecords.get());
        return -1;
      }
      int frame = JournalFrames.HEADER + 1 + k.length + payload.length;
      seq = journaled;
      journaled = seq + 1;
      appendedBytes += frame;
      if (!offer(new Entry(seq, kind, payload, value, end, frame))) {
        spilledCount.incrementAndGet();
        metrics.spilled.increment();
      }
    }
    writer.wakeIfWaiting(journaled - writer.taken());
    return seq;
  }

  private boolean offer(Entry e) {
    if (queuedRecords.get() >= config.queueRecords()
        || queuedBytes.get() + e.payload().length > config.queueBytes()) {
      return false;
    }
    queuedRecords.incrementAndGet();
    queuedBytes.addAndGet(e.payload().length);
    queue.add(e);
    return true;
  }

  /** Records journaled so far (the count of sequence numbers handed out, the replayed backlog included). */
  long journaled() {
    return journaled;
  }

  long appendedBytes() {
    return appendedBytes;
  }

  /**
   * Waits until the record {@code seq} (and every one before it) is committed, or the timeout passes.
   *
   * @return true when it is committed
   */
  public boolean awaitCommitted(long seq, Duration timeout) throws InterruptedException {
    return writer.awaitCommitted(seq + 1, timeout);
  }

  /**
   * Waits until everything appended so far, and the replayed backlog, is committed; true if it is.
   * The writer writes what it holds at once instead of waiting for its batch to fill.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long upTo = journaled;
    writer.hurry(upTo);
    return writer.awaitCommitted(upTo, timeout);
  }

  /**
   * What a read of the database must see: every record appended before it. Waits (up to {@code
   * timeout}) for them to be committed, unless the database is known to be away (then the read
   * sees what was written, and the rest follows when it is back).
   */
  public void readYourWrites(Duration timeout) {
    if (!writer.databaseAvailable()) {
      return;
    }
    try {
      flush(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Stats stats() {
    long committed = writer.committed();
    return new Stats(journaled, committed, queuedRecords.get(), queuedBytes.get(), Math.max(0, journaled - committed),
        Math.max(0, appendedBytes - writer.committedBytes()), writer.databaseAvailable(),
        writer.replayedCount(), spilledCount.get(), writer.failedCount() + lostCount.get());
  }

  /**
   * Stops accepting records and lets the writer drain for up to {@code closeTimeout}; what it could
   * not write stays in the journal for the next start.
   */
  @Override
  public void close() {
    synchronized (appendLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    writer.stop(config.closeTimeout());
    try {
      journal.close();
    } catch (IOException e) {
      LOG.warn("outbox: closing the journal: {}", e.getMessage());
    }
  }

  static long nanos(Duration d) {
    return TimeUnit.NANOSECONDS.convert(d);
  }
}
