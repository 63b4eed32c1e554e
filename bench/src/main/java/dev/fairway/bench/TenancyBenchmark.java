package dev.fairway.bench;

import dev.fairway.catalog.Secret;
import dev.fairway.config.StorageConfig;
import dev.fairway.storage.Database;
import dev.fairway.tenancy.Authentication;
import dev.fairway.tenancy.BudgetPeriod;
import dev.fairway.tenancy.KeyDraft;
import dev.fairway.tenancy.MasterKey;
import dev.fairway.tenancy.Permit;
import dev.fairway.tenancy.Policy;
import dev.fairway.tenancy.Principal;
import dev.fairway.tenancy.Reservation;
import dev.fairway.tenancy.TeamDraft;
import dev.fairway.tenancy.Tenancy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tenancy hot path of one request: authenticate a presented virtual key (shape check, map
 * lookup, SHA-256, constant-time compare), reserve its maximum cost and estimated tokens against
 * the key's and its team's budget, RPM, TPM and parallel limits at once, then settle the actual
 * amounts. The key and team are loaded from a SQLite store at set-up; nothing here touches it.
 *
 * <p>Run: {@code bench/run jmh TenancyBenchmark}. On a machine shared with other work, wall time
 * per operation mostly measures waiting for a core; {@link #main} measures the thread's own CPU
 * time per request instead: {@code java -cp 'bench/target/fairway-bench.jar:bench/target/lib/*'
 * dev.fairway.bench.TenancyBenchmark [millions of requests]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class TenancyBenchmark {
  private static final BigDecimal MAX_COST = new BigDecimal("0.0042");
  private static final BigDecimal ACTUAL_COST = new BigDecimal("0.0031525");

  Path dir;
  Database db;
  ScheduledExecutorService scheduler;
  Tenancy tenancy;
  String teamKey;
  String soloKey;
  Principal teamPrincipal;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("fairway-tenancy-bench-");
    db = Database.open(StorageConfig.sqlite(dir));
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tenancy-bench-scheduler");
      t.setDaemon(true);
      return t;
    });
    tenancy = Tenancy.open(db, Clock.systemUTC(), scheduler, new Tenancy.Settings(
        MasterKey.of(MasterKey.generate(new SecureRandom())), Duration.ofMinutes(10), Duration.ofMinutes(10)));
    // Every limit on, none ever reached during a run: the cost of checking them is what is measured.
    Policy everything = new Policy(List.of(), new BigDecimal("1000000000"), BudgetPeriod.MONTH, Integer.MAX_VALUE,
        Long.MAX_VALUE / 4, 1_000_000);
    String team = tenancy.admin().createTeam(TeamDraft.of("bench", "bench", everything), "bench").id();
    teamKey = tenancy.admin().createKey(KeyDraft.of("with-team", everything).withTeam(team), "bench").secretKey();
    soloKey = tenancy.admin().createKey(KeyDraft.of("solo", everything), "bench").secretKey();
    teamPrincipal = ((Authentication.Granted) tenancy.authenticate(teamKey, System.currentTimeMillis())).principal();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tenancy.close();
    scheduler.shutdownNow();
    db.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Authentication alone: a live key with a team. */
  @Benchmark
  public Object authenticate() {
    return tenancy.authenticate(teamKey, System.currentTimeMillis());
  }

  /** Reserve and settle alone, against the key's and the team's limits (two scopes). */
  @Benchmark
  public Object reserveAndSettle() {
    long now = System.currentTimeMillis();
    Reservation r = tenancy.limits().reserve(teamPrincipal, MAX_COST, 1500, now);
    ((Permit) r).settle(ACTUAL_COST, 1234, now);
    return r;
  }

  /** The whole per-request cost: authenticate, reserve, settle; key and team. */
  @Benchmark
  public Object authenticateReserveSettle() {
    return oneRequest(teamKey);
  }

  /** The same for a key without a team (one scope). */
  @Benchmark
  public Object authenticateReserveSettleKeyOnly() {
    return oneRequest(soloKey);
  }

  /** Two threads on the same key and team at once: the contended case. */
  @Benchmark
  @Threads(2)
  public Object authenticateReserveSettleTwoThreads() {
    return oneRequest(teamKey);
  }

  private Object oneRequest(String key) {
    long now = System.currentTimeMillis();
    Principal p = ((Authentication.Granted) tenancy.authenticate(key, now)).principal();
    Reservation r = tenancy.limits().reserve(p, MAX_COST, 1500, now);
    ((Permit) r).settle(ACTUAL_COST, 1234, now);
    return r;
  }

  /** CPU time of the calling thread per authenticate + reserve + settle, after a warm-up. */
  public static void main(String[] args) throws IOException {
    long n = (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 5) * 1_000_000);
    TenancyBenchmark b = new TenancyBenchmark();
    b.setUp();
    try {
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      Object sink = null;
      for (String which : List.of("authenticate", "reserveAndSettle", "authenticateReserveSettle",
          "authenticateReserveSettleKeyOnly")) {
        for (int round = 0; round < 2; round++) { // the first round warms up
          long t0 = cpu.getCurrentThreadCpuTime();
          for (long i = 0; i < n; i++) {
            sink = switch (which) {
              case "authenticate" -> b.authenticate();
              case "reserveAndSettle" -> b.reserveAndSettle();
              case "authenticateReserveSettle" -> b.authenticateReserveSettle();
              default -> b.authenticateReserveSettleKeyOnly();
            };
          }
          long t1 = cpu.getCurrentThreadCpuTime();
          if (round == 1) {
            System.out.printf("%-36s %8.0f ns CPU/op (%d ops)%n", which, (t1 - t0) / (double) n, n);
          }
        }
      }
      if (sink == null) {
        System.out.println();
      }
    } finally {
      b.tearDown();
    }
  }
}
