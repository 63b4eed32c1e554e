package dev.fairway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.testing.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(SharedDatabases.class)
class RestartTest {

  private static Principal principal(TenancyHarness h, String key) {
    return ((Authentication.Granted) h.tenancy.authenticate(key, h.now())).principal();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void keysTeamsAndSpendSurviveARestart(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      Team team = h.admin().createTeam(new TeamDraft(null, "ops", new Policy(List.of("gpt-4o"), new BigDecimal("10"),
          BudgetPeriod.MONTH, 100, 10_000L, 8), "{\"cost_center\":\"42\"}"), "master");
      IssuedKey k = h.admin().createKey(new KeyDraft("svc", team.id(), new Policy(List.of("gpt-4o", "auto"),
          new BigDecimal("0.5"), BudgetPeriod.DAY, 60, 1000L, 2), h.now() + 86_400_000L, "{\"owner\":\"ana\"}"),
          "master");
      ((Permit) h.tenancy.limits().reserve(principal(h, k.secretKey()), new BigDecimal("0.4"), 100, h.now()))
          .settle(new BigDecimal("0.3000000001"), 90, h.now());

      h.reopen(); // close writes the spend; open loads keys, teams and spend back

      Principal p = principal(h, k.secretKey());
      assertThat(p.key()).isEqualTo(k.key());
      assertThat(p.team()).isEqualTo(team);
      assertThat(h.admin().key(k.key().id())).isEqualTo(k.key());
      assertThat(h.tenancy.limits().usage(Scope.of(k.key()), h.now()).spendUsd()).isEqualByComparingTo("0.3000000001");
      assertThat(h.tenancy.limits().usage(Scope.of(team), h.now()).spendUsd()).isEqualByComparingTo("0.3000000001");
      assertThat(h.tenancy.limits().reserve(p, new BigDecimal("0.2"), 1, h.now())).isInstanceOf(LimitRefusal.class);
      assertThat(h.tenancy.limits().reserve(p, new BigDecimal("0.1999999999"), 1, h.now())).isInstanceOf(Permit.class);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void spendIsWrittenOnTheScheduleWithoutWaitingForClose(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      IssuedKey k = h.admin().createKey(KeyDraft.of("svc", null), "master");
      ((Permit) h.tenancy.limits().reserve(principal(h, k.secretKey()), BigDecimal.ONE, 1, h.now()))
          .settle(new BigDecimal("0.125"), 1, h.now());
      h.scheduler.tick();

      // A second instance starting now reads what the first one has written.
      try (Tenancy other = h.secondInstance(new ManualScheduler())) {
        assertThat(other.limits().usage(Scope.of(k.key()), h.now()).spendUsd()).isEqualByComparingTo("0.125");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void twoInstancesSpendingOnOneKeyAddUpInTheStore(TestDatabases.Kind kind) {
    try (TenancyHarness h = new TenancyHarness(kind)) {
      IssuedKey k = h.admin().createKey(KeyDraft.of("svc", null), "master");
      try (Tenancy other = h.secondInstance(new ManualScheduler())) {
        for (int i = 0; i < 3; i++) {
          ((Permit) h.tenancy.limits().reserve(principal(h, k.secretKey()), BigDecimal.ONE, 1, h.now()))
              .settle(new BigDecimal("0.1"), 1, h.now());
          Principal there = ((Authentication.Granted) other.authenticate(k.secretKey(), h.now())).principal();
          ((Permit) other.limits().reserve(there, BigDecimal.ONE, 1, h.now())).settle(new BigDecimal("0.01"), 1, h.now());
          h.tenancy.flushSpend();
          other.flushSpend();
        }
      }
      h.reopen();
      assertThat(h.tenancy.limits().usage(Scope.of(k.key()), h.now()).spendUsd()).isEqualByComparingTo("0.33");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void spendOfAPeriodThatEndedWhileStoppedDoesNotCountAfterTheRestart(TestDatabases.Kind kind) {
    TestClock clock = new TestClock(Instant.parse("2025-06-15T10:30:00Z"));
    try (TenancyHarness h = new TenancyHarness(kind, clock)) {
      IssuedKey k = h.admin().createKey(KeyDraft.of("svc", new Policy(null, BigDecimal.ONE, BudgetPeriod.HOUR, null,
          null, null)), "master");
      ((Permit) h.tenancy.limits().reserve(principal(h, k.secretKey()), BigDecimal.ONE, 1, h.now()))
          .settle(BigDecimal.ONE, 1, h.now());
      h.tenancy.close();
      clock.advance(Duration.ofMinutes(30));
      h.reopen();

      ScopeUsage u = h.tenancy.limits().usage(Scope.of(k.key()), h.now());
      assertThat(u.spendUsd()).isEqualByComparingTo("0");
      assertThat(u.periodStartMs()).isEqualTo(Instant.parse("2025-06-15T11:00:00Z").toEpochMilli());
    }
  }

  @Test
  void spendTheStoreFailedToTakeIsOfferedAgain() {
    Counters c = Counters.inProcess();
    Scope s = new Scope(new Scope.Id(ScopeKind.KEY, "abcdefghijkl"), Policy.UNLIMITED);
    Counters.Admitted a = (Counters.Admitted) c.reserve(List.of(s), BigDecimal.ONE, 0, 0);
    c.settle(a.hold(), new BigDecimal("0.5"), 0, 0);

    List<SpendRecord> first = c.takeDirtySpend();
    assertThat(first).containsExactly(new SpendRecord(s.id(), 0, new BigDecimal("0.5")));
    assertThat(c.takeDirtySpend()).isEmpty();
    c.putBack(first);
    assertThat(c.takeDirtySpend()).isEqualTo(first);
  }
}
