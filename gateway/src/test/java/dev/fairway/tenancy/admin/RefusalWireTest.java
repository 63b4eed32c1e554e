package dev.fairway.tenancy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.GatewayError;
import dev.fairway.ingress.anthropic.AnthropicIngress;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.tenancy.AuthRefusal;
import dev.fairway.tenancy.LimitKind;
import dev.fairway.tenancy.LimitRefusal;
import dev.fairway.tenancy.Principal;
import dev.fairway.tenancy.ScopeKind;
import dev.fairway.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each tenancy refusal as each protocol's clients receive it, through the ingresses' own error writers. */
class RefusalWireTest {
  private static final AtomicReference<GatewayError> NEXT = new AtomicReference<>();
  private static Vertx vertx;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router r = Router.router(vertx);
    r.post("/v1/chat/completions").handler(rc -> OpenAiIngress.error(rc, NEXT.get()));
    r.post("/v1/messages").handler(rc -> AnthropicIngress.error(rc, NEXT.get()));
    HttpServer s = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    http = new Http("http://127.0.0.1:" + s.actualPort());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Http.Response openai(GatewayError e) {
    NEXT.set(e);
    return http.post("/v1/chat/completions", "{}");
  }

  private static Http.Response anthropic(GatewayError e) {
    NEXT.set(e);
    return http.post("/v1/messages", "{}");
  }

  @Test
  void anUnusableKeyIs401InvalidApiKeyForOpenAiAndAuthenticationErrorForAnthropic() {
    for (AuthRefusal r : AuthRefusal.values()) {
      Http.Response o = openai(r.error());
      assertThat(o.status()).isEqualTo(401);
      JsonNode e = o.json().get("error");
      assertThat(e.get("type").asText()).isEqualTo("authentication_error");
      assertThat(e.get("code").asText()).isEqualTo("invalid_api_key");

      Http.Response a = anthropic(r.error());
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.json().get("type").asText()).isEqualTo("error");
      assertThat(a.json().get("error").get("type").asText()).isEqualTo("authentication_error");
    }
  }

  @Test
  void aModelOutsideTheAllowListIs403NamingTheModel() {
    GatewayError e = Principal.modelNotAllowed("gpt-4o");
    Http.Response o = openai(e);
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.json().get("error").get("type").asText()).isEqualTo("permission_error");
    assertThat(o.json().get("error").get("code").asText()).isEqualTo("model_not_allowed");
    assertThat(o.json().get("error").get("param").asText()).isEqualTo("model");
    assertThat(o.json().get("error").get("message").asText()).contains("'gpt-4o'");
    Http.Response a = anthropic(e);
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().get("error").get("type").asText()).isEqualTo("permission_error");
  }

  @Test
  void anExhaustedBudgetIs429InsufficientQuotaForOpenAiAndARateLimitErrorForAnthropic() {
    GatewayError e = new LimitRefusal(LimitKind.BUDGET, ScopeKind.KEY, 0L, Duration.ofSeconds(90),
        "Budget exceeded: this API key's daily budget of $1 cannot cover this request (up to $0.2).").error();
    Http.Response o = openai(e);
    assertThat(o.status()).isEqualTo(429);
    assertThat(o.header("retry-after")).isEqualTo("90");
    assertThat(o.json().get("error").get("type").asText()).isEqualTo("insufficient_quota");
    assertThat(o.json().get("error").get("code").asText()).isEqualTo("insufficient_quota");
    Http.Response a = anthropic(e);
    assertThat(a.status()).isEqualTo(429);
    assertThat(a.header("retry-after")).isEqualTo("90");
    assertThat(a.json().get("error").get("type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void aRateLimitIs429WithRetryAfterInBothProtocols() {
    GatewayError e = new LimitRefusal(LimitKind.REQUESTS_PER_MINUTE, ScopeKind.TEAM, 0L, Duration.ofMillis(2300),
        "Rate limit reached for this API key's team: 10 requests per minute. Try again in 2.3s.").error();
    Http.Response o = openai(e);
    assertThat(o.status()).isEqualTo(429);
    assertThat(o.header("retry-after")).isEqualTo("3");
    assertThat(o.json().get("error").get("type").asText()).isEqualTo("rate_limit_error");
    assertThat(o.json().get("error").get("code").asText()).isEqualTo("rate_limit_exceeded");
    Http.Response a = anthropic(e);
    assertThat(a.status()).isEqualTo(429);
    assertThat(a.header("retry-after")).isEqualTo("3");
    assertThat(a.json().get("error").get("type").asText()).isEqualTo("rate_limit_error");
  }
}
