package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import dev.fairway.testing.PgServer;
import dev.fairway.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL outage under a steady stream of requests: the test's own server is stopped
 * while rows keep coming, then started again. Nothing may be lost or doubled, the spool must
 * drain, and the outage must show in the metrics and in one log line each way.
 */
class LedgerOutageTest {

  @TempDir
  Path temp;

  @Test
  void aPostgresOutageUnderSteadyLoadLosesNothingAndDuplicatesNothing() throws Exception {
    assumeTrue(PgServer.binaries().isPresent(), "PostgreSQL binaries not installed");
    Logger outboxLog = (Logger) LoggerFactory.getLogger(Outbox.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    outboxLog.addAppender(logs);
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    Path dir = temp;
    try (PgServer pg = PgServer.launch();
         TestDatabases.Handle h = TestDatabases.postgres("127.0.0.1", pg.port());
         Database db = Database.open(h.config())) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Outbox outbox = Outbox.open(OutboxConfig.defaults(dir).withQueue(256, 1 << 20)
              .withRetry(Duration.ofMillis(50), Duration.ofMillis(500)), db, List.of(new LedgerSink(registry)), registry);
           Ledger ledger = Ledger.manual(LedgerConfig.defaults(), db, outbox, registry, Clock.systemUTC())) {
        AtomicInteger sent = new AtomicInteger();
        List<LedgerRow> rows = LedgerFixture.rows(20_000, 1, 21);
        // 500 rows per second: 5 every 10 ms
        load.scheduleAtFixedRate(() -> {
          for (int i = 0; i < 5 && sent.get() < rows.size(); i++) {
            ledger.record(rows.get(sent.getAndIncrement()));
          }
        }, 0, 10, TimeUnit.MILLISECONDS);

        await(() -> outbox.stats().committed() >= 200, "rows written before the outage");
        pg.stop();
        await(() -> !outbox.stats().databaseAvailable(), "the writer notices the outage");
        int atStop = sent.get();
        await(() -> sent.get() >= atStop + 500, "rows arriving during the outage");
        assertThat(registry.get("fairway.outbox.database.available").gauge().value()).isZero();
        assertThat(registry.get("fairway.outbox.spool.records").gauge().value()).isGreaterThanOrEqualTo(300);
        assertThat(outbox.stats().queued()).isLessThanOrEqualTo(256);
        pg.start();
        int atStart = sent.get();
        await(() -> sent.get() >= atStart + 250, "rows after the outage");
        load.shutdown();
        assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(outbox.flush(Duration.ofSeconds(60))).as("the spool drains").isTrue();

        int n = sent.get();
        List<String> expected = rows.subList(0, n).stream().map(LedgerRow::requestId).sorted().toList();
        assertThat(ids(db)).containsExactlyElementsOf(expected);
        assertThat(rolledUpRequests(db)).isEqualTo(n);
        assertThat(outbox.stats().spoolRecords()).isZero();
        assertThat(registry.get("fairway.outbox.outages").counter().count()).isEqualTo(1);
        assertThat(registry.get("fairway.outbox.database.available").gauge().value()).isEqualTo(1);
        assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("database is unavailable")))
            .hasSize(1);
        assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("database is back"))).hasSize(1);
      }
    } finally {
      load.shutdownNow();
      outboxLog.detachAppender(logs);
    }
  }

  private static List<String> ids(Database db) {
    return db.inTransaction(c -> {
      List<String> out = new java.util.ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT request_id FROM ledger ORDER BY request_id")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  static long rolledUpRequests(Database db) {
    return db.inTransaction(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(sum(requests), 0) FROM ledger_daily")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Waits for a condition the system reaches on its own (no fixed sleep: it checks every few milliseconds). */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
