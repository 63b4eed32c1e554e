package dev.fairway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {
  private static long t(String s) {
    return Instant.parse(s).toEpochMilli();
  }

  @Test
  void hoursAndDaysStartOnTheUtcBoundary() {
    long now = t("2025-06-15T13:45:10.123Z");
    assertThat(BudgetPeriod.HOUR.start(now)).isEqualTo(t("2025-06-15T13:00:00Z"));
    assertThat(BudgetPeriod.HOUR.end(BudgetPeriod.HOUR.start(now))).isEqualTo(t("2025-06-15T14:00:00Z"));
    assertThat(BudgetPeriod.DAY.start(now)).isEqualTo(t("2025-06-15T00:00:00Z"));
    assertThat(BudgetPeriod.DAY.end(BudgetPeriod.DAY.start(now))).isEqualTo(t("2025-06-16T00:00:00Z"));
  }

  @Test
  void weeksStartOnMondayMidnightUtc() {
    // 2025-06-15 is a Sunday; its week began on Monday 2025-06-09.
    assertThat(BudgetPeriod.WEEK.start(t("2025-06-15T23:59:59.999Z"))).isEqualTo(t("2025-06-09T00:00:00Z"));
    assertThat(BudgetPeriod.WEEK.start(t("2025-06-16T00:00:00Z"))).isEqualTo(t("2025-06-16T00:00:00Z"));
    assertThat(BudgetPeriod.WEEK.start(t("1970-01-01T00:00:00Z"))).isEqualTo(t("1969-12-29T00:00:00Z"));
  }

  @Test
  void thirtyDayBlocksCountFromTheEpoch() {
    long start = BudgetPeriod.DAYS_30.start(t("2025-06-15T00:00:00Z"));
    assertThat(start % (30L * 86_400_000)).isZero();
    assertThat(BudgetPeriod.DAYS_30.end(start) - start).isEqualTo(30L * 86_400_000);
    assertThat(start).isLessThanOrEqualTo(t("2025-06-15T00:00:00Z"));
    assertThat(BudgetPeriod.DAYS_30.end(start)).isGreaterThan(t("2025-06-15T00:00:00Z"));
  }

  @Test
  void monthsAreCalendarMonthsInUtcLeapYearsIncluded() {
    assertThat(BudgetPeriod.MONTH.start(t("2024-02-29T23:59:59.999Z"))).isEqualTo(t("2024-02-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTH.end(t("2024-02-01T00:00:00Z"))).isEqualTo(t("2024-03-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTH.end(t("2025-12-01T00:00:00Z"))).isEqualTo(t("2026-01-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTH.start(t("2025-03-01T00:00:00Z"))).isEqualTo(t("2025-03-01T00:00:00Z"));
  }

  @Test
  void theBoundaryInstantBelongsToTheNewPeriod() {
    for (BudgetPeriod p : new BudgetPeriod[] {BudgetPeriod.HOUR, BudgetPeriod.DAY, BudgetPeriod.WEEK,
        BudgetPeriod.DAYS_30, BudgetPeriod.MONTH}) {
      long start = p.start(t("2025-06-15T12:00:00Z"));
      long end = p.end(start);
      assertThat(p.start(end - 1)).as(p.wire()).isEqualTo(start);
      assertThat(p.start(end)).as(p.wire()).isEqualTo(end);
    }
  }

  @Test
  void noneNeverEnds() {
    assertThat(BudgetPeriod.NONE.start(t("2025-06-15T12:00:00Z"))).isZero();
    assertThat(BudgetPeriod.NONE.end(0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void parsesTheWireNames() {
    for (BudgetPeriod p : BudgetPeriod.values()) {
      assertThat(BudgetPeriod.parse(p.wire())).isEqualTo(p);
    }
    assertThat(BudgetPeriod.parse("2d")).isNull();
  }
}
