package dev.fairway.bench;

import dev.fairway.config.StorageConfig;
import dev.fairway.ledger.Ledger;
import dev.fairway.ledger.LedgerConfig;
import dev.fairway.ledger.LedgerRow;
import dev.fairway.ledger.LedgerSink;
import dev.fairway.ledger.SpendApi;
import dev.fairway.ledger.SpendReports;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fills a ledger with generated requests through the real write path (Ledger.record → outbox
 * journal → writer → LedgerSink: rows and rollups), then times the spend API over real HTTP.
 *
 * <p>Run: {@code bench/run ledger-report --db sqlite|postgres [--rows 10000000] [--days 30]}
 */
@Command(name = "ledger-report", mixinStandardHelpOptions = true,
    description = "Generate N ledger rows over D days, then time GET /admin/spend and /admin/requests.")
final class LedgerReportBench implements Callable<Integer> {
  @Option(names = "--db", defaultValue = "sqlite", description = "sqlite or postgres (default: ${DEFAULT-VALUE}).")
  String db;

  @Option(names = "--rows", defaultValue = "10000000", description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--days", defaultValue = "30", description = "Days they span, ending yesterday (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--dir", description = "Working directory (SQLite file, outbox); default: a temp folder, deleted after.")
  Path dir;

  @Option(names = "--pg", defaultValue = "127.0.0.1:5432", description = "PostgreSQL server host:port (default: ${DEFAULT-VALUE}).")
  String pg;

  @Option(names = "--reuse", description = "Skip generation: time the reports on the rows already in --dir (SQLite) or"
      + " the database fairway_bench_ledger (PostgreSQL).")
  boolean reuse;

  @Option(names = "--repeat", defaultValue = "20", description = "Timed calls per query (default: ${DEFAULT-VALUE}).")
  int repeat;

  private static final String PG_DB = "fairway_bench_ledger";

  @Override
  public Integer call() throws Exception {
    boolean postgres = db.equals("postgres") || db.equals("postgresql");
    boolean tempDir = dir == null;
    Path work = tempDir ? Files.createTempDirectory("ledger-bench-") : dir;
    StorageConfig storage;
    if (postgres) {
      if (!reuse) {
        adminExec("DROP DATABASE IF EXISTS " + PG_DB + " WITH (FORCE)");
        adminExec("CREATE DATABASE " + PG_DB);
      }
      storage = StorageConfig.postgres("jdbc:postgresql://" + pg + "/" + PG_DB, "postgres", null);
    } else {
      storage = StorageConfig.sqlite(work.resolve("db"));
    }
    long dayMs = 86_400_000L;
    long today = Math.floorDiv(System.currentTimeMillis(), dayMs) * dayMs;
    long from = today - days * dayMs;
    try (Database database = Database.open(storage)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      if (!reuse) {
        generate(database, registry, work.resolve("outbox"), from, dayMs);
      }
      System.out.printf(Locale.ROOT, "ledger: %,d rows, %,d rollup rows, %s on disk%n", count(database, "ledger"),
          count(database, "ledger_daily"), size(database, work));
      time(database, from, today);
    } finally {
      if (tempDir && !reuse) {
        deleteTree(work);
      }
    }
    return 0;
  }

  private void generate(Database database, SimpleMeterRegistry registry, Path outboxDir, long from, long dayMs)
      throws InterruptedException {
    OutboxConfig oc = OutboxConfig.defaults(outboxDir).withQueue(50_000, 64L << 20).withBatch(5_000, Duration.ofMillis(50));
    long t0 = System.nanoTime();
    try (Outbox outbox = Outbox.open(oc, database, List.of(new LedgerSink(registry)), registry);
         Ledger ledger = Ledger.manual(LedgerConfig.defaults(), database, outbox, registry, Clock.systemUTC())) {
      SplittableRandom rnd = new SplittableRandom(42);
      String[] models = {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3-mini", "claude-sonnet-4-5", "claude-haiku-4-5",
          "claude-opus-4-1", "gemini-2.5-pro", "gemini-2.5-flash", "nova-pro", "nova-lite", "llama-3.3-70b"};
      String[] providers = {"openai", "openai", "openai", "openai", "anthropic", "anthropic", "anthropic", "gemini",
          "gemini", "bedrock", "bedrock", "groq"};
      BigDecimal[] inPrice = prices("2.5", "0.15", "2", "1.1", "3", "1", "15", "1.25", "0.3", "0.8", "0.06", "0.59");
      BigDecimal[] outPrice = prices("10", "0.6", "8", "4.4", "15", "5", "75", "10", "2.5", "3.2", "0.24", "0.79");
      BigDecimal million = BigDecimal.valueOf(1_000_000);
      long span = days * dayMs;
      long last = -1;
      for (long i = 0; i < rows; i++) {
        int m = rnd.nextInt(models.length);
        int key = rnd.nextInt(200);
        long start = from + (long) (((double) i / rows) * span) + rnd.nextInt(1000);
        boolean failed = rnd.nextInt(50) == 0;
        long in = 50 + rnd.nextInt(4000);
        long out = failed ? 0 : 10 + rnd.nextInt(1000);
        BigDecimal cost = failed ? BigDecimal.ZERO
            : inPrice[m].multiply(BigDecimal.valueOf(in)).add(outPrice[m].multiply(BigDecimal.valueOf(out))).divide(million);
        LedgerRow r = LedgerRow.builder("req_" + Long.toString(i, 36) + "_" + Integer.toString(rnd.nextInt(1 << 30), 36), start)
            .finishedMs(start + 200 + rnd.nextInt(3000)).key("key_" + key, "team_" + (key % 20))
            .endUser("user_" + rnd.nextInt(10_000)).protocol(i % 3 == 0 ? "anthropic" : "openai")
            .endpoint(i % 3 == 0 ? "/v1/messages" : "/v1/chat/completions").requestedModel(i % 5 == 0 ? "auto" : models[m])
            .served(failed ? null : models[m], providers[m], providers[m] + "-1").attempts(failed ? 3 : 1)
            .status(failed ? 502 : 200).errorKind(failed ? "upstream" : null).tokens(in, in / 4, 0, out, 0).cost(cost)
            .latencyMs(200 + rnd.nextInt(3000)).ttftMs(i % 2 == 0 ? (long) rnd.nextInt(500) : null).stream(i % 2 == 0)
            .build();
        last = ledger.record(r);
        if (i % 50_000 == 49_999) {
          // flow control: never more than ~100k rows ahead of the database
          outbox.awaitCommitted(Math.max(0, last - 100_000), Duration.ofMinutes(10));
        }
        if (i % 1_000_000 == 999_999) {
          double s = (System.nanoTime() - t0) / 1e9;
          System.out.printf(Locale.ROOT, "  %,d rows recorded, %,d committed, %.0f s%n", i + 1, outbox.stats().committed(), s);
        }
      }
      outbox.awaitCommitted(last, Duration.ofMinutes(30));
    }
    double s = (System.nanoTime() - t0) / 1e9;
    double busy = registry.get("fairway.outbox.write.latency").timer().totalTime(TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "generated %,d rows over %d days in %.0f s through the outbox and LedgerSink (%,.0f rows/s);"
        + " the writer spent %.0f s in transactions (%.1f us per row)%n", rows, days, s, rows / s, busy, busy * 1e6 / rows);
  }

  private static BigDecimal[] prices(String... p) {
    return Arrays.stream(p).map(BigDecimal::new).toArray(BigDecimal[]::new);
  }

  private void time(Database database, long from, long to) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SpendApi api = new SpendApi(new SpendReports(database), Clock.systemUTC());
      Router router = Router.router(vertx);
      router.get("/admin/spend").handler(api::spend);
      router.get("/admin/requests").handler(api::requests);
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + server.actualPort();
      String f = Instant.ofEpochMilli(from).atZone(ZoneOffset.UTC).toLocalDate().toString();
      String t = Instant.ofEpochMilli(to).atZone(ZoneOffset.UTC).toLocalDate().toString();
      String mid = Instant.ofEpochMilli(from + (to - from) / 3 + 12_345_678).toString();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      System.out.println();
      System.out.println("| query | min ms | median ms | p95 ms | max ms | answer bytes |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      List<String> queries = List.of(
          "/admin/spend?group_by=model&from=" + f + "&to=" + t,
          "/admin/spend?group_by=key&from=" + f + "&to=" + t,
          "/admin/spend?group_by=day&from=" + f + "&to=" + t,
          "/admin/spend?group_by=model&from=" + mid + "&to=" + t,
          "/admin/spend?group_by=user&from=" + f + "&to=" + t,
          "/admin/requests?limit=100",
          "/admin/requests?limit=100&key=key_7&model=gpt-4o",
          "/admin/requests?limit=100&status=error");
      for (String q : queries) {
        // grouping by user scans the rows: a few rounds say enough
        boolean scan = q.contains("group_by=user");
        int n = scan ? Math.min(repeat, 3) : repeat;
        int warm = scan ? 1 : 3;
        double[] ms = new double[n];
        int bytes = 0;
        for (int i = 0; i < warm + n; i++) {
          long s = System.nanoTime();
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + q)).build(),
              HttpResponse.BodyHandlers.ofString());
          long e = System.nanoTime();
          if (r.statusCode() != 200) {
            throw new IllegalStateException(q + ": " + r.statusCode() + " " + r.body());
          }
          bytes = r.body().length();
          if (i >= warm) {
            ms[i - warm] = (e - s) / 1e6;
          }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "| `%s` | %.1f | %.1f | %.1f | %.1f | %,d |%n", q.replace(f, "FROM").replace(t, "TO")
            .replace(mid, "FROM+10d+3h"), ms[0], ms[n / 2], ms[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)], ms[n - 1], bytes);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static long count(Database db, String table) {
    return db.inTransaction(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private static String size(Database db, Path work) throws IOException {
    if (db.dialect() == Database.Dialect.POSTGRESQL) {
      return db.inTransaction(c -> {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
          rs.next();
          return rs.getString(1);
        }
      });
    }
    long b;
    try (Stream<Path> s = Files.walk(work.resolve("db"))) {
      b = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    return String.format(Locale.ROOT, "%.1f GB", b / 1e9);
  }

  private void adminExec(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + pg + "/postgres", "postgres", "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

}
