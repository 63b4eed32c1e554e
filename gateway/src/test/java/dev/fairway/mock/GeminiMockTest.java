package dev.fairway.mock;

import dev.fairway.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.Gateway;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.testing.Http;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Gemini face of the mock, spoken to directly: Google's paths, auth, validation and error bodies. */
class GeminiMockTest {
  static final String KEY = "AIzaSyTest-mock-key-0123456789";
  static MockServer mock;
  static Http http;

  @BeforeAll
  static void start() {
    mock = MockServer.start(MockServer.Config.loopback(0).withExpectedApiKey(KEY));
    http = new Http(mock.baseUrl());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  static String hello() {
    return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello\"}]}]}";
  }

  @Test
  void answersGenerateContentOnV1betaAndV1WithTheKeyInTheHeaderOrTheQuery() {
    Http.Response beta = http.post("/v1beta/models/gemini-2.0-flash:generateContent", hello(), "x-goog-api-key", KEY);
    Http.Response v1 = http.post("/v1/models/gemini-2.0-flash:generateContent?key=" + KEY, hello());

    for (Http.Response r : new Http.Response[] {beta, v1}) {
      assertThat(r.status()).isEqualTo(200);
      JsonNode j = r.json();
      assertThat(j.at("/candidates/0/content/role").asText()).isEqualTo("model");
      assertThat(j.at("/candidates/0/content/parts/0/text").asText()).startsWith("[simulated gemini-2.0-flash]");
      assertThat(j.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
      assertThat(j.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(
          j.at("/usageMetadata/promptTokenCount").asInt() + j.at("/usageMetadata/candidatesTokenCount").asInt());
      assertThat(j.path("modelVersion").asText()).isEqualTo("gemini-2.0-flash");
    }
  }

  @Test
  void rejectsMissingAndWrongKeysAsGoogleDoes() {
    Http.Response missing = http.post("/v1beta/models/gemini-2.0-flash:generateContent", hello());
    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.json().at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");

    Http.Response wrong = http.post("/v1beta/models/gemini-2.0-flash:generateContent", hello(), "x-goog-api-key", "no");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().at("/error/code").asInt()).isEqualTo(400);
    assertThat(wrong.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(wrong.json().at("/error/details/0/reason").asText()).isEqualTo("API_KEY_INVALID");
  }

  @Test
  void streamsSseChunksWithoutATerminatorOrAJsonArrayWithoutAltSse() {
    Http.Stream sse = http.stream("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", hello(),
        "x-goog-api-key", KEY);
    assertThat(sse.header("content-type")).startsWith("text/event-stream");
    assertThat(sse.raw()).doesNotContain("[DONE]");
    JsonNode last = sse.events().get(sse.events().size() - 1).json();
    assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(last.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(sse.events().size());
    assertThat(sse.events()).allSatisfy(e -> assertThat(e.json().path("responseId").asText())
        .isEqualTo(last.path("responseId").asText()));

    Http.Response array = http.post("/v1beta/models/gemini-2.0-flash:streamGenerateContent", hello(),
        "x-goog-api-key", KEY);
    assertThat(array.json().isArray()).isTrue();
    assertThat(array.json()).hasSize(sse.events().size());
  }

  @Test
  void rejectsRequestsGoogleWouldReject() {
    assertRejected("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"generation_config\":{}}",
        "gemini-2.0-flash", "Unknown name \"generation_config\"");
    assertRejected("{\"contents\":[]}", "gemini-2.0-flash", "contents is not specified");
    assertRejected("{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"hi\"}]}]}", "gemini-2.0-flash",
        "valid role");
    assertRejected("{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}", "gemini-2.0-flash", "must not be empty");
    String call = "{\"role\":\"user\",\"parts\":[{\"text\":\"go\"}]},{\"role\":\"model\",\"parts\":["
        + "{\"functionCall\":{\"name\":\"f\",\"args\":{}}},{\"functionCall\":{\"name\":\"g\",\"args\":{}}}]}";
    assertRejected("{\"contents\":[" + call + ",{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"f\","
        + "\"response\":{\"output\":\"x\"}}}]}]}", "gemini-2.0-flash", "number of function response parts");
    assertRejected("{\"contents\":[" + call + "]}", "gemini-3-pro-preview", "missing a thought_signature");
    assertRejected("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":"
        + "{\"stopSequences\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}}", "gemini-2.0-flash", "stop");
  }

  private static void assertRejected(String body, String model, String message) {
    Http.Response r = http.post("/v1beta/models/" + model + ":generateContent", body, "x-goog-api-key", KEY);
    assertThat(r.status()).as(body).isEqualTo(400);
    assertThat(r.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(r.json().at("/error/message").asText()).contains(message);
  }

  @Test
  void injectsResourceExhaustedWithARetryDelayAndOverloadAsUnavailable() {
    mock.behave("gemini-limited", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(9));
    mock.behave("gemini-busy", MockBehaviour.DEFAULT.withErrors(1.0, 503));

    Http.Response limited = http.post("/v1beta/models/gemini-limited:generateContent", hello(), "x-goog-api-key", KEY);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(limited.json().at("/error/details")).anySatisfy(d ->
        assertThat(d.path("retryDelay").asText()).isEqualTo("9s"));

    Http.Response busy = http.post("/v1beta/models/gemini-busy:generateContent", hello(), "x-goog-api-key", KEY);
    assertThat(busy.status()).isEqualTo(503);
    assertThat(busy.json().at("/error/status").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void aGatewayWithAWrongKeyAnswersUpstreamAuthFailureWithoutTheKey() {
    String yaml = "server: {port: 0}\ncatalog: {builtin: false}\nproviders:\n"
        + "  google: {protocol: gemini, base_url: \"" + mock.baseUrl() + "\", api_key: AIzaSyWrong-key-abcdefghij}\n"
        + "models:\n  - {id: g, owner: google, prices: {input: 1, output: 1}, context_window: 1000,"
        + " deployments: [{provider: google, model: gemini-2.0-flash}]}\n";
    GatewayConfig cfg = ConfigLoader.loadText("test.yaml", yaml, Map.of());
    try (Gateway gw = Gateway.start(TestDatabases.ownStorage(cfg), new Gateway.Options(1, System::nanoTime, CallEvents.NONE))) {
      Http.Response r = new Http("http://127.0.0.1:" + gw.port()).post("/v1/chat/completions",
          Http.chat("g", "hello"));

      assertThat(r.status()).isEqualTo(502);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("upstream_auth_failed");
      assertThat(r.body()).doesNotContain("AIza");
    }
  }
}
