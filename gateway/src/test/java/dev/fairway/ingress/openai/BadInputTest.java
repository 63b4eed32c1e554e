package dev.fairway.ingress.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.config.ServerConfig;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every kind of bad request gets a 4xx in OpenAI's error format, naming the parameter, never a 500. */
class BadInputTest {
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        server: {port: 0, max_body_bytes: 4096}
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: m, owner: test, prices: {input: 1, output: 1}, context_window: 1000, deployments: [{provider: mock}]}
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed JSON            | {"model": "m", "messages": [        | 400 | invalid_request_error | invalid_json   |
      not an object             | [1, 2, 3]                           | 400 | invalid_request_error | invalid_json   |
      empty body                | ''                                  | 400 | invalid_request_error | invalid_json   |
      missing messages          | {"model": "m"}                      | 400 | invalid_request_error | missing_required_parameter | messages
      missing model             | {"messages": [{"role": "user", "content": "x"}]} | 400 | invalid_request_error | missing_required_parameter | model
      empty messages            | {"model": "m", "messages": []}      | 400 | invalid_request_error | empty_array | messages
      wrong type                | {"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"} | 400 | invalid_request_error | invalid_type | temperature
      wrong nested type         | {"model": "m", "messages": [{"role": "user", "content": 5}]} | 400 | invalid_request_error | | messages[0].content
      messages not a list       | {"model": "m", "messages": "hi"}    | 400 | invalid_request_error | invalid_type | messages
      unknown role              | {"model": "m", "messages": [{"role": "robot", "content": "x"}]} | 400 | invalid_request_error | | messages[0].role
      unknown parameter         | {"model": "m", "messages": [{"role": "user", "content": "x"}], "colour": 1} | 400 | invalid_request_error | unknown_parameter | colour
      n above one               | {"model": "m", "messages": [{"role": "user", "content": "x"}], "n": 2} | 400 | invalid_request_error | unsupported_parameter | n
      logprobs                  | {"model": "m", "messages": [{"role": "user", "content": "x"}], "logprobs": true} | 400 | invalid_request_error | unsupported_parameter | logprobs
      temperature out of range  | {"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": 3} | 400 | invalid_request_error | decimal_above_max_value | temperature
      tool result without call  | {"model": "m", "messages": [{"role": "tool", "tool_call_id": "c1", "content": "x"}]} | 400 | invalid_request_error | | messages[0].tool_call_id
      invalid base64 image      | {"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,@@@"}}]}]} | 400 | invalid_request_error | invalid_base64 | messages[0].content[0].image_url.url
      stream_options no stream  | {"model": "m", "messages": [{"role": "user", "content": "x"}], "stream_options": {"include_usage": true}} | 400 | invalid_request_error | | stream_options
      unknown model             | {"model": "nope", "messages": [{"role": "user", "content": "x"}]} | 404 | invalid_request_error | model_not_found | model
      unknown fallback model    | {"model": "m", "models": ["nope"], "messages": [{"role": "user", "content": "x"}]} | 404 | invalid_request_error | model_not_found | models
      tool_choice without tools | {"model": "m", "messages": [{"role": "user", "content": "x"}], "tool_choice": "required"} | 400 | invalid_request_error | | tool_choice
      """)
  void rejectsWithOpenAiError(String name, String body, int status, String type, String code, String param) {
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    JsonNode err = r.json().path("error");
    assertThat(err.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("java.");
    assertThat(err.path("type").asText()).isEqualTo(type);
    assertThat(err.has("param")).isTrue();
    assertThat(err.has("code")).isTrue();
    if (code != null) {
      assertThat(err.path("code").asText()).isEqualTo(code);
    }
    if (param != null) {
      assertThat(err.path("param").asText()).isEqualTo(param);
    }
  }

  @Test
  void rejectsABodyOverTheConfiguredLimitWith413() {
    String big = "x".repeat(5000);
    Http.Response r = t.http.post("/v1/chat/completions", Http.chat("m", big));

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("request_too_large");
    assertThat(r.json().at("/error/message").asText()).contains("4096");
  }

  @Test
  void acceptsABodyJustUnderTheDefault10MibLimitAndRejectsOneJustOverWith413() {
    long limit = ServerConfig.DEFAULT_MAX_BODY_BYTES;
    assertThat(limit).isEqualTo(10L * 1024 * 1024);
    try (TestGateway defaults = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1"}
        models:
          - {id: m, owner: test, prices: {input: 1, output: 1}, context_window: 4000000, deployments: [{provider: mock}]}
        """)) {
      Http.Response under = defaults.http.post("/v1/chat/completions", chatOfExactly(limit - 1));
      Http.Response over = defaults.http.post("/v1/chat/completions", chatOfExactly(limit + 1));

      assertThat(under.status()).as(under.body()).isEqualTo(200);
      assertThat(under.json().path("object").asText()).isEqualTo("chat.completion");
      assertThat(over.status()).isEqualTo(413);
      assertThat(over.header("content-type")).isEqualTo("application/json");
      JsonNode err = over.json().path("error");
      assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
      assertThat(err.path("code").asText()).isEqualTo("request_too_large");
      assertThat(err.path("message").asText()).contains(Long.toString(limit));
      assertThat(err.has("param")).isTrue();
      assertThat(defaults.mock.requestCount()).isEqualTo(1); // only the accepted one went upstream
    }
  }

  /** A valid chat request whose body is exactly {@code bytes} long (ASCII words as the prompt). */
  static String chatOfExactly(long bytes) {
    String empty = Http.chat("m", "");
    StringBuilder prompt = new StringBuilder((int) bytes);
    while (prompt.length() + empty.length() + 5 <= bytes) {
      prompt.append("word ");
    }
    while (prompt.length() + empty.length() < bytes) {
      prompt.append('x');
    }
    String body = Http.chat("m", prompt.toString());
    assertThat((long) body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isEqualTo(bytes);
    return body;
  }

  @Test
  void answersUnknownUrlsWithOpenAiStyle404() {
    Http.Response r = t.http.post("/v1/completions/nope", "{}");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("unknown_url");
  }

  @Test
  void rejectsANonPositiveTimeoutHeader() {
    Http.Response r = t.http.post("/v1/chat/completions", Http.chat("m", "x"), "x-fairway-timeout-ms", "soon");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/param").asText()).isEqualTo("x-fairway-timeout-ms");
  }
}
