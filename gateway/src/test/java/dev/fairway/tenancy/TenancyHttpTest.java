package dev.fairway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestDatabases;
import dev.fairway.testing.TestGateway;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Virtual keys through the whole gateway, over real HTTP, on SQLite and on PostgreSQL: the
 * pipeline authenticates, reserves exactly and settles what every attempt cost.
 */
class TenancyHttpTest {
  static final String MASTER = "master-key-for-tests-0123456789";

  TestDatabases.Handle db;
  TestGateway t;

  /** Prices: output only, $1 per thousand tokens; max_tokens 5 makes every answer cost exactly $0.005. */
  TestGateway start(TestDatabases.Kind kind) {
    db = TestDatabases.open(kind);
    var s = db.config();
    String storage = s.isPostgres()
        ? "storage: {url: \"" + s.url() + "\", user: " + s.user() + ", path: \"" + s.path() + "\"}\n"
        : "storage: {path: \"" + s.path() + "\"}\n";
    t = TestGateway.start(storage + "server: {port: 0, master_key: \"" + MASTER + "\"}\n" + """
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
          claude: {protocol: anthropic, base_url: "${MOCK}", api_key: k}
        models:
          - {id: m, owner: o, prices: {input: 0, output: 1000}, context_window: 8000, deployments: [{provider: mock}]}
          - {id: other, owner: o, prices: {input: 0, output: 1000}, context_window: 8000, deployments: [{provider: mock}]}
          - {id: c, owner: a, prices: {input: 0, output: 1000}, context_window: 8000, deployments: [{provider: claude, model: claude-x}]}
        """);
    return t;
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

  JsonNode admin(String method, String path, String body) {
    Http.Response r = method.equals("GET") ? t.http.get(path, "authorization", "Bearer " + MASTER)
        : t.http.post(path, body, "authorization", "Bearer " + MASTER);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  String key(String settings) {
    return admin("POST", "/admin/keys", "{\"name\":\"t\"" + settings + "}").path("key").asText();
  }

  static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"Tell me everything about gateways, at length.\"}]}";
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void withoutAValidKeyEveryModelEndpointAnswers401InItsProtocol(TestDatabases.Kind kind) {
    start(kind);
    Http.Response openai = t.http.post("/v1/chat/completions", chat("m"));
    assertThat(openai.status()).isEqualTo(401);
    assertThat(openai.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
    Http.Response anthropic = t.http.post("/v1/messages", chat("m"), "anthropic-version", "2023-06-01",
        "x-api-key", "sk-fw-nope-nope");
    assertThat(anthropic.status()).isEqualTo(401);
    assertThat(anthropic.json().at("/error/type").asText()).isEqualTo("authentication_error");
    assertThat(anthropic.body()).doesNotContain("sk-fw-nope");
    assertThat(t.http.get("/admin/health").status()).isEqualTo(401);
    assertThat(t.http.get("/metrics").status()).isEqualTo(401);
    assertThat(t.http.get("/metrics", "authorization", "Bearer " + MASTER).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void theOfficialSdksPresentVirtualKeysAndGetRateLimitHeaders(TestDatabases.Kind kind) {
    start(kind);
    String k = key(",\"rpm\":100");
    OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(t.baseUrl() + "/v1").apiKey(k).build();
    var resp = openai.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
        .model("m").addUserMessage("hello").build());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().values("x-ratelimit-limit-requests")).containsExactly("100");
    assertThat(resp.headers().values("x-ratelimit-remaining-requests")).containsExactly("99");
    AnthropicClient claude = AnthropicOkHttpClient.builder().baseUrl(t.baseUrl()).apiKey(k).build();
    var msg = claude.messages().create(MessageCreateParams.builder().model("c").maxTokens(16)
        .addUserMessage("hello").build());
    assertThat(msg.content()).isNotEmpty();
    OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(t.baseUrl() + "/v1").apiKey("sk-fw-x-y").build();
    assertThatThrownBy(() -> wrong.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("m").addUserMessage("hello").build())).isInstanceOf(com.openai.errors.UnauthorizedException.class);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aModelOffTheKeysListIsRefused403NamingIt(TestDatabases.Kind kind) {
    start(kind);
    String k = key(",\"models\":[\"m\"]");
    assertThat(t.http.post("/v1/chat/completions", chat("m"), "authorization", "Bearer " + k).status()).isEqualTo(200);
    Http.Response r = t.http.post("/v1/chat/completions", chat("other"), "authorization", "Bearer " + k);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().at("/error/message").asText()).contains("other");
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void twoHundredConcurrentRequestsAgainstABudgetOfExactlyTwentyAnswersTwenty(TestDatabases.Kind kind)
      throws Exception {
    start(kind);
    JsonNode created = admin("POST", "/admin/keys", "{\"name\":\"b\",\"max_budget_usd\":\"0.1\","
        + "\"budget_period\":\"1d\"}");
    String k = created.path("key").asText();
    List<Integer> statuses = concurrently(200, k);
    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(20);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(180);
    JsonNode after = admin("GET", "/admin/keys/" + created.path("id").asText(), null);
    assertThat(new BigDecimal(after.path("spend_usd").asText())).isEqualByComparingTo("0.1");
    assertThat(new BigDecimal(after.path("reserved_usd").asText())).isEqualByComparingTo("0");
    Http.Response refused = t.http.post("/v1/chat/completions", chat("m"), "authorization", "Bearer " + k);
    assertThat(refused.json().at("/error/type").asText()).isEqualTo("insufficient_quota");
    assertThat(refused.json().at("/error/message").asText()).contains("budget");
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aKeyAtSixtyRpmUnderThreeHundredConcurrentRequestsGetsSixty(TestDatabases.Kind kind) throws Exception {
    start(kind);
    String k = key(",\"rpm\":60");
    List<Integer> statuses = concurrently(300, k);
    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(60);
    Http.Response limited = t.http.post("/v1/chat/completions", chat("m"), "authorization", "Bearer " + k);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("retry-after")).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void maxParallelHoldsWhileCallsAreInFlight(TestDatabases.Kind kind) throws Exception {
    start(kind);
    t.mock.behave("m", MockBehaviour.DEFAULT.withTtftMs(1_000));
    String k = key(",\"max_parallel\":3");
    List<Integer> statuses = concurrently(10, k);
    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(3);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(7);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aStreamCutByTheClientIsChargedForWhatWasStreamed(TestDatabases.Kind kind) throws Exception {
    start(kind);
    t.mock.behave("m", MockBehaviour.DEFAULT.withTokensPerSecond(20));
    JsonNode created = admin("POST", "/admin/keys", "{\"name\":\"s\",\"max_budget_usd\":\"10\"}");
    String k = created.path("key").asText();
    HttpRequest req = HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v1/chat/completions"))
        .header("content-type", "application/json").header("authorization", "Bearer " + k)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"a long story please\"}]}")).build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<java.io.InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream in = resp.body()) {
        byte[] buf = new byte[4096];
        for (int n = 0; n < 300; ) {
          int r = in.read(buf);
          if (r < 0) {
            break;
          }
          n += r;
        }
      }
    }
    long until = System.nanoTime() + 30_000_000_000L;
    BigDecimal spend = BigDecimal.ZERO;
    while (spend.signum() == 0 && System.nanoTime() < until) {
      spend = new BigDecimal(admin("GET", "/admin/keys/" + created.path("id").asText(), null).path("spend_usd").asText());
    }
    assertThat(spend).isPositive();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void keysAndSpendSurviveARestartAndNoSecretIsStored(TestDatabases.Kind kind) throws Exception {
    start(kind);
    JsonNode created = admin("POST", "/admin/keys", "{\"name\":\"r\",\"max_budget_usd\":\"1\"}");
    String k = created.path("key").asText();
    assertThat(t.http.post("/v1/chat/completions", chat("m"), "authorization", "Bearer " + k).status()).isEqualTo(200);
    String yaml = t.gateway.config().source();
    t.close();
    t = null;
    // the same storage, a new gateway
    var s = db.config();
    String storage = s.isPostgres()
        ? "storage: {url: \"" + s.url() + "\", user: " + s.user() + ", path: \"" + s.path() + "\"}\n"
        : "storage: {path: \"" + s.path() + "\"}\n";
    t = TestGateway.start(storage + "server: {port: 0, master_key: \"" + MASTER + "\"}\n" + """
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: m, owner: o, prices: {input: 0, output: 1000}, context_window: 8000, deployments: [{provider: mock}]}
        """);
    assertThat(t.http.post("/v1/chat/completions", chat("m"), "authorization", "Bearer " + k).status()).isEqualTo(200);
    JsonNode after = admin("GET", "/admin/keys/" + created.path("id").asText(), null);
    assertThat(new BigDecimal(after.path("spend_usd").asText())).isEqualByComparingTo("0.01");
    assertThat(after.toString()).doesNotContain(k);
    if (!s.isPostgres()) {
      byte[] file = Files.readAllBytes(s.sqliteFile());
      assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(k)
          .doesNotContain(MASTER).doesNotContain(k.substring(k.lastIndexOf('-') + 1));
    }
    assertThat(yaml).isNotNull();
  }

  List<Integer> concurrently(int n, String key) throws Exception {
    try (HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(16))
        .build()) {
      List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(client.sendAsync(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/v1/chat/completions"))
            .header("content-type", "application/json").header("authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(chat("m"))).build(), HttpResponse.BodyHandlers.ofString()));
      }
      List<Integer> out = new ArrayList<>();
      for (var f : fs) {
        out.add(f.get().statusCode());
      }
      return out;
    }
  }

  static Path unused() {
    return null;
  }
}
