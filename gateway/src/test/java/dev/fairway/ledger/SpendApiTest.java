package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SpendApiTest {
  private static final LedgerFixture.Shared SHARED = new LedgerFixture.Shared();
  private static final long NOW = LedgerFixture.DAY0 + 20 * LedgerFixture.DAY + 3_600_000;
  private Vertx vertx;
  private LedgerFixture fixture;

  @AfterAll
  static void closeDatabases() {
    SHARED.close();
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** The ledger's handlers on a router of the test's own, as the lead mounts them behind authentication. */
  private Http serve(TestDatabases.Kind kind, List<LedgerRow> rows) throws Exception {
    fixture = new LedgerFixture(SHARED, kind, LedgerConfig.defaults().withRetentionDays(0),
        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    fixture.recordAll(rows);
    vertx = Vertx.vertx();
    SpendApi api = new SpendApi(fixture.reports(), fixture.clock);
    Router router = Router.router(vertx);
    router.get("/admin/spend").handler(api::spend);
    router.get("/admin/requests").handler(api::requests);
    router.get("/v1/fairway/usage").handler(rc -> api.usage(rc, "key-1"));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    return new Http("http://127.0.0.1:" + server.actualPort());
  }

  private static BigDecimal sum(List<LedgerRow> rows) {
    return rows.stream().map(LedgerRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void spendByModelHasTheShapeScriptsRelyOnAndAnExactTotal(TestDatabases.Kind kind) throws Exception {
    List<LedgerRow> rows = LedgerFixture.rows(400, 3, 11);
    Http http = serve(kind, rows);

    Http.Response r = http.get("/admin/spend?from=2025-03-10&to=2025-03-13&group_by=model");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.get("total_cost_usd").isTextual()).isTrue();
    assertThat(new BigDecimal(body.get("total_cost_usd").asText())).isEqualByComparingTo(sum(rows));
    BigDecimal ofRows = BigDecimal.ZERO;
    long requests = 0;
    for (JsonNode row : body.get("rows")) {
      assertThat(row.fieldNames()).toIterable()
          .contains("group", "requests", "failures", "input_tokens", "output_tokens", "cost_usd");
      assertThat(row.get("cost_usd").isTextual()).isTrue();
      ofRows = ofRows.add(new BigDecimal(row.get("cost_usd").asText()));
      requests += row.get("requests").asLong();
    }
    assertThat(ofRows).isEqualByComparingTo(sum(rows));
    assertThat(requests).isEqualTo(400);
    assertThat(body.get("group_by").asText()).isEqualTo("model");
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void spendAsCsvHasAHeaderAndOneLinePerGroup(TestDatabases.Kind kind) throws Exception {
    List<LedgerRow> rows = LedgerFixture.rows(200, 2, 12);
    Http http = serve(kind, rows);

    Http.Response r = http.get("/admin/spend?from=2025-03-10T00:00:00Z&to=2025-03-12T00:00:00%2B00:00&group_by=day&format=csv");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("text/csv");
    String[] lines = r.body().split("\r\n");
    assertThat(lines[0]).isEqualTo(SpendCsv.HEADER);
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).startsWith("2025-03-10,");
    assertThat(lines[2]).startsWith("2025-03-11,");
    BigDecimal total = new BigDecimal(lines[1].substring(lines[1].lastIndexOf(',') + 1))
        .add(new BigDecimal(lines[2].substring(lines[2].lastIndexOf(',') + 1)));
    assertThat(total).isEqualByComparingTo(sum(rows));
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void theRequestLogPagesWithAnOpaqueCursorUntilNextCursorIsNull(TestDatabases.Kind kind) throws Exception {
    List<LedgerRow> rows = LedgerFixture.rows(120, 2, 13);
    Http http = serve(kind, rows);

    Set<String> seen = new HashSet<>();
    List<Long> starts = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Http.Response r = http.get("/admin/requests?limit=25&status=ok" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).isEqualTo(200);
      JsonNode body = r.json();
      for (JsonNode row : body.get("data")) {
        assertThat(seen.add(row.get("request_id").asText())).isTrue();
        starts.add(row.get("started_ms").asLong());
        assertThat(row.get("cost_usd").isTextual()).isTrue();
        assertThat(row.get("status").asInt()).isLessThan(400);
      }
      cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
      pages++;
    } while (cursor != null);

    long ok = rows.stream().filter(r -> !r.failed()).count();
    assertThat(seen).hasSize((int) ok);
    assertThat(starts).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(pages).isEqualTo((int) (ok + 24) / 25);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aKeysUsageShowsOnlyThatKey(TestDatabases.Kind kind) throws Exception {
    List<LedgerRow> rows = LedgerFixture.rows(300, 2, 14);
    Http http = serve(kind, rows);

    JsonNode body = http.get("/v1/fairway/usage?from=2025-03-10&to=2025-03-12").json();

    List<LedgerRow> mine = rows.stream().filter(r -> "key-1".equals(r.keyId())).toList();
    assertThat(body.get("key_id").asText()).isEqualTo("key-1");
    assertThat(body.get("requests").asLong()).isEqualTo(mine.size());
    assertThat(new BigDecimal(body.get("total_cost_usd").asText())).isEqualByComparingTo(sum(mine));
    assertThat(http.get("/v1/fairway/usage?group_by=team").status()).isEqualTo(400);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/admin/spend?group_by=colour|group_by",
      "/admin/spend?from=yesterday|from",
      "/admin/spend?from=2025-03-10T10:00:00|from",
      "/admin/spend?from=2025-03-12&to=2025-03-10|to",
      "/admin/spend?format=xml|format",
      "/admin/spend?groupby=model|groupby",
      "/admin/spend?group_by=model&group_by=key|group_by",
      "/admin/requests?limit=0|limit",
      "/admin/requests?limit=lots|limit",
      "/admin/requests?limit=5000|limit",
      "/admin/requests?status=teapot|status",
      "/admin/requests?cursor=bm9wZQ|cursor",
      "/admin/requests?cursor=%25%25|cursor",
  })
  void aBadParameterIsA400InOpenAisFormatNamingIt(String path, String param) throws Exception {
    Http http = serve(TestDatabases.Kind.SQLITE, List.of());

    Http.Response r = http.get(path);

    assertThat(r.status()).isEqualTo(400);
    JsonNode err = r.json().get("error");
    assertThat(err.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(err.get("param").asText()).isEqualTo(param);
    assertThat(err.get("message").asText()).contains(param);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void theDefaultRangeIsThisMonthSoFar(TestDatabases.Kind kind) throws Exception {
    LedgerRow lastMonth = LedgerRow.builder("old", Instant.parse("2025-02-28T23:59:59Z").toEpochMilli())
        .requestedModel("m").cost(new BigDecimal("1")).build();
    LedgerRow thisMonth = LedgerRow.builder("new", Instant.parse("2025-03-30T00:30:00Z").toEpochMilli())
        .requestedModel("m").cost(new BigDecimal("2.5")).build();
    Http http = serve(kind, List.of(lastMonth, thisMonth));

    // NOW is 2025-03-30T01:00Z
    JsonNode body = http.get("/admin/spend").json();

    assertThat(body.get("from").asText()).isEqualTo("2025-03-01T00:00:00Z");
    assertThat(body.get("total_cost_usd").asText()).isEqualTo("2.5");
  }
}
