package dev.fairway.ingress.anthropic;

import dev.fairway.metering.PromptTokens;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages/count_tokens} over real HTTP: forwarded to the provider's own
 * count_tokens when the model has a deployment on Anthropic's protocol, estimated locally for
 * other protocols and whenever the provider's count fails.
 */
class CountTokensTest {
  static final String PROMPT = "word ".repeat(40).trim(); // o200k: one token a word; the mock: a token per 4 characters
  static final String WEATHER = "{\"name\":\"get_weather\",\"description\":\"Weather in a city\","
      + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}";

  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: sk-ant-gateway}
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: sk-gateway}
          gone: {protocol: anthropic, base_url: "http://127.0.0.1:9", api_key: sk-ant-gateway, connect_timeout_ms: 500}
        models:
          - {id: claude, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             capabilities: [tools], deployments: [{provider: anthropic, model: claude-up}]}
          - {id: gpt, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             capabilities: [tools], deployments: [{provider: openai, model: gpt-up}]}
          - {id: both, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             deployments: [{provider: openai, model: both-openai}, {provider: anthropic, model: both-up}]}
          - {id: unreachable, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             deployments: [{provider: gone, model: claude-gone}]}
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @BeforeEach
  void reset() {
    t.mock.clearReceived();
    t.mock.behave("claude-up", MockBehaviour.DEFAULT);
  }

  static String body(String model, String... extraFields) {
    StringBuilder sb = new StringBuilder("{\"model\":").append(Http.quote(model))
        .append(",\"system\":\"You are a meteorologist\",\"tools\":[").append(WEATHER).append("]")
        .append(",\"messages\":[{\"role\":\"user\",\"content\":").append(Http.quote(PROMPT)).append("}]");
    for (String f : extraFields) {
      sb.append(',').append(f);
    }
    return sb.append('}').toString();
  }

  static long estimate(String model) {
    return PromptTokens.inputTokens(AnthropicIngress.decode(io.vertx.core.buffer.Buffer.buffer(body(model)), true));
  }

  @Test
  void forwardsToTheProvidersCountTokensForAModelOnAnthropicsProtocol() {
    Http.Response count = t.http.post("/v1/messages/count_tokens", body("claude"), "x-api-key", "sk-ant-client");
    Http.Response message = t.http.post("/v1/messages", body("claude", "\"max_tokens\":16"));

    assertThat(count.status()).as(count.body()).isEqualTo(200);
    assertThat(count.header("x-fairway-token-count")).isEqualTo("provider");
    assertThat(count.header("x-fairway-deployment")).isEqualTo("anthropic/claude-up");
    long n = count.json().path("input_tokens").asLong();
    assertThat(n).isEqualTo(message.json().at("/usage/input_tokens").asLong()); // what the message then uses
    assertThat(n).isNotEqualTo(estimate("claude"));

    MockServer.Received upstream = t.mock.received().get(0);
    assertThat(upstream.uri()).isEqualTo("/v1/messages/count_tokens");
    assertThat(upstream.headers()).containsEntry("x-api-key", "sk-ant-gateway").containsKey("anthropic-version");
    JsonNode sent = parse(upstream.body());
    assertThat(sent.path("model").asText()).isEqualTo("claude-up");
    assertThat(sent.path("system").asText()).isEqualTo("You are a meteorologist");
    assertThat(sent.at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(sent.at("/messages/0/content").toString()).contains("word word");
    assertThat(sent.has("max_tokens")).isFalse(); // count_tokens refuses it
    assertThat(sent.has("stream")).isFalse();
  }

  @Test
  void forwardsForAModelWithAnyDeploymentOnAnthropicsProtocol() {
    Http.Response count = t.http.post("/v1/messages/count_tokens", body("both"));

    assertThat(count.header("x-fairway-token-count")).isEqualTo("provider");
    assertThat(count.header("x-fairway-deployment")).isEqualTo("anthropic/both-up");
    assertThat(t.mock.received()).singleElement().satisfies(r -> {
      assertThat(r.uri()).isEqualTo("/v1/messages/count_tokens");
      assertThat(r.body()).contains("\"model\":\"both-up\"");
    });
  }

  @Test
  void estimatesLocallyForAModelOnAnotherProtocol() {
    Http.Response count = t.http.post("/v1/messages/count_tokens", body("gpt"));

    assertThat(count.status()).isEqualTo(200);
    assertThat(count.header("x-fairway-token-count")).isEqualTo("estimate");
    assertThat(count.header("x-fairway-deployment")).isNull();
    assertThat(count.json().path("input_tokens").asLong()).isEqualTo(estimate("gpt"));
    assertThat(t.mock.received()).isEmpty();
  }

  @Test
  void fallsBackToTheEstimateWhenTheProvidersCountFails() {
    t.mock.behave("claude-up", MockBehaviour.DEFAULT.withErrors(1.0, 529));

    Http.Response count = t.http.post("/v1/messages/count_tokens", body("claude"));

    assertThat(count.status()).isEqualTo(200);
    assertThat(count.header("x-fairway-token-count")).isEqualTo("estimate");
    assertThat(count.json().path("input_tokens").asLong()).isEqualTo(estimate("claude"));
    assertThat(t.mock.received()).singleElement()
        .satisfies(r -> assertThat(r.uri()).isEqualTo("/v1/messages/count_tokens")); // it was asked
  }

  @Test
  void fallsBackToTheEstimateWhenTheProviderIsUnreachable() {
    Http.Response count = t.http.post("/v1/messages/count_tokens", body("unreachable"));

    assertThat(count.status()).isEqualTo(200);
    assertThat(count.header("x-fairway-token-count")).isEqualTo("estimate");
    assertThat(count.json().path("input_tokens").asLong()).isEqualTo(estimate("unreachable"));
  }

  @Test
  void theMockCountsAsItBillsAndRefusesGenerationParametersAsAnthropicDoes() {
    Http mock = new Http(t.mock.baseUrl());
    String[] headers = {"anthropic-version", "2023-06-01"};

    Http.Response count = mock.post("/v1/messages/count_tokens", body("m"), headers);
    Http.Response message = mock.post("/v1/messages", body("m", "\"max_tokens\":16"), headers);
    Http.Response withMax = mock.post("/v1/messages/count_tokens", body("m", "\"max_tokens\":16"), headers);
    Http.Response withStream = mock.post("/v1/messages/count_tokens", body("m", "\"stream\":true"), headers);

    assertThat(count.status()).isEqualTo(200);
    assertThat(count.json().path("input_tokens").asLong())
        .isPositive()
        .isEqualTo(message.json().at("/usage/input_tokens").asLong());
    assertThat(withMax.status()).isEqualTo(400);
    assertThat(withMax.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(withMax.json().at("/error/message").asText()).isEqualTo("max_tokens: Extra inputs are not permitted");
    assertThat(withStream.json().at("/error/message").asText()).isEqualTo("stream: Extra inputs are not permitted");
  }

  static JsonNode parse(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(s, e);
    }
  }
}
