package dev.fairway.tenancy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.tenancy.Authentication;
import dev.fairway.tenancy.Permit;
import dev.fairway.tenancy.SharedDatabases;
import dev.fairway.tenancy.TenancyHarness;
import dev.fairway.testing.TestDatabases;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(SharedDatabases.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private TenancyHarness sqlite;
  private TenancyHarness postgres;
  private AdminServer sqliteServer;
  private AdminServer postgresServer;

  @BeforeAll
  void start() throws Exception {
    sqlite = new TenancyHarness(TestDatabases.Kind.SQLITE);
    postgres = new TenancyHarness(TestDatabases.Kind.POSTGRESQL);
    sqliteServer = new AdminServer(sqlite.tenancy);
    postgresServer = new AdminServer(postgres.tenancy);
  }

  @AfterAll
  void stop() throws Exception {
    sqliteServer.close();
    postgresServer.close();
    sqlite.close();
    postgres.close();
  }

  private TenancyHarness harness(TestDatabases.Kind kind) {
    return kind == TestDatabases.Kind.SQLITE ? sqlite : postgres;
  }

  private AdminClient client(TestDatabases.Kind kind) {
    return (kind == TestDatabases.Kind.SQLITE ? sqliteServer : postgresServer).client();
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aKeysWholeLifeOverHttp(TestDatabases.Kind kind) throws Exception {
    AdminClient admin = client(kind);
    TenancyHarness h = harness(kind);
    String team = admin.post("/admin/teams", json("{\"name\": \"search\", \"max_budget_usd\": 50,"
        + " \"budget_period\": \"month\"}")).json().get("id").asText();

    AdminClient.Reply created = admin.post("/admin/keys", json("{\"name\": \"indexer\", \"team\": \"" + team + "\","
        + " \"models\": [\"gpt-4o-mini\", \"auto\"], \"max_budget_usd\": \"0.50\", \"budget_period\": \"1d\","
        + " \"rpm\": 60, \"tpm\": 100000, \"max_parallel\": 4, \"expires_at\": \"2030-01-01T00:00:00Z\","
        + " \"metadata\": {\"owner\": \"search-team\"}}"));

    assertThat(created.status()).isEqualTo(200);
    JsonNode k = created.json();
    String id = k.get("id").asText();
    String secretKey = k.get("key").asText();
    assertThat(secretKey).matches("sk-fw-" + id + "-[0-9A-Za-z]{43}");
    List<String> fields = iterate(k);
    assertThat(fields.subList(0, 2)).containsExactly("id", "key");
    assertThat(k.get("name").asText()).isEqualTo("indexer");
    assertThat(k.get("team").asText()).isEqualTo(team);
    assertThat(k.get("models")).hasSize(2);
    assertThat(k.get("max_budget_usd").asText()).isEqualTo("0.5");
    assertThat(k.get("budget_period").asText()).isEqualTo("1d");
    assertThat(k.get("rpm").asInt()).isEqualTo(60);
    assertThat(k.get("tpm").asLong()).isEqualTo(100000);
    assertThat(k.get("max_parallel").asInt()).isEqualTo(4);
    assertThat(k.get("expires_at").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(k.get("metadata").get("owner").asText()).isEqualTo("search-team");
    assertThat(k.get("blocked").asBoolean()).isFalse();
    assertThat(k.get("spend_usd").asText()).isEqualTo("0");
    assertThat(k.get("remaining_usd").asText()).isEqualTo("0.5");

    // The key works at once, and what it spends shows up exactly.
    Authentication.Granted g = (Authentication.Granted) h.tenancy.authenticate(secretKey, h.now());
    Permit p = (Permit) h.tenancy.limits().reserve(g.principal(), new BigDecimal("0.2"), 500, h.now());
    AdminClient.Reply during = admin.get("/admin/keys/" + id);
    assertThat(during.json().get("reserved_usd").asText()).isEqualTo("0.2");
    assertThat(during.json().get("remaining_usd").asText()).isEqualTo("0.3");
    assertThat(during.json().get("limits").get("parallel").get("in_flight").asInt()).isEqualTo(1);
    assertThat(during.json().get("limits").get("requests").get("remaining").asInt()).isEqualTo(59);
    p.settle(new BigDecimal("0.1234567"), 321, h.now());
    JsonNode shown = admin.get("/admin/keys/" + id).json();
    assertThat(shown.has("key")).isFalse();
    assertThat(shown.get("spend_usd").asText()).isEqualTo("0.1234567");
    assertThat(shown.get("reserved_usd").asText()).isEqualTo("0");
    assertThat(shown.get("remaining_usd").asText()).isEqualTo("0.3765433");
    assertThat(shown.get("limits").get("tokens").get("used").asLong()).isEqualTo(321);
    assertThat(shown.get("budget_resets_at").asText()).endsWith("T00:00:00Z");

    JsonNode listed = admin.get("/admin/keys?team=" + team).json();
    assertThat(listed.get("object").asText()).isEqualTo("list");
    assertThat(listed.get("data")).hasSize(1);
    assertThat(listed.get("data").get(0).get("id").asText()).isEqualTo(id);

    JsonNode patched = admin.patch("/admin/keys/" + id, json("{\"rpm\": null, \"name\": \"indexer-2\","
        + " \"models\": []}")).json();
    assertThat(patched.get("rpm").isNull()).isTrue();
    assertThat(patched.get("name").asText()).isEqualTo("indexer-2");
    assertThat(patched.get("models")).isEmpty();
    assertThat(patched.get("tpm").asLong()).isEqualTo(100000); // untouched

    assertThat(admin.post("/admin/keys/" + id + "/block", null).json().get("blocked").asBoolean()).isTrue();
    assertThat(h.tenancy.authenticate(secretKey, h.now())).isInstanceOf(Authentication.Refused.class);
    assertThat(admin.post("/admin/keys/" + id + "/unblock", null).json().get("blocked").asBoolean()).isFalse();

    JsonNode rotated = admin.post("/admin/keys/" + id + "/rotate", json("{\"grace_seconds\": 3600}")).json();
    String newKey = rotated.get("key").asText();
    assertThat(newKey).startsWith("sk-fw-" + id + "-").isNotEqualTo(secretKey);
    assertThat(rotated.get("previous_secret_valid_until").asText()).isNotBlank();
    assertThat(h.tenancy.authenticate(secretKey, h.now())).isInstanceOf(Authentication.Granted.class);
    assertThat(h.tenancy.authenticate(newKey, h.now())).isInstanceOf(Authentication.Granted.class);

    AdminClient.Reply deleted = admin.delete("/admin/keys/" + id);
    assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
    assertThat(admin.get("/admin/keys/" + id).status()).isEqualTo(404);
    assertThat(h.tenancy.authenticate(newKey, h.now())).isInstanceOf(Authentication.Refused.class);

    JsonNode audit = admin.get("/admin/audit?type=key&id=" + id).json().get("data");
    assertThat(iterateValues(audit, "action")).containsExactly("delete", "rotate", "unblock", "block", "update",
        "create");
    assertThat(iterateValues(audit, "actor")).containsOnly("master");
    JsonNode update = audit.get(4);
    assertThat(update.get("before").get("rpm").asInt()).isEqualTo(60);
    assertThat(update.get("after").get("rpm").isNull()).isTrue();
    assertThat(audit.get(5).get("before").isNull()).isTrue();
    assertThat(audit.get(0).get("after").isNull()).isTrue();
    assertThat(audit.toString()).doesNotContain(secretKey.substring(19)).doesNotContain(newKey.substring(19));
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aTeamsWholeLifeOverHttp(TestDatabases.Kind kind) throws Exception {
    AdminClient admin = client(kind);
    String teamId = "team-" + kind.name().toLowerCase() + "-" + System.nanoTime();
    JsonNode t = admin.post("/admin/teams", json("{\"id\": \"" + teamId + "\", \"name\": \"Data\", \"rpm\": 100,"
        + " \"models\": [\"gpt-4o\"], \"metadata\": {\"cc\": 7}}")).json();
    assertThat(t.get("id").asText()).isEqualTo(teamId);
    assertThat(t.get("object").asText()).isEqualTo("team");
    assertThat(t.get("remaining_usd").isNull()).isTrue();
    assertThat(admin.post("/admin/teams", json("{\"id\": \"" + teamId + "\"}")).json().get("error").get("param")
        .asText()).isEqualTo("id");

    String keyId = admin.post("/admin/keys", json("{\"team\": \"" + teamId + "\"}")).json().get("id").asText();
    assertThat(admin.get("/admin/teams/" + teamId).json().get("keys").asInt()).isEqualTo(1);
    assertThat(admin.get("/admin/teams").json().get("data").toString()).contains(teamId);
    assertThat(admin.patch("/admin/teams/" + teamId, json("{\"max_budget_usd\": 12.75, \"budget_period\": \"7d\"}"))
        .json().get("max_budget_usd").asText()).isEqualTo("12.75");
    assertThat(admin.post("/admin/teams/" + teamId + "/block", null).json().get("blocked").asBoolean()).isTrue();
    assertThat(admin.post("/admin/teams/" + teamId + "/unblock", null).json().get("blocked").asBoolean()).isFalse();

    AdminClient.Reply refused = admin.delete("/admin/teams/" + teamId);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorMessage()).contains("still has 1 key");
    admin.delete("/admin/keys/" + keyId);
    assertThat(admin.delete("/admin/teams/" + teamId).json().get("deleted").asBoolean()).isTrue();
    assertThat(admin.get("/admin/teams/" + teamId).json().get("error").get("code").asText()).isEqualTo("team_not_found");

    JsonNode audit = admin.get("/admin/audit?type=team&id=" + teamId).json().get("data");
    assertThat(iterateValues(audit, "action")).containsExactly("delete", "unblock", "block", "update", "create");
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("{\"rpm\": \"10\"}", "rpm", "invalid_type"),
        Arguments.of("{\"rpm\": 0}", "rpm", "integer_below_min_value"),
        Arguments.of("{\"rpm\": 3000000000}", "rpm", "invalid_value"),
        Arguments.of("{\"tpm\": 1.5}", "tpm", "invalid_type"),
        Arguments.of("{\"max_parallel\": -1}", "max_parallel", "integer_below_min_value"),
        Arguments.of("{\"max_budget_usd\": -0.01}", "max_budget_usd", "decimal_below_min_value"),
        Arguments.of("{\"max_budget_usd\": \"ten\"}", "max_budget_usd", "invalid_value"),
        Arguments.of("{\"max_budget_usd\": 1e13}", "max_budget_usd", "decimal_above_max_value"),
        Arguments.of("{\"max_budget_usd\": true}", "max_budget_usd", "invalid_type"),
        Arguments.of("{\"budget_period\": \"2d\"}", "budget_period", "unsupported_value"),
        Arguments.of("{\"models\": \"gpt-4o\"}", "models", "invalid_type"),
        Arguments.of("{\"models\": [\"gpt-4o\", 3]}", "models[1]", "invalid_type"),
        Arguments.of("{\"models\": [\"gpt-4o\", \"gpt-4o\"]}", "models[1]", "invalid_value"),
        Arguments.of("{\"models\": [\" \"]}", "models[0]", "invalid_value"),
        Arguments.of("{\"expires_at\": \"tomorrow\"}", "expires_at", "invalid_value"),
        Arguments.of("{\"expires_at\": true}", "expires_at", "invalid_type"),
        Arguments.of("{\"metadata\": [1]}", "metadata", "invalid_type"),
        Arguments.of("{\"team\": \"no-such-team\"}", "team", "invalid_value"),
        Arguments.of("{\"team\": 7}", "team", "invalid_type"),
        Arguments.of("{\"name\": 5}", "name", "invalid_type"),
        Arguments.of("{\"name\": \"" + "x".repeat(300) + "\"}", "name", "invalid_value"),
        Arguments.of("{\"colour\": \"red\"}", "colour", "unknown_parameter"),
        Arguments.of("{\"name\": \"a\", \"name\": \"b\"}", null, "invalid_json"),
        Arguments.of("{\"name\": ", null, "invalid_json"),
        Arguments.of("[]", null, "invalid_json"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void everyBadFieldIsA400NamingIt(String body, String param, String code) throws Exception {
    for (TestDatabases.Kind kind : TestDatabases.Kind.values()) {
      AdminClient.Reply r = client(kind).send("POST", "/admin/keys", body);
      assertThat(r.status()).as(body).isEqualTo(400);
      JsonNode e = r.json().get("error");
      assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
      assertThat(e.get("code").asText()).as(body).isEqualTo(code);
      if (param == null) {
        assertThat(e.get("param").isNull()).isTrue();
      } else {
        assertThat(e.get("param").asText()).as(body).isEqualTo(param);
        assertThat(e.get("message").asText()).contains(param);
      }
    }
  }

  @Test
  void changesToMissingOrMisshapenIdsAre404sAndRotationValidatesItsGrace() throws Exception {
    AdminClient admin = client(TestDatabases.Kind.SQLITE);
    String id = admin.post("/admin/keys", json("{}")).json().get("id").asText();

    AdminClient.Reply grace = admin.post("/admin/keys/" + id + "/rotate", json("{\"grace_seconds\": -5}"));
    assertThat(grace.status()).isEqualTo(400);
    assertThat(grace.json().get("error").get("param").asText()).isEqualTo("grace_seconds");
    assertThat(admin.post("/admin/keys/" + id + "/rotate", json("{\"grace_seconds\": \"5\"}")).status()).isEqualTo(400);
    AdminClient.Reply missing = admin.patch("/admin/keys/000000000000", json("{\"rpm\": 5}"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").get("code").asText()).isEqualTo("key_not_found");
    assertThat(admin.get("/admin/keys/..%2F..%2Fetc").status()).isEqualTo(404);
    assertThat(admin.delete("/admin/keys/" + "z".repeat(500)).errorMessage()).hasSizeLessThan(120);
    assertThat(admin.post("/admin/teams", json("{\"id\": \"bad id!\"}")).json().get("error").get("param").asText())
        .isEqualTo("id");
    assertThat(admin.patch("/admin/teams/x", json("{\"id\": \"y\"}")).json().get("error").get("code").asText())
        .isEqualTo("unknown_parameter");
  }

  @Test
  void withoutTheMasterKeyTheAdminApiAnswers401InOpenAisFormatWithoutEchoingTheCredential() throws Exception {
    String presented = "sk-fw-abcdefghijkl-" + "Q".repeat(43);
    for (AdminClient c : List.of(sqliteServer.client(null), sqliteServer.client(presented),
        sqliteServer.client(TenancyHarness.MASTER + "x"))) {
      AdminClient.Reply r = c.get("/admin/keys");
      assertThat(r.status()).isEqualTo(401);
      JsonNode e = r.json().get("error");
      assertThat(e.get("type").asText()).isEqualTo("authentication_error");
      assertThat(e.get("code").asText()).isEqualTo("invalid_api_key");
      assertThat(r.raw()).doesNotContain(presented).doesNotContain("QQQQ").doesNotContain(TenancyHarness.MASTER);
      assertThat(c.post("/admin/keys", json("{}")).status()).isEqualTo(401);
    }
  }

  private static List<String> iterate(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> iterateValues(JsonNode array, String field) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(e -> out.add(e.get(field).asText()));
    return out;
  }
}
