package dev.fairway.ledger;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestDatabases;
import dev.fairway.testing.TestGateway;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every request through the gateway becomes one ledger row with what the client was told, on
 * SQLite and on PostgreSQL, over real HTTP.
 */
class LedgerHttpTest {
  TestDatabases.Handle db;
  TestGateway t;

  void start(TestDatabases.Kind kind) {
    db = TestDatabases.open(kind);
    var s = db.config();
    String storage = s.isPostgres()
        ? "storage: {url: \"" + s.url() + "\", user: " + s.user() + ", path: \"" + s.path() + "\"}\n"
        : "storage: {path: \"" + s.path() + "\"}\n";
    t = TestGateway.start(storage + """
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: m, owner: o, prices: {input: 3, output: 15}, context_window: 8000, deployments: [{provider: mock}]}
          - {id: broken, owner: o, prices: {input: 1, output: 1}, context_window: 8000, deployments: [{provider: mock}]}
        fallbacks: {broken: [m]}
        """);
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** The request log after everything answered is written. */
  Map<String, JsonNode> rows() throws InterruptedException {
    assertThat(t.gateway.outbox().flush(Duration.ofSeconds(30))).isTrue();
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode r : t.http.get("/admin/requests?limit=1000").json().path("data")) {
      out.put(r.path("request_id").asText(), r);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void plainStreamedFailedFallenBackAndCutRequestsAreEachOneRow(TestDatabases.Kind kind) throws Exception {
    start(kind);
    Http.Response plain = t.http.post("/v1/chat/completions", chat("m", "hello"), "x-fairway-tags", "team=search, beta",
        "authorization", "Bearer anything");
    Http.Stream stream = t.http.stream("/v1/chat/completions", chat("m", "a story", "\"stream\":true"));
    Http.Response missing = t.http.post("/v1/chat/completions", chat("nope", "hi"));
    t.mock.behave("broken", MockBehaviour.DEFAULT.withErrors(1.0, 500));
    Http.Response fellBack = t.http.post("/v1/chat/completions", chat("broken", "hi"));
    t.mock.behave("m", MockBehaviour.DEFAULT.withTokensPerSecond(20));
    String cut = cutStream();

    Map<String, JsonNode> rows = rows();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!rows.containsKey(cut) && System.nanoTime() < until) {
      rows = rows(); // the cut request ends on the gateway's event loop, a moment after the client left
    }
    JsonNode p = rows.get(plain.header("x-request-id"));
    assertThat(p.path("status").asInt()).isEqualTo(200);
    assertThat(p.path("requested_model").asText()).isEqualTo("m");
    assertThat(p.path("model").asText()).isEqualTo("m");
    assertThat(p.path("provider").asText()).isEqualTo("mock");
    assertThat(p.path("input_tokens").asLong()).isPositive();
    assertThat(new BigDecimal(p.path("cost_usd").asText())).isEqualByComparingTo(plain.header("x-fairway-cost-usd"));
    assertThat(p.path("tags").path("team").asText()).isEqualTo("search");
    assertThat(p.path("decision_id").asText()).isEqualTo(plain.header("x-fairway-decision"));

    JsonNode s = rows.get(stream.header("x-request-id"));
    assertThat(s.path("stream").asBoolean()).isTrue();
    assertThat(s.path("output_tokens").asLong()).isPositive();
    assertThat(s.path("usage_estimated").asBoolean()).isFalse(); // usage asked of the provider upstream

    JsonNode miss = rows.get(missing.header("x-request-id"));
    assertThat(miss.path("status").asInt()).isEqualTo(404);
    assertThat(miss.path("error_kind").asText()).isEqualTo("not_found");

    JsonNode fb = rows.get(fellBack.header("x-request-id"));
    assertThat(fb.path("requested_model").asText()).isEqualTo("broken");
    assertThat(fb.path("model").asText()).isEqualTo("m");
    assertThat(fb.path("attempts").asInt()).isEqualTo(2);

    JsonNode c = rows.get(cut);
    assertThat(c.path("status").asInt()).isEqualTo(499);
    assertThat(c.path("usage_estimated").asBoolean()).isTrue();
    assertThat(c.path("output_tokens").asLong()).isPositive();
    assertThat(new BigDecimal(c.path("cost_usd").asText())).isPositive();
    assertThat(rows).hasSize(5);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void spendTotalsEqualTheSumOfTheCostsClientsWereToldExactly(TestDatabases.Kind kind) throws Exception {
    start(kind);
    BigDecimal told = BigDecimal.ZERO;
    for (int i = 0; i < 25; i++) {
      Http.Response r = t.http.post("/v1/chat/completions", chat("m", "question number " + i + " ".repeat(i)));
      assertThat(r.status()).isEqualTo(200);
      told = told.add(new BigDecimal(r.header("x-fairway-cost-usd")));
    }
    rows();
    JsonNode spend = t.http.get("/admin/spend?group_by=model&from=2020-01-01&to=2100-01-01").json();
    assertThat(new BigDecimal(spend.path("total_cost_usd").asText())).isEqualByComparingTo(told);
    assertThat(spend.at("/rows/0/group").asText()).isEqualTo("m");
    assertThat(spend.at("/rows/0/requests").asInt()).isEqualTo(25);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aReportReadRightAfterAnAnswerSeesItThoughTheWritersBatchWouldStillWait(TestDatabases.Kind kind)
      throws Exception {
    start(kind); // the default flush interval: a partial batch is written after a second
    Http.Response r = t.http.post("/v1/chat/completions", chat("m", "are you in the ledger yet?"));
    assertThat(r.status()).isEqualTo(200);
    String id = r.header("x-request-id");

    // No flush from the test: the read itself has the writer write what it holds.
    JsonNode page = t.http.get("/admin/requests?limit=10").json();
    JsonNode spend = t.http.get("/admin/spend?group_by=model&from=2020-01-01&to=2100-01-01").json();

    assertThat(page.path("data").findValuesAsText("request_id")).contains(id);
    assertThat(new BigDecimal(spend.path("total_cost_usd").asText()))
        .isEqualByComparingTo(new BigDecimal(r.header("x-fairway-cost-usd")));
  }

  private String cutStream() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v1/chat/completions"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(chat("m", "a long story please", "\"stream\":true"))).build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      String id = resp.headers().firstValue("x-request-id").orElseThrow();
      try (InputStream in = resp.body()) {
        byte[] buf = new byte[4096];
        for (int n = 0; n < 300; ) {
          int k = in.read(buf);
          if (k < 0) {
            break;
          }
          n += k;
        }
      }
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (t.mock.abandonedCount() == 0 && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return id;
    }
  }
}
