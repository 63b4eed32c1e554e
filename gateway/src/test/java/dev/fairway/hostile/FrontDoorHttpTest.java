package dev.fairway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.LogCapture;
import dev.fairway.testing.RawHttp;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 items 3, 4, 7 and 10 over raw sockets: what a browser page, a confused client or an
 * attacker can send to the front door, and that each gets a 4xx in its path's protocol, never a
 * 200, a stack trace in the log or a route it should not reach.
 */
class FrontDoorHttpTest {
  static TestGateway t;
  static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @BeforeAll
  static void start() {
    t = TestGateway.start(Hostile.yaml(""));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static RawHttp.Response raw(String request) {
    return RawHttp.exchange(t.gateway.port(), request);
  }

  static String post(String path, String contentType, String body) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (contentType == null ? "" : "Content-Type: "
        + contentType + "\r\n") + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  /** The body is the OpenAI error object (under any path but /v1/messages) or Anthropic's. */
  static JsonNode error(RawHttp.Response r, boolean anthropic) {
    JsonNode j;
    try {
      j = Http.JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body());
    }
    assertThat(r.header("content-type")).isEqualTo("application/json");
    if (anthropic) {
      assertThat(j.path("type").asText()).isEqualTo("error");
      assertThat(j.at("/error/type").asText()).isNotBlank();
    } else {
      assertThat(j.has("type")).isFalse();
      assertThat(j.at("/error/type").asText()).isNotBlank();
    }
    assertThat(j.at("/error/message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("java.");
    return j.path("error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
  void aJsonEndpointRefusesAnotherContentTypeWith415(String type) {
    RawHttp.Response openai = raw(post("/v1/chat/completions", type, CHAT));
    RawHttp.Response anthropic = raw(post("/v1/messages", type, CHAT));

    assertThat(openai.status()).isEqualTo(415);
    assertThat(error(openai, false).path("code").asText()).isEqualTo("unsupported_media_type");
    assertThat(anthropic.status()).isEqualTo(415);
    assertThat(error(anthropic, true).path("message").asText()).contains("application/json");
  }

  @Test
  void aJsonEndpointRefusesABodyWithoutContentTypeAndTakesJsonWithACharset() {
    assertThat(raw(post("/v1/chat/completions", null, CHAT)).status()).isEqualTo(415);
    assertThat(raw(post("/v1/chat/completions", "application/json; charset=utf-8", CHAT)).status()).isEqualTo(200);
  }

  @Test
  void aHostThatIsNotThisGatewayIsRefused() {
    RawHttp.Response r = raw(post("/v1/chat/completions", "application/json", CHAT)
        .replace("Host: 127.0.0.1", "Host: attacker.example:" + t.gateway.port()));

    assertThat(r.status()).isEqualTo(403);
    assertThat(error(r, false).path("code").asText()).isEqualTo("host_not_allowed");
    for (String ok : new String[] {"localhost", "127.0.0.1", "[::1]", "LOCALHOST."}) {
      assertThat(raw("GET /healthz HTTP/1.1\r\nHost: " + ok + ":" + t.gateway.port() + "\r\n\r\n").status())
          .as(ok).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/%2e%2e/admin/health", "/v1/%2E%2E/admin/health/reset", "/v1/..%2fadmin/health",
      "/v1/models/%2fetc", "/v1/../admin/health", "/v1/./models", "/admin%5chealth", "/v1/models/a%00b"})
  void encodedDotSegmentsAndOtherPathTricksAreRefused(String path) {
    RawHttp.Response r = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    assertThat(r.status()).isEqualTo(400);
    assertThat(error(r, false).path("code").asText()).isEqualTo("invalid_path");
    assertThat(r.body()).doesNotContain("deployments");
  }

  @Test
  void aBadEscapeOrAMissingHostIsA400WithoutAStackTrace() {
    try (LogCapture log = new LogCapture()) {
      RawHttp.Response badEscape = raw("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawHttp.Response noHost = raw("POST /v1/messages HTTP/1.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2\r\n\r\n{}");

      assertThat(badEscape.status()).isEqualTo(400);
      assertThat(error(badEscape, false).path("code").asText()).isEqualTo("malformed_request");
      assertThat(noHost.status()).isEqualTo(400);
      assertThat(error(noHost, true).path("message").asText()).contains("Host");
      assertThat(log.noisy()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz\r\nabc\r\n0\r\n\r\n", "-5\r\nabc\r\n0\r\n\r\n", "ffffffffffffffff\r\nabc\r\n0\r\n\r\n",
      "3\r\nabc\r\n0\r\nbad trailer\r\n\r\n"})
  void aMalformedChunkedBodyIs400InTheProtocolsFormatNever200(String chunks) {
    try (LogCapture log = new LogCapture()) {
      for (String path : new String[] {"/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens"}) {
        RawHttp.Response r = raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n" + chunks);

        assertThat(r.status()).as(path).isEqualTo(400);
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(error(r, path.startsWith("/v1/messages")).path("message").asText()).contains("chunked");
      }
      assertThat(log.noisy()).isEmpty();
      assertThat(log.warnings()).allMatch(w -> w.startsWith("client error from "));
    }
  }

  @Test
  void aClientClosingMidBodyIsOneWarningAtMost() {
    try (LogCapture log = new LogCapture()) {
      try (RawHttp c = new RawHttp(t.gateway.port())) {
        c.send(post("/v1/chat/completions", "application/json", CHAT + " ".repeat(1000)).substring(0, 150));
      }
      // a later request on another connection shows the gateway went on
      assertThat(t.http.post("/v1/chat/completions", Http.chat("m", "hi")).status()).isEqualTo(200);
      assertThat(log.noisy()).isEmpty();
    }
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    RawHttp.Response openai = raw("GET /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    RawHttp.Response anthropic = raw("PUT /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    RawHttp.Response models = raw("DELETE /v1/models/m HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    assertThat(openai.status()).isEqualTo(405);
    assertThat(openai.header("allow")).isEqualTo("POST, OPTIONS");
    assertThat(error(openai, false).path("code").asText()).isEqualTo("method_not_allowed");
    assertThat(anthropic.status()).isEqualTo(405);
    error(anthropic, true);
    assertThat(models.status()).isEqualTo(405);
    assertThat(models.header("allow")).isEqualTo("GET, HEAD, OPTIONS");
  }

  @Test
  void headOfHealthzIs200AndOptionsIsAnswered() {
    RawHttp.Response head = raw("HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    RawHttp.Response options = raw("OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    RawHttp.Response unknown = raw("OPTIONS /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("allow")).isEqualTo("POST, OPTIONS");
    assertThat(options.header("access-control-allow-origin")).isNull();
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void withCorsOffAPageOnAnotherOriginCanNeitherSpendNorAdminister() {
    for (String path : new String[] {"/v1/chat/completions", "/admin/health/reset"}) {
      RawHttp.Response r = raw(post(path, "application/json", CHAT)
          .replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1\r\nOrigin: https://evil.example\r\n"));
      assertThat(r.status()).as(path).isEqualTo(403);
      assertThat(error(r, false).path("code").asText()).isEqualTo("cross_origin_not_allowed");
      assertThat(r.header("access-control-allow-origin")).isNull();
    }
    RawHttp.Response preflight = raw("OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n");
    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.header("access-control-allow-origin")).isNull();
    // the gateway's own pages (same origin) are not cross-origin
    RawHttp.Response same = raw(post("/v1/chat/completions", "application/json", CHAT)
        .replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1:" + t.gateway.port() + "\r\nOrigin: http://127.0.0.1:"
            + t.gateway.port() + "\r\n"));
    assertThat(same.status()).isEqualTo(200);
  }

  @Test
  void withCorsConfiguredAnAllowedOriginGetsACorrectPreflightAndItsAnswers() {
    try (TestGateway c = TestGateway.start(Hostile.yaml(
        "cors: {allowed_origins: [\"https://app.example.com\"], max_age_seconds: 60}"))) {
      int port = c.gateway.port();
      RawHttp.Response pre = RawHttp.exchange(port, "OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Origin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\n"
          + "Access-Control-Request-Headers: content-type, authorization\r\n\r\n");
      assertThat(pre.status()).isEqualTo(204);
      assertThat(pre.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
      assertThat(pre.header("access-control-allow-methods")).isEqualTo("POST, OPTIONS");
      assertThat(pre.header("access-control-allow-headers")).contains("content-type").contains("authorization");
      assertThat(pre.header("access-control-max-age")).isEqualTo("60");
      assertThat(pre.header("vary")).contains("Origin");

      RawHttp.Response badHeader = RawHttp.exchange(port, "OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Origin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\n"
          + "Access-Control-Request-Headers: x-secret-thing\r\n\r\n");
      assertThat(badHeader.status()).isEqualTo(403);

      RawHttp.Response answer = RawHttp.exchange(port, post("/v1/chat/completions", "application/json", CHAT)
          .replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1\r\nOrigin: https://app.example.com\r\n"));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("access-control-allow-origin")).isEqualTo("https://app.example.com");
      assertThat(answer.header("access-control-expose-headers")).contains("x-request-id");

      RawHttp.Response other = RawHttp.exchange(port, post("/v1/chat/completions", "application/json", CHAT)
          .replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1\r\nOrigin: https://evil.example\r\n"));
      assertThat(other.status()).isEqualTo(403);
    }
  }
}
