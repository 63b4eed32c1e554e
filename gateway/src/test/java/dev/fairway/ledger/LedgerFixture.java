package dev.fairway.ledger;

import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import dev.fairway.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A ledger with its outbox on an emptied database: each kind's database is made and migrated once
 * per test class ({@link Shared}), and emptied for every fixture, since making a PostgreSQL
 * database costs seconds.
 */
final class LedgerFixture implements AutoCloseable {
  /** One database per kind for a test class; open it in {@code @BeforeAll}, close it in {@code @AfterAll}. */
  static final class Shared implements AutoCloseable {
    private final java.util.Map<TestDatabases.Kind, TestDatabases.Handle> handles = new java.util.EnumMap<>(TestDatabases.Kind.class);
    private final java.util.Map<TestDatabases.Kind, Database> dbs = new java.util.EnumMap<>(TestDatabases.Kind.class);

    synchronized Database db(TestDatabases.Kind kind) {
      return dbs.computeIfAbsent(kind, k -> {
        TestDatabases.Handle h = TestDatabases.open(k);
        handles.put(k, h);
        return Database.open(h.config());
      });
    }

    @Override
    public synchronized void close() {
      dbs.values().forEach(Database::close);
      handles.values().forEach(TestDatabases.Handle::close);
      dbs.clear();
      handles.clear();
    }
  }

  static final Duration WAIT = Duration.ofSeconds(20);
  /** 2025-03-10T00:00:00Z. */
  static final long DAY0 = Instant.parse("2025-03-10T00:00:00Z").toEpochMilli();
  static final long DAY = 86_400_000L;

  final Database db;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Path outboxDir;
  Outbox outbox;
  Ledger ledger;
  final LedgerConfig config;
  final Clock clock;

  LedgerFixture(Shared shared, TestDatabases.Kind kind, LedgerConfig config, Clock clock) {
    this.db = shared.db(kind);
    empty(db);
    this.config = config;
    this.clock = clock;
    try {
      this.outboxDir = Files.createTempDirectory("ledger-outbox-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    openOutbox();
  }

  LedgerFixture(Shared shared, TestDatabases.Kind kind) {
    this(shared, kind, LedgerConfig.defaults().withRetentionDays(0), Clock.fixed(Instant.ofEpochMilli(DAY0 + 5 * DAY), ZoneOffset.UTC));
  }

  private static void empty(Database db) {
    db.inTransaction(c -> {
      try (java.sql.Statement s = c.createStatement()) {
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
          Partitions.dropBefore(c, Long.MAX_VALUE - Partitions.DAY_MS);
        } else {
          s.execute("DELETE FROM ledger");
        }
        s.execute("DELETE FROM ledger_daily");
        s.execute("DELETE FROM ledger_daily_dim");
      }
      return null;
    });
  }

  void openOutbox() {
    outbox = Outbox.open(OutboxConfig.defaults(outboxDir).withBatch(200, Duration.ofMillis(5))
        .withRetry(Duration.ofMillis(10), Duration.ofMillis(100)), db, List.of(new LedgerSink(registry)),
        new SimpleMeterRegistry());
    ledger = Ledger.manual(config, db, outbox, registry, clock);
  }

  void closeOutbox() {
    ledger.close();
    outbox.close();
  }

  void recordAll(List<LedgerRow> rows) throws InterruptedException {
    for (LedgerRow r : rows) {
      ledger.record(r);
    }
    flush();
  }

  void flush() throws InterruptedException {
    if (!outbox.flush(WAIT)) {
      throw new AssertionError("the outbox did not drain: " + outbox.stats());
    }
  }

  SpendReports reports() {
    return ledger.reports();
  }

  /** {@code n} varied rows over {@code days} days from DAY0: several keys, teams, models, users, statuses. */
  static List<LedgerRow> rows(int n, int days, long seed) {
    Random rnd = new Random(seed);
    String[] models = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash"};
    String[] providers = {"openai", "openai", "anthropic", "gemini"};
    List<LedgerRow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int m = rnd.nextInt(models.length);
      long start = DAY0 + (long) (rnd.nextDouble() * days * DAY);
      boolean failed = rnd.nextInt(10) == 0;
      long in = rnd.nextInt(5000);
      long cached = in / 3;
      // 12-decimal costs: exact sums must not lose the last digit
      BigDecimal cost = BigDecimal.valueOf(rnd.nextLong(1, 50_000_000_000L), 12);
      out.add(LedgerRow.builder(String.format("req-%06d-%d", i, seed), start)
          .finishedMs(start + 100 + rnd.nextInt(900))
          .key(i % 5 == 0 ? null : "key-" + (i % 4), i % 5 == 0 ? null : "team-" + (i % 2))
          .endUser(i % 3 == 0 ? null : "user-" + (i % 7))
          .protocol(i % 2 == 0 ? "openai" : "anthropic")
          .endpoint(i % 2 == 0 ? "/v1/chat/completions" : "/v1/messages")
          .requestedModel(i % 6 == 0 ? "auto" : models[m])
          .served(failed ? null : models[m], failed ? null : providers[m], failed ? null : providers[m] + "-east")
          .attempts(failed ? 3 : 1 + rnd.nextInt(2))
          .status(failed ? 502 : 200)
          .errorKind(failed ? "upstream" : null)
          .tokens(in, cached, 0, rnd.nextInt(800), rnd.nextInt(50))
          .usageEstimated(rnd.nextInt(20) == 0)
          .cost(failed ? BigDecimal.ZERO : cost)
          .latencyMs(100 + rnd.nextInt(900))
          .ttftMs(i % 2 == 0 ? (long) rnd.nextInt(300) : null)
          .stream(i % 2 == 0)
          .cacheHit(false)
          .decisionId(i % 4 == 0 ? "dec-" + i : null)
          .tags(i % 3 == 0 ? Map.of("env", "prod", "exp", "a" + (i % 2)) : Map.of())
          .build());
    }
    return out;
  }

  @Override
  public void close() {
    closeOutbox();
    try (java.util.stream.Stream<Path> files = Files.walk(outboxDir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException ignored) {
      // best effort
    }
  }
}
