package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.ledger.SpendReports.GroupBy;
import dev.fairway.ledger.SpendReports.RequestFilter;
import dev.fairway.ledger.SpendReports.Spend;
import dev.fairway.ledger.SpendReports.SpendRow;
import dev.fairway.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LedgerTest {
  private static final LedgerFixture.Shared SHARED = new LedgerFixture.Shared();

  @AfterAll
  static void closeDatabases() {
    SHARED.close();
  }

  private static BigDecimal sum(List<LedgerRow> rows) {
    return rows.stream().map(LedgerRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void everyFieldOfARowComesBack(TestDatabases.Kind kind) throws Exception {
    LedgerRow full = LedgerRow.builder("req-full", LedgerFixture.DAY0 + 1234).finishedMs(LedgerFixture.DAY0 + 5678)
        .key("key-pub-1", "search").endUser("alice@example.com").protocol("anthropic").endpoint("/v1/messages")
        .requestedModel("auto:cost").served("claude-haiku-4-5", "anthropic", "anthropic-main").attempts(3)
        .status(200).tokens(1200, 1000, 100, 300, 40).usageEstimated(true)
        .cost(new BigDecimal("0.000123456789012")).latencyMs(4444).ttftMs(321L).stream(true).cacheHit(true)
        .decisionId("dec-9").tags(Map.of("env", "prod", "exp", "b"))
        .content(new LedgerRow.Content("What is 17 * 23?", "391")).build();
    LedgerRow failed = LedgerRow.builder("req-failed", LedgerFixture.DAY0 + 99).requestedModel("gpt-4o")
        .status(499).errorKind("cancelled").attempts(2).tokens(10, 0, 0, 5, 0).usageEstimated(true)
        .cost(new BigDecimal("0.0000075")).build();
    try (LedgerFixture f = new LedgerFixture(SHARED, kind, LedgerConfig.defaults().withStoreContent(true).withRetentionDays(0),
        Clock.systemUTC())) {
      f.recordAll(List.of(full, failed));

      List<LedgerRow> back = f.reports().requests(RequestFilter.all(10)).rows();

      // costs come back at most 12 decimals, and exactly
      assertThat(back).containsExactly(
          full.toBuilder().cost(new BigDecimal("0.000123456789")).build(),
          failed);
      assertThat(back.get(1).ttftMs()).isNull();
      assertThat(back.get(1).model()).isEqualTo("gpt-4o");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void promptAndAnswerAreNotKeptUnlessAskedFor(TestDatabases.Kind kind) throws Exception {
    try (LedgerFixture f = new LedgerFixture(SHARED, kind)) {
      f.recordAll(List.of(LedgerRow.builder("r1", LedgerFixture.DAY0).requestedModel("m")
          .content(new LedgerRow.Content("secret prompt", "secret answer")).build()));

      assertThat(f.reports().requests(RequestFilter.all(10)).rows().getFirst().content()).isNull();
      String dump = f.db.inTransaction(c -> {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM ledger WHERE prompt IS NOT NULL"
            + " OR completion IS NOT NULL")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertThat(dump).isEqualTo("0");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void theSameRowsRecordedAgainAreNeitherDuplicatedNorCountedTwice(TestDatabases.Kind kind) throws Exception {
    try (LedgerFixture f = new LedgerFixture(SHARED, kind)) {
      List<LedgerRow> rows = LedgerFixture.rows(300, 3, 1);
      f.recordAll(rows);
      f.recordAll(rows.subList(0, 150)); // within one outbox's life
      f.closeOutbox();
      f.openOutbox();
      f.recordAll(rows.subList(100, 300)); // and after a restart

      assertThat(count(f, "ledger")).isEqualTo(300);
      Spend s = f.reports().spend(LedgerFixture.DAY0, LedgerFixture.DAY0 + 3 * LedgerFixture.DAY, GroupBy.MODEL, null);
      assertThat(s.requests()).isEqualTo(300);
      assertThat(s.totalCostUsd()).isEqualByComparingTo(sum(rows));
      assertThat(f.registry.get("fairway.ledger.rows.duplicate").counter().count()).isEqualTo(350);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void spendTotalsEqualTheSumOfTheRowsCostsExactlyForEveryGrouping(TestDatabases.Kind kind) throws Exception {
    try (LedgerFixture f = new LedgerFixture(SHARED, kind)) {
      List<LedgerRow> rows = LedgerFixture.rows(2_000, 5, 2);
      f.recordAll(rows);
      long from = LedgerFixture.DAY0;
      long to = LedgerFixture.DAY0 + 5 * LedgerFixture.DAY;

      Map<GroupBy, Function<LedgerRow, String>> dims = Map.of(
          GroupBy.KEY, LedgerRow::keyId, GroupBy.TEAM, LedgerRow::team, GroupBy.MODEL, LedgerRow::model,
          GroupBy.PROVIDER, LedgerRow::provider, GroupBy.ENDPOINT, LedgerRow::endpoint,
          GroupBy.USER, LedgerRow::endUser,
          GroupBy.DAY, r -> Instant.ofEpochMilli(r.dayMs()).atZone(ZoneOffset.UTC).toLocalDate().toString());
      for (Map.Entry<GroupBy, Function<LedgerRow, String>> d : dims.entrySet()) {
        Spend s = f.reports().spend(from, to, d.getKey(), null);
        assertThat(s.totalCostUsd()).as(d.getKey().name()).isEqualTo(sum(rows));
        assertThat(s.requests()).isEqualTo(rows.size());
        assertThat(byGroup(s)).as(d.getKey().name()).isEqualTo(expected(rows, d.getValue()));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aRangeToTheMillisecondAddsThePartialDaysFromTheRows(TestDatabases.Kind kind) throws Exception {
    try (LedgerFixture f = new LedgerFixture(SHARED, kind)) {
      List<LedgerRow> rows = LedgerFixture.rows(1_000, 4, 3);
      f.recordAll(rows);
      long from = LedgerFixture.DAY0 + LedgerFixture.DAY / 3;
      long to = LedgerFixture.DAY0 + 3 * LedgerFixture.DAY + LedgerFixture.DAY / 2;
      List<LedgerRow> inRange = rows.stream().filter(r -> r.startedMs() >= from && r.startedMs() < to).toList();

      Spend s = f.reports().spend(from, to, GroupBy.MODEL, null);

      assertThat(s.requests()).isEqualTo(inRange.size());
      assertThat(s.totalCostUsd()).isEqualTo(sum(inRange));
      assertThat(byGroup(s)).isEqualTo(expected(inRange, LedgerRow::model));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void oneKeysUsageCountsOnlyThatKey(TestDatabases.Kind kind) throws Exception {
    try (LedgerFixture f = new LedgerFixture(SHARED, kind)) {
      List<LedgerRow> rows = LedgerFixture.rows(500, 2, 4);
      f.recordAll(rows);
      List<LedgerRow> mine = rows.stream().filter(r -> "key-1".equals(r.keyId())).toList();

      Spend s = f.reports().spend(LedgerFixture.DAY0, LedgerFixture.DAY0 + 2 * LedgerFixture.DAY, GroupBy.MODEL, "key-1");

      assertThat(s.requests()).isEqualTo(mine.size());
      assertThat(s.totalCostUsd()).isEqualTo(sum(mine));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void theRequestLogPagesNewestFirstThroughEveryMatchingRowOnce(TestDatabases.Kind kind) throws Exception {
    try (LedgerFixture f = new LedgerFixture(SHARED, kind)) {
      List<LedgerRow> rows = new ArrayList<>(LedgerFixture.rows(400, 2, 5));
      // rows sharing a start time must still page without loss or repeat
      for (int i = 0; i < 30; i++) {
        rows.add(LedgerRow.builder("same-ms-" + i, LedgerFixture.DAY0 + 777).requestedModel("gpt-4o")
            .key("key-1", "team-1").status(i % 2 == 0 ? 200 : 429).build());
      }
      f.recordAll(rows);
      List<LedgerRow> expected = rows.stream()
          .filter(r -> "key-1".equals(r.keyId()) && r.model().equals("gpt-4o") && r.status() == 200)
          .sorted(Comparator.comparingLong(LedgerRow::startedMs).thenComparing(LedgerRow::requestId).reversed())
          .toList();

      List<String> seen = new ArrayList<>();
      RequestCursor cursor = null;
      int pages = 0;
      do {
        SpendReports.Page p = f.reports().requests(new RequestFilter(LedgerFixture.DAY0, LedgerFixture.DAY0 + 2 * LedgerFixture.DAY,
            "key-1", "gpt-4o", 200, 200, 7, cursor));
        p.rows().forEach(r -> seen.add(r.requestId()));
        cursor = p.next() == null ? null : RequestCursor.decode(p.next().encode());
        pages++;
      } while (cursor != null);

      assertThat(seen).containsExactlyElementsOf(expected.stream().map(LedgerRow::requestId).toList());
      assertThat(expected).hasSizeGreaterThan(20);
      assertThat(pages).isEqualTo((expected.size() + 6) / 7);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void retentionRemovesOldRowsButKeepsTheRollups(TestDatabases.Kind kind) throws Exception {
    long now = LedgerFixture.DAY0 + 10 * LedgerFixture.DAY + 5_000;
    try (LedgerFixture f = new LedgerFixture(SHARED, kind, LedgerConfig.defaults().withRetentionDays(3),
        Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC))) {
      List<LedgerRow> rows = LedgerFixture.rows(600, 10, 6);
      f.recordAll(rows);
      long cutoff = LedgerFixture.DAY0 + 7 * LedgerFixture.DAY;
      long kept = rows.stream().filter(r -> r.startedMs() >= cutoff).count();

      Ledger.Upkeep u = f.ledger.maintain();

      assertThat(count(f, "ledger")).isEqualTo(kept);
      if (kind == TestDatabases.Kind.POSTGRESQL) {
        assertThat(u.partitionsDropped()).isEqualTo(7);
        assertThat(u.partitionsCreated()).as("today and tomorrow made ahead").isEqualTo(2);
        assertThat(Partitions.days(f.db.connection())).first().isEqualTo(cutoff);
      } else {
        assertThat(u.rowsDeleted()).isEqualTo(rows.size() - kept);
      }
      Spend all = f.reports().spend(LedgerFixture.DAY0, LedgerFixture.DAY0 + 10 * LedgerFixture.DAY, GroupBy.DAY, null);
      assertThat(all.totalCostUsd()).isEqualTo(sum(rows));
      assertThat(f.ledger.maintain().partitionsDropped()).isZero();
    }
  }

  private static long count(LedgerFixture f, String table) {
    return f.db.inTransaction(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private static Map<String, String> byGroup(Spend s) {
    Map<String, String> m = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    for (SpendRow r : s.rows()) {
      m.put(r.group(), r.requests() + "/" + r.failures() + "/" + r.inputTokens() + "/" + r.outputTokens() + "/"
          + r.costUsd().stripTrailingZeros().toPlainString());
    }
    return m;
  }

  private static Map<String, String> expected(List<LedgerRow> rows, Function<LedgerRow, String> dim) {
    Map<String, List<LedgerRow>> g = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    for (LedgerRow r : rows) {
      g.computeIfAbsent(Objects.requireNonNullElse(dim.apply(r), "\0"), k -> new ArrayList<>()).add(r);
    }
    Map<String, String> m = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    for (Map.Entry<String, List<LedgerRow>> e : g.entrySet()) {
      List<LedgerRow> rs = e.getValue();
      m.put(e.getKey().equals("\0") ? null : e.getKey(), rs.size() + "/" + rs.stream().filter(LedgerRow::failed).count()
          + "/" + rs.stream().mapToLong(LedgerRow::inputTokens).sum() + "/"
          + rs.stream().mapToLong(LedgerRow::outputTokens).sum() + "/" + sum(rs).toPlainString());
    }
    return m;
  }
}
