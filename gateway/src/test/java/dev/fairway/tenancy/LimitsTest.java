package dev.fairway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(SharedDatabases.class)
class LimitsTest {
  private static final int THREADS = 8;

  private static Principal principal(TenancyHarness h, IssuedKey k) {
    return ((Authentication.Granted) h.tenancy.authenticate(k.secretKey(), h.now())).principal();
  }

  private static IssuedKey key(TenancyHarness h, Policy p) {
    return h.admin().createKey(KeyDraft.of("test", p), "master");
  }

  private static Policy budget(String usd, BudgetPeriod period) {
    return new Policy(List.of(), new BigDecimal(usd), period, null, null, null);
  }

  /** Runs {@code n} attempts at once from {@link #THREADS} threads, released together; returns each outcome. */
  private static List<Reservation> atOnce(int n, IntFunction<Reservation> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reservation>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        fs.add(pool.submit(() -> {
          go.await();
          return attempt.apply(k);
        }));
      }
      go.countDown();
      List<Reservation> out = new ArrayList<>();
      for (Future<Reservation> f : fs) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Permit> permits(List<Reservation> rs) {
    return rs.stream().filter(r -> r instanceof Permit).map(r -> (Permit) r).toList();
  }

  private static List<LimitRefusal> refusals(List<Reservation> rs) {
    return rs.stream().filter(r -> r instanceof LimitRefusal).map(r -> (LimitRefusal) r).toList();
  }

  private static BigDecimal storedSpend(TenancyHarness h, ScopeKind kind, String id, long periodStart) throws Exception {
    try (Connection c = h.db.connection();
         PreparedStatement ps = c.prepareStatement(
             "SELECT spend_usd FROM tenancy_spend WHERE scope = ? AND scope_id = ? AND period_start_ms = ?")) {
      ps.setString(1, kind.wire());
      ps.setString(2, id);
      ps.setLong(3, periodStart);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new BigDecimal(rs.getString(1)) : null;
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void twoHundredConcurrentReservationsAgainstABudgetThatFitsExactlyNAdmitExactlyN(TestDatabases.Kind kind)
      throws Exception {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      IssuedKey k = key(h, budget("1.00", BudgetPeriod.MONTH));
      Principal p = principal(h, k);
      BigDecimal max = new BigDecimal("0.03"); // 33 x 0.03 = 0.99 fits, a 34th would be 1.02

      List<Reservation> rs = atOnce(200, i -> h.tenancy.limits().reserve(p, max, 100, h.now()));

      assertThat(permits(rs)).hasSize(33);
      assertThat(refusals(rs)).hasSize(167).allSatisfy(r -> assertThat(r.limit()).isEqualTo(LimitKind.BUDGET));
      Scope scope = Scope.of(k.key());
      assertThat(h.tenancy.limits().usage(scope, h.now()).reservedUsd()).isEqualByComparingTo("0.99");

      atOnce(33, i -> {
        permits(rs).get(i).settle(new BigDecimal("0.025"), 80, h.now());
        return null;
      });

      ScopeUsage u = h.tenancy.limits().usage(scope, h.now());
      assertThat(u.spendUsd()).isEqualByComparingTo("0.825").isLessThanOrEqualTo(new BigDecimal("1.00"));
      assertThat(u.reservedUsd()).isEqualByComparingTo("0");
      assertThat(u.inFlight()).isZero();
      h.tenancy.flushSpend();
      assertThat(storedSpend(h, ScopeKind.KEY, k.key().id(), BudgetPeriod.MONTH.start(h.now())))
          .isEqualByComparingTo("0.825");
    }
  }

  @Test
  void aTeamBudgetHoldsExactlyAcrossItsKeys() throws Exception {
    try (TenancyHarness h = new TenancyHarness(TestDatabases.Kind.SQLITE)) {
      String team = h.admin().createTeam(TeamDraft.of(null, "shared", budget("0.50", BudgetPeriod.DAY)), "master").id();
      Principal a = principal(h, h.admin().createKey(KeyDraft.of("a", null).withTeam(team), "master"));
      Principal b = principal(h, h.admin().createKey(KeyDraft.of("b", null).withTeam(team), "master"));

      List<Reservation> rs = atOnce(200, i -> h.tenancy.limits().reserve(i % 2 == 0 ? a : b, new BigDecimal("0.01"), 1,
          h.now()));

      assertThat(permits(rs)).hasSize(50);
      assertThat(refusals(rs)).allSatisfy(r -> assertThat(r.scope()).isEqualTo(ScopeKind.TEAM));
      permits(rs).forEach(Permit::release);
      assertThat(h.tenancy.limits().usage(a.scopes().get(1), h.now()).reservedUsd()).isEqualByComparingTo("0");
    }
  }

  @Test
  void aKeyAtSixtyRpmAdmitsAtMostSixtyOfThreeHundredConcurrentAttemptsInTheWindow() throws Exception {
    try (TenancyHarness h = new TenancyHarness(TestDatabases.Kind.SQLITE)) {
      Principal p = principal(h, key(h, new Policy(null, null, null, 60, null, null)));

      List<Reservation> rs = atOnce(300, i -> h.tenancy.limits().reserve(p, BigDecimal.ZERO, 0, h.now()));

      assertThat(permits(rs)).hasSizeLessThanOrEqualTo(60).hasSize(60);
      assertThat(refusals(rs)).allSatisfy(r -> {
        assertThat(r.limit()).isEqualTo(LimitKind.REQUESTS_PER_MINUTE);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofMillis(60_100));
      });
      permits(rs).forEach(x -> x.settle(BigDecimal.ZERO, 0, h.now()));

      h.clock.advance(Duration.ofMillis(60_099));
      assertThat(h.tenancy.limits().reserve(p, BigDecimal.ZERO, 0, h.now())).isInstanceOf(LimitRefusal.class);
      h.clock.advance(Duration.ofMillis(1));
      List<Reservation> again = atOnce(300, i -> h.tenancy.limits().reserve(p, BigDecimal.ZERO, 0, h.now()));
      assertThat(permits(again)).hasSize(60);
    }
  }

  @Test
  void maxParallelAdmitsOnlyThatManyAtOnceAndASlotFreesOnSettle() throws Exception {
    try (TenancyHarness h = new TenancyHarness(TestDatabases.Kind.SQLITE)) {
      Principal p = principal(h, key(h, new Policy(null, null, null, null, null, 4)));

      List<Reservation> rs = atOnce(50, i -> h.tenancy.limits().reserve(p, BigDecimal.ZERO, 0, h.now()));

      assertThat(permits(rs)).hasSize(4);
      assertThat(refusals(rs)).allSatisfy(r -> {
        assertThat(r.limit()).isEqualTo(LimitKind.PARALLEL);
        assertThat(r.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
      });
      permits(rs).get(0).settle(BigDecimal.ZERO, 0, h.now());
      permits(rs).get(0).settle(BigDecimal.ZERO, 0, h.now()); // a second settle frees nothing more
      assertThat(h.tenancy.limits().reserve(p, BigDecimal.ZERO, 0, h.now())).isInstanceOf(Permit.class);
      assertThat(h.tenancy.limits().reserve(p, BigDecimal.ZERO, 0, h.now())).isInstanceOf(LimitRefusal.class);
    }
  }

  @Test
  void tokensPerMinuteHoldTheEstimateUntilTheActualCountReplacesIt() {
    try (TenancyHarness h = new TenancyHarness(TestDatabases.Kind.SQLITE)) {
      Principal p = principal(h, key(h, new Policy(null, null, null, null, 1000L, null)));
      Limits limits = h.tenancy.limits();

      Permit first = (Permit) limits.reserve(p, BigDecimal.ZERO, 600, h.now());
      LimitRefusal no = (LimitRefusal) limits.reserve(p, BigDecimal.ZERO, 600, h.now());
      assertThat(no.limit()).isEqualTo(LimitKind.TOKENS_PER_MINUTE);
      assertThat(no.retryAfter()).isEqualTo(Duration.ofMillis(60_100));
      first.settle(BigDecimal.ZERO, 100, h.now());
      assertThat(limits.reserve(p, BigDecimal.ZERO, 600, h.now())).isInstanceOf(Permit.class);

      LimitRefusal never = (LimitRefusal) limits.reserve(p, BigDecimal.ZERO, 1200, h.now());
      assertThat(never.retryAfter()).isNull();
      assertThat(never.message()).contains("1200 tokens").contains("1000 tokens per minute");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aBudgetRollsOverExactlyAtItsBoundaryAndTheClosedPeriodIsStored(TestDatabases.Kind kind) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2025-06-15T23:59:59.998Z"));
    try (TenancyHarness h = new TenancyHarness(kind, clock)) {
      IssuedKey k = key(h, budget("1", BudgetPeriod.DAY));
      Principal p = principal(h, k);
      Limits limits = h.tenancy.limits();
      long oldStart = Instant.parse("2025-06-15T00:00:00Z").toEpochMilli();
      long midnight = Instant.parse("2025-06-16T00:00:00Z").toEpochMilli();

      ((Permit) limits.reserve(p, BigDecimal.ONE, 10, h.now())).settle(BigDecimal.ONE, 10, h.now());
      clock.advance(Duration.ofMillis(1)); // 23:59:59.999
      LimitRefusal no = (LimitRefusal) limits.reserve(p, new BigDecimal("0.000001"), 10, h.now());
      assertThat(no.resetsAtMs()).isEqualTo(midnight);
      assertThat(no.retryAfter()).isEqualTo(Duration.ofMillis(1));
      assertThat(no.message()).contains("2025-06-16T00:00:00Z");

      clock.advance(Duration.ofMillis(1)); // midnight
      Reservation yes = limits.reserve(p, BigDecimal.ONE, 10, h.now());
      assertThat(yes).isInstanceOf(Permit.class);
      ((Permit) yes).settle(new BigDecimal("0.25"), 10, h.now());
      ScopeUsage u = limits.usage(Scope.of(k.key()), h.now());
      assertThat(u.spendUsd()).isEqualByComparingTo("0.25");
      assertThat(u.periodStartMs()).isEqualTo(midnight);

      h.tenancy.flushSpend();
      assertThat(storedSpend(h, ScopeKind.KEY, k.key().id(), oldStart)).isEqualByComparingTo("1");
      assertThat(storedSpend(h, ScopeKind.KEY, k.key().id(), midnight)).isEqualByComparingTo("0.25");
    }
  }

  @Test
  void aReleaseGivesMoneyAndTokensBackButTheRequestStillCounts() {
    try (TenancyHarness h = new TenancyHarness(TestDatabases.Kind.SQLITE)) {
      IssuedKey k = key(h, new Policy(null, new BigDecimal("1"), null, 10, 1000L, 2));
      Principal p = principal(h, k);
      Permit permit = (Permit) h.tenancy.limits().reserve(p, new BigDecimal("0.4"), 500, h.now());
      permit.release();
      permit.settle(BigDecimal.ONE, 1000, h.now()); // after a release, a settle changes nothing

      ScopeUsage u = h.tenancy.limits().usage(Scope.of(k.key()), h.now());
      assertThat(u.reservedUsd()).isEqualByComparingTo("0");
      assertThat(u.spendUsd()).isEqualByComparingTo("0");
      assertThat(u.tokens()).isZero();
      assertThat(u.requests()).isEqualTo(1);
      assertThat(u.inFlight()).isZero();
    }
  }

  @Test
  void aPermitCarriesOpenAisRateLimitHeadersForTheTightestLimit() {
    try (TenancyHarness h = new TenancyHarness(TestDatabases.Kind.SQLITE)) {
      String team = h.admin().createTeam(TeamDraft.of(null, null, new Policy(null, null, null, 3, null, null)), "master")
          .id();
      Principal p = principal(h, h.admin().createKey(KeyDraft.of("k", new Policy(null, null, null, 100, 5000L, null))
          .withTeam(team), "master"));

      Permit permit = (Permit) h.tenancy.limits().reserve(p, BigDecimal.ZERO, 1200, h.now());
      List<String> headers = new ArrayList<>();
      permit.headers().forEach((n, v) -> headers.add(n + ": " + v));

      assertThat(headers).containsExactly(
          "x-ratelimit-limit-requests: 3",
          "x-ratelimit-remaining-requests: 2",
          "x-ratelimit-reset-requests: 1m0.1s",
          "x-ratelimit-limit-tokens: 5000",
          "x-ratelimit-remaining-tokens: 3800",
          "x-ratelimit-reset-tokens: 1m0.1s");
      assertThat(h.tenancy.limits().headers(p, h.now())).isEqualTo(permit.headers());
      assertThat(RateLimitHeaders.duration(250)).isEqualTo("250ms");
      assertThat(RateLimitHeaders.duration(360_000)).isEqualTo("6m0s");
      assertThat(RateLimitHeaders.duration(1_500)).isEqualTo("1.5s");
      assertThat(RateLimitHeaders.duration(3_723_000)).isEqualTo("1h2m3s");
      assertThat(RateLimitHeaders.duration(1_050)).isEqualTo("1.05s");
      assertThat(RateLimitHeaders.duration(61_005)).isEqualTo("1m1.005s");
      assertThat(RateLimitHeaders.duration(2_250)).isEqualTo("2.25s");
    }
  }

  @Test
  void refusalsAre429sThatNameTheLimitButNeverAnotherTenantsNameOrSpend() {
    try (TenancyHarness h = new TenancyHarness(TestDatabases.Kind.SQLITE, new TestClock(Instant.parse(
        "2025-06-15T12:00:00Z")))) {
      String team = h.admin().createTeam(TeamDraft.of(null, "Secret Project Falcon", budget("0.10", BudgetPeriod.MONTH)),
          "master").id();
      Principal other = principal(h, h.admin().createKey(KeyDraft.of("falcon-bot", null).withTeam(team), "master"));
      ((Permit) h.tenancy.limits().reserve(other, new BigDecimal("0.09"), 1, h.now()))
          .settle(new BigDecimal("0.0937"), 1, h.now());
      Principal mine = principal(h, h.admin().createKey(KeyDraft.of("mine", budget("5", BudgetPeriod.DAY))
          .withTeam(team), "master"));

      GatewayError teamBudget = ((LimitRefusal) h.tenancy.limits().reserve(mine, new BigDecimal("0.01"), 1, h.now()))
          .error();
      assertThat(teamBudget.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(teamBudget.kind().httpStatus()).isEqualTo(429);
      assertThat(teamBudget.reason()).isEqualTo(Reason.BUDGET_EXCEEDED);
      assertThat(teamBudget.wireCode()).isEqualTo("insufficient_quota");
      assertThat(teamBudget.getMessage())
          .isEqualTo("Budget exceeded: the monthly budget of this API key's team cannot cover this request (up to"
              + " $0.01). It resets at 2025-07-01T00:00:00Z.")
          .doesNotContain("Falcon").doesNotContain(team).doesNotContain("0.0937").doesNotContain("falcon-bot");
      assertThat(teamBudget.retryAfter()).isEqualTo(Duration.between(Instant.parse("2025-06-15T12:00:00Z"),
          Instant.parse("2025-07-01T00:00:00Z")));

      Principal solo = principal(h, key(h, budget("2.5", BudgetPeriod.NONE)));
      GatewayError keyBudget = ((LimitRefusal) h.tenancy.limits().reserve(solo, new BigDecimal("3"), 1, h.now()))
          .error();
      assertThat(keyBudget.getMessage()).isEqualTo("Budget exceeded: this API key's budget of $2.5 cannot cover this"
          + " request (up to $3). This budget does not reset.");
      assertThat(keyBudget.retryAfter()).isNull();

      Principal limited = principal(h, key(h, new Policy(null, null, null, 1, null, null)));
      h.tenancy.limits().reserve(limited, BigDecimal.ZERO, 0, h.now());
      GatewayError rpm = ((LimitRefusal) h.tenancy.limits().reserve(limited, BigDecimal.ZERO, 0, h.now())).error();
      assertThat(rpm.reason()).isEqualTo(Reason.RATE_LIMIT_EXCEEDED);
      assertThat(rpm.wireCode()).isEqualTo("rate_limit_exceeded");
      assertThat(rpm.retryAfter()).isEqualTo(Duration.ofMillis(60_100));
      assertThat(rpm.getMessage()).isEqualTo("Rate limit reached for this API key: 1 request per minute. Try again in"
          + " 1m0.1s.");
    }
  }

  @Test
  void aWallClockSteppingBackNeverReopensAnEarlierPeriod() {
    Counters c = Counters.inProcess();
    Scope s = new Scope(new Scope.Id(ScopeKind.KEY, "abcdefghijkl"), budget("1", BudgetPeriod.DAY));
    long justAfterMidnight = Instant.parse("2025-06-16T00:00:00.010Z").toEpochMilli();
    Counters.Admitted a = (Counters.Admitted) c.reserve(List.of(s), new BigDecimal("0.6"), 0, justAfterMidnight);
    c.settle(a.hold(), new BigDecimal("0.6"), 0, justAfterMidnight);

    long before = justAfterMidnight - 50; // NTP stepped the clock back across the boundary
    assertThat(c.reserve(List.of(s), new BigDecimal("0.6"), 0, before)).isInstanceOf(LimitRefusal.class);
    assertThat(c.usage(s, before).spendUsd()).isEqualByComparingTo("0.6");
  }
}
