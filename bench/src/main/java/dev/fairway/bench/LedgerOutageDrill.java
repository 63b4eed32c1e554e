package dev.fairway.bench;

import dev.fairway.config.StorageConfig;
import dev.fairway.ledger.Ledger;
import dev.fairway.ledger.LedgerConfig;
import dev.fairway.ledger.LedgerRow;
import dev.fairway.ledger.LedgerSink;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ledger's outage drill: rows recorded at a steady rate for a while, the database taken away
 * for a while in the middle (a PostgreSQL of the drill's own, stopped with pg_ctl), then back. At
 * the end every row must be in the database exactly once and in the rollups once, with the
 * memory queue never past its bound. With {@code --down-for 0} it is a sustained-rate check
 * (SQLite or PostgreSQL).
 *
 * <p>Run: {@code bench/run ledger-outage [--db postgres|sqlite] [--rate 500] [--seconds 60] [--down-at 15] [--down-for 30]}
 */
@Command(name = "ledger-outage", mixinStandardHelpOptions = true,
    description = "Record ledger rows at a steady rate while the database goes away and comes back.")
final class LedgerOutageDrill implements Callable<Integer> {
  @Option(names = "--db", defaultValue = "postgres", description = "postgres (a server of the drill's own) or sqlite.")
  String db;

  @Option(names = "--rate", defaultValue = "500", description = "Rows per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "60", description = "How long rows are recorded (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--down-at", defaultValue = "15", description = "Second at which the database is stopped.")
  int downAt;

  @Option(names = "--down-for", defaultValue = "30", description = "Seconds it stays down (0: no outage).")
  int downFor;

  @Option(names = "--queue", defaultValue = "8192", description = "Memory queue bound, records (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--off", description = "Record nothing (ledger.enabled: false): the drill's own CPU, to subtract.")
  boolean off;

  @Option(names = "--pg-bin", defaultValue = "/usr/lib/postgresql/15/bin", description = "initdb and pg_ctl directory.")
  Path pgBin;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("ledger-drill-");
    boolean postgres = !db.equals("sqlite");
    LocalPostgres pg = postgres ? LocalPostgres.create(pgBin) : null;
    try {
      StorageConfig storage;
      if (postgres) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres",
            "postgres", ""); Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE drill");
        }
        storage = StorageConfig.postgres("jdbc:postgresql://127.0.0.1:" + pg.port + "/drill", "postgres", null);
      } else {
        storage = StorageConfig.sqlite(work.resolve("db"));
      }
      try (Database database = Database.open(storage)) {
        drill(database, work.resolve("outbox"), pg);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
      LedgerReportBench.deleteTree(work);
    }
    return 0;
  }

  private void drill(Database database, Path outboxDir, LocalPostgres pg) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OutboxConfig oc = OutboxConfig.defaults(outboxDir).withQueue(queue, 16L << 20);
    Histogram appendNanos = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
    AtomicLong sent = new AtomicLong();
    long total = (long) rate * seconds;
    long t0;
    long maxQueue = 0;
    long maxSpool = 0;
    long maxSpoolBytes = 0;
    long drainMs;
    try (Outbox outbox = Outbox.open(oc, database, java.util.List.of(new LedgerSink(registry)), registry);
         Ledger ledger = Ledger.manual(off ? new LedgerConfig(false, false, 0, 0, null) : LedgerConfig.defaults(),
             database, outbox, registry, Clock.systemUTC())) {
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      t0 = System.nanoTime();
      long start = t0;
      // every millisecond, catch up with the schedule: rate x elapsed rows so far
      load.scheduleAtFixedRate(() -> {
        long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate));
        while (sent.get() < due) {
          long i = sent.getAndIncrement();
          LedgerRow row = row(i);
          long a = System.nanoTime();
          ledger.record(row);
          if (i >= WARMUP) {
            appendNanos.recordValue(Math.min(System.nanoTime() - a, TimeUnit.SECONDS.toNanos(1)));
          }
        }
      }, 0, 1, TimeUnit.MILLISECONDS);
      boolean down = false;
      boolean wasDown = false;
      long windowCpu = -1;
      long windowRows = 0;
      while (sent.get() < total) {
        double s = (System.nanoTime() - t0) / 1e9;
        if (windowCpu < 0 && s >= seconds / 3.0) {
          // CPU is measured over the last two thirds: start-up and compilation are over by then
          windowCpu = cpuNanos();
          windowRows = sent.get();
        }
        if (pg != null && downFor > 0 && !down && !wasDown && s >= downAt) {
          System.out.printf(Locale.ROOT, "%5.1f s  stopping PostgreSQL%n", s);
          pg.stop();
          down = true;
          wasDown = true;
        } else if (down && s >= downAt + downFor) {
          System.out.printf(Locale.ROOT, "%5.1f s  starting PostgreSQL (spool: %,d records, %,d bytes)%n", s,
              outbox.stats().spoolRecords(), outbox.stats().spoolBytes());
          pg.start();
          down = false;
        }
        Outbox.Stats st = outbox.stats();
        maxQueue = Math.max(maxQueue, st.queued());
        maxSpool = Math.max(maxSpool, st.spoolRecords());
        maxSpoolBytes = Math.max(maxSpoolBytes, st.spoolBytes());
        TimeUnit.MILLISECONDS.sleep(50);
      }
      load.shutdown();
      load.awaitTermination(10, TimeUnit.SECONDS);
      long end = System.nanoTime();
      double steadyCpu = (cpuNanos() - windowCpu) / 1e3 / Math.max(1, sent.get() - windowRows);
      if (!outbox.flush(Duration.ofMinutes(10))) {
        throw new IllegalStateException("the outbox did not drain: " + outbox.stats());
      }
      drainMs = (System.nanoTime() - end) / 1_000_000;
      System.out.printf(Locale.ROOT, "recorded %,d rows in %.1f s (%d/s); drained %d ms after the last;"
          + " process CPU over the last two thirds: %.1f us per row (the drill's own loop included: see --off)%n",
          sent.get(), (end - t0) / 1e9, rate, drainMs, steadyCpu);
    }
    if (off) {
      return;
    }
    long rows = scalar(database, "SELECT count(*) FROM ledger");
    long distinct = scalar(database, "SELECT count(DISTINCT request_id) FROM ledger");
    long rolled = scalar(database, "SELECT coalesce(sum(requests), 0) FROM ledger_daily");
    System.out.printf(Locale.ROOT, "in the database: %,d rows, %,d distinct, %,d in the rollups -> %s%n", rows, distinct,
        rolled, rows == sent.get() && distinct == rows && rolled == rows ? "nothing lost, nothing doubled" : "MISMATCH");
    System.out.printf(Locale.ROOT, "memory queue: max %,d of %,d; journal backlog: max %,d records (%,d bytes)%n",
        maxQueue, queue, maxSpool, maxSpoolBytes);
    System.out.printf(Locale.ROOT, "outages %.0f, batches failed %.0f, records read back from the journal %.0f, written %.0f%n",
        registry.get("fairway.outbox.outages").counter().count(),
        registry.get("fairway.outbox.batches.failed").counter().count(),
        registry.get("fairway.outbox.replayed").counter().count(),
        registry.get("fairway.outbox.rows.written").counter().count());
    System.out.printf(Locale.ROOT, "record() wall time after the first %,d: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
        WARMUP, appendNanos.getValueAtPercentile(50) / 1e3, appendNanos.getValueAtPercentile(99) / 1e3,
        appendNanos.getValueAtPercentile(99.9) / 1e3, appendNanos.getMaxValue() / 1e3);
    if (rows != sent.get() || distinct != rows || rolled != rows) {
      throw new IllegalStateException("the drill lost or doubled rows");
    }
  }

  /** The first rows load and compile the encoding path; their times are not the steady state's. */
  private static final int WARMUP = 1_000;

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static LedgerRow row(long i) {
    long now = System.currentTimeMillis();
    return LedgerRow.builder("drill_" + i, now).finishedMs(now + 5).key("key_" + (i % 50), "team_" + (i % 5))
        .endUser("user_" + (i % 1000)).requestedModel("gpt-4o-mini").served("gpt-4o-mini", "openai", "openai-1")
        .attempts(1).status(200).tokens(1200, 1000, 0, 300, 0).cost(new BigDecimal("0.000375")).latencyMs(800)
        .ttftMs(120L).stream(true).build();
  }

  private static long scalar(Database db, String sql) {
    return db.inTransaction(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}
