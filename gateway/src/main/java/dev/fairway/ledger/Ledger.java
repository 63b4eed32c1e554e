package dev.fairway.ledger;

import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger: {@link #record} takes one finished request's row and appends it to the outbox
 * (journaled before it returns, written to the database in batches by the outbox's writer);
 * {@link #reports} reads spend and the request log back; a maintenance task makes PostgreSQL
 * partitions ahead and applies the retention.
 *
 * <p>Wiring: give the outbox a {@link LedgerSink}, then start the ledger on that outbox:
 * <pre>{@code
 * LedgerSink sink = new LedgerSink(registry);
 * Outbox outbox = Outbox.open(OutboxConfig.defaults(OutboxConfig.under(storage.path())), db, List.of(sink), registry);
 * Ledger ledger = Ledger.start(LedgerConfig.defaults(), db, outbox, registry, Clock.systemUTC());
 * }</pre>
 */
public final class Ledger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

  /** What one maintenance run did. */
  public record Upkeep(int partitionsCreated, int partitionsDropped, long rowsDeleted) {}

  private final LedgerConfig config;
  private final Database db;
  private final Outbox outbox;
  private final SpendReports reports;
  private final Clock clock;
  private final ScheduledExecutorService maintenance;
  private final boolean ownsScheduler;
  private final Counter partitionsDropped;
  private final Counter rowsExpired;
  private final Counter notRecorded;

  private Ledger(LedgerConfig config, Database db, Outbox outbox, MeterRegistry registry, Clock clock,
      ScheduledExecutorService scheduler, boolean ownsScheduler) {
    this.config = config;
    this.db = db;
    this.outbox = outbox;
    this.reports = new SpendReports(db);
    this.clock = clock;
    this.maintenance = scheduler;
    this.ownsScheduler = ownsScheduler;
    partitionsDropped = Counter.builder("fairway.ledger.partitions.dropped")
        .description("daily ledger partitions dropped by retention (PostgreSQL)").register(registry);
    rowsExpired = Counter.builder("fairway.ledger.retention.rows.deleted")
        .description("ledger rows deleted by retention (SQLite)").register(registry);
    notRecorded = Counter.builder("fairway.ledger.rows.not_recorded")
        .description("rows refused by the outbox (closed, or too large)").register(registry);
  }

  /**
   * A ledger on {@code outbox} (which must have a {@link LedgerSink}), with its maintenance running
   * now and every {@link LedgerConfig#maintenanceEvery()} on a thread of its own.
   */
  public static Ledger start(LedgerConfig config, Database db, Outbox outbox, MeterRegistry registry, Clock clock) {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fairway-ledger-maintenance");
      t.setDaemon(true);
      return t;
    });
    Ledger l = new Ledger(config, db, outbox, registry, clock, s, true);
    long every = config.maintenanceEvery().toMillis();
    s.scheduleWithFixedDelay(l::maintainQuietly, 0, every, TimeUnit.MILLISECONDS);
    return l;
  }

  /** A ledger whose maintenance runs only when {@link #maintain} is called (tests, tools). */
  public static Ledger manual(LedgerConfig config, Database db, Outbox outbox, MeterRegistry registry, Clock clock) {
    return new Ledger(config, db, outbox, registry, clock, null, false);
  }

  /**
   * Records one finished request: its row is journaled before this returns and written to the
   * database shortly after. Safe on an event loop (no database access, a few microseconds).
   *
   * @return the outbox sequence number of the record, or -1 when it was not recorded (ledger off,
   *     outbox closed)
   */
  public long record(LedgerRow row) {
    if (!config.enabled()) {
      return -1;
    }
    LedgerRow r = config.storeContent() ? boundContent(row) : row.withoutContent();
    try {
      return outbox.append(LedgerSink.KIND, LedgerCodec.encode(r), r);
    } catch (IllegalStateException | IllegalArgumentException e) {
      notRecorded.increment();
      return -1;
    }
  }

  private LedgerRow boundContent(LedgerRow row) {
    LedgerRow.Content c = row.content();
    if (c == null) {
      return row;
    }
    int max = config.maxContentChars();
    return row.toBuilder().content(new LedgerRow.Content(cut(c.prompt(), max), cut(c.completion(), max))).build();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** True when rows keep their prompt and answer text ({@code ledger.store_content}). */
  public boolean storesContent() {
    return config.storeContent();
  }

  public SpendReports reports() {
    return reports;
  }

  /** Makes partitions ahead and applies the retention now. */
  public Upkeep maintain() throws SQLException {
    Upkeep r = Retention.run(db, clock.millis(), config.retentionDays());
    partitionsDropped.increment(r.partitionsDropped());
    rowsExpired.increment(r.rowsDeleted());
    if (r.partitionsDropped() > 0 || r.rowsDeleted() > 0) {
      LOG.info("ledger retention ({} days): dropped {} partitions, deleted {} rows", config.retentionDays(),
          r.partitionsDropped(), r.rowsDeleted());
    }
    return r;
  }

  private void maintainQuietly() {
    try {
      maintain();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("ledger maintenance failed (retried in {}): {}", config.maintenanceEvery(), e.getMessage());
    }
  }

  /** Stops the maintenance; the outbox is closed by whoever opened it. */
  @Override
  public void close() {
    if (ownsScheduler && maintenance != null) {
      maintenance.shutdownNow();
    }
  }
}
