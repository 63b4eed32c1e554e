package dev.fairway.ingress.anthropic;

import dev.fairway.metering.PromptTokens;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fairway's Anthropic-compatible {@code /v1/messages} end to end: an Anthropic-protocol client,
 * served by OpenAI-protocol providers (the mock's OpenAI face), over real HTTP.
 */
class MessagesTest {
  static TestGateway t;
  static final String WEATHER = "{\"name\":\"get_weather\",\"description\":\"Weather in a city\",\"input_schema\":"
      + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}";
  static final String TIME = "{\"name\":\"get_time\",\"input_schema\":"
      + "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}}";

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          mock: {protocol: openai, base_url: "${MOCK}/v1", api_key: test-key}
        models:
          - {id: alpha, owner: test, prices: {input: 1.0, output: 2.0}, context_window: 8000,
             capabilities: [tools, vision, json], deployments: [{provider: mock, model: alpha}]}
          - {id: beta, owner: test, prices: {input: 1.0, output: 2.0}, context_window: 8000,
             capabilities: [tools, vision, json], deployments: [{provider: mock, model: beta}]}
        fallbacks:
          alpha: [beta]
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @BeforeEach
  void reset() {
    t.mock.behave("alpha", MockBehaviour.DEFAULT);
    t.mock.behave("beta", MockBehaviour.DEFAULT);
    t.mock.clearReceived();
    t.resetHealth();
  }

  static String messages(String model, String userText, String... extraFields) {
    StringBuilder sb = new StringBuilder("{\"model\":").append(Http.quote(model)).append(",\"max_tokens\":256")
        .append(",\"messages\":[{\"role\":\"user\",\"content\":").append(Http.quote(userText)).append("}]");
    for (String f : extraFields) {
      sb.append(',').append(f);
    }
    return sb.append('}').toString();
  }

  @Test
  void answersAMessageNamingTheModelThatAnsweredWithItsCost() {
    Http.Response r = t.http.post("/v1/messages", messages("alpha", "What is 2 + 3?"),
        "x-api-key", "sk-ant-client-key-0123456789", "anthropic-version", "2023-06-01",
        "anthropic-beta", "prompt-caching-2024-07-31");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode m = r.json();
    assertThat(m.path("type").asText()).isEqualTo("message");
    assertThat(m.path("role").asText()).isEqualTo("assistant");
    assertThat(m.path("model").asText()).isEqualTo("alpha");
    assertThat(m.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(m.at("/content/0/text").asText()).startsWith("[simulated alpha] The answer is");
    assertThat(m.path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(m.has("stop_sequence")).isTrue();
    assertThat(m.path("stop_sequence").isNull()).isTrue();
    long in = m.at("/usage/input_tokens").asLong();
    long out = m.at("/usage/output_tokens").asLong();
    assertThat(in).isPositive();
    assertThat(out).isPositive();
    assertThat(m.at("/usage/cache_read_input_tokens").asLong()).isZero();
    assertThat(new java.math.BigDecimal(r.header("x-fairway-cost-usd")))
        .isEqualByComparingTo(java.math.BigDecimal.valueOf(in + 2 * out).movePointLeft(6));
    assertThat(r.header("x-fairway-model")).isEqualTo("alpha");
    assertThat(r.header("request-id")).isEqualTo(r.header("x-request-id")).startsWith("req_");

    var got = t.mock.lastReceived();
    assertThat(got.headers().get("authorization")).isEqualTo("Bearer test-key");
    assertThat(got.headers()).doesNotContainKeys("x-api-key", "anthropic-version", "anthropic-beta");
    assertThat(got.body()).doesNotContain("sk-ant-client");
  }

  @Test
  void sendsSystemSamplingStopSequencesAndUserUpstream() {
    t.http.post("/v1/messages", messages("alpha", "hello", "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\","
        + "\"cache_control\":{\"type\":\"ephemeral\"}}]", "\"temperature\":0.3", "\"top_p\":0.8",
        "\"stop_sequences\":[\"END\"]", "\"metadata\":{\"user_id\":\"u-9\"}"));

    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be brief.");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("hello");
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(256);
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(sent.path("top_p").asDouble()).isEqualTo(0.8);
    assertThat(sent.at("/stop/0").asText()).isEqualTo("END");
    assertThat(sent.path("user").asText()).isEqualTo("u-9");
  }

  @Test
  void streamsTheDocumentedEventSequence() {
    Http.Stream s = t.http.stream("/v1/messages", messages("alpha", "Tell me a story", "\"stream\":true"));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("content-type")).startsWith("text/event-stream");
    List<String> types = s.events().stream().map(Http.Stream.Event::type).toList();
    assertThat(types.subList(0, 3)).containsExactly("message_start", "ping", "content_block_start");
    assertThat(types.subList(types.size() - 3, types.size()))
        .containsExactly("content_block_stop", "message_delta", "message_stop");
    assertThat(types.subList(3, types.size() - 3)).containsOnly("content_block_delta");
    s.events().forEach(e -> assertThat(e.json().path("type").asText()).isEqualTo(e.type()));

    JsonNode start = s.events().get(0).json().path("message");
    assertThat(start.path("model").asText()).isEqualTo("alpha");
    assertThat(start.path("content")).isEmpty();
    StringBuilder text = new StringBuilder();
    s.events().stream().filter(e -> e.type().equals("content_block_delta"))
        .forEach(e -> text.append(e.json().at("/delta/text").asText()));
    assertThat(text.toString()).startsWith("[simulated alpha] About \"Tell me a story\"");
    JsonNode delta = s.events().get(types.size() - 2).json();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(delta.at("/delta").has("stop_sequence")).isTrue();
    assertThat(delta.at("/usage/output_tokens").asInt()).isPositive();
    assertThat(delta.at("/usage/input_tokens").asInt()).isPositive();
  }

  @Test
  void returnsTwoParallelToolUsesPlainAndStreamed() {
    String body = messages("alpha", "Use get_weather and get_time for Paris", "\"tools\":[" + WEATHER + "," + TIME + "]");
    Http.Response r = t.http.post("/v1/messages", body);

    JsonNode m = r.json();
    assertThat(m.path("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(m.path("content")).hasSize(2);
    assertThat(m.at("/content/0/type").asText()).isEqualTo("tool_use");
    assertThat(m.at("/content/0/name").asText()).isEqualTo("get_weather");
    assertThat(m.at("/content/0/input")).isEqualTo(parse("{\"city\":\"Paris\"}"));
    assertThat(m.at("/content/1/name").asText()).isEqualTo("get_time");
    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(sent.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("city");

    Http.Stream s = t.http.stream("/v1/messages", body.replace("{\"model\"", "{\"stream\":true,\"model\""));
    List<String> starts = new ArrayList<>();
    StringBuilder[] json = {new StringBuilder(), new StringBuilder()};
    for (Http.Stream.Event e : s.events()) {
      JsonNode d = e.json();
      if (e.type().equals("content_block_start")) {
        starts.add(d.path("index").asInt() + ":" + d.at("/content_block/type").asText() + ":"
            + d.at("/content_block/name").asText());
        assertThat(d.at("/content_block/input")).isEqualTo(parse("{}"));
      } else if (e.type().equals("content_block_delta")) {
        assertThat(d.at("/delta/type").asText()).isEqualTo("input_json_delta");
        json[d.path("index").asInt()].append(d.at("/delta/partial_json").asText());
      }
    }
    assertThat(starts).containsExactly("0:tool_use:get_weather", "1:tool_use:get_time");
    assertThat(parse(json[0].toString())).isEqualTo(parse("{\"city\":\"Paris\"}"));
    assertThat(parse(json[1].toString())).isEqualTo(parse("{\"zone\":\"Paris\"}"));
    JsonNode delta = s.events().get(s.events().size() - 2).json();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void completesAToolResultRoundTrip() {
    String body = "{\"model\":\"alpha\",\"max_tokens\":256,\"tools\":[" + WEATHER + "],\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Use get_weather for Paris\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me check.\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"18C and sunny\"}]}]}]}";
    Http.Response r = t.http.post("/v1/messages", body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/content/0/text").asText()).contains("The tool returned: 18C and sunny");
    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.at("/messages/1/role").asText()).isEqualTo("assistant");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Let me check.");
    assertThat(sent.at("/messages/1/tool_calls/0/id").asText()).isEqualTo("toolu_01");
    assertThat(parse(sent.at("/messages/1/tool_calls/0/function/arguments").asText()))
        .isEqualTo(parse("{\"city\":\"Paris\"}"));
    assertThat(sent.at("/messages/2/role").asText()).isEqualTo("tool");
    assertThat(sent.at("/messages/2/tool_call_id").asText()).isEqualTo("toolu_01");
    assertThat(sent.at("/messages/2/content").asText()).isEqualTo("18C and sunny");
  }

  @Test
  void passesBase64ImagesAsDataUrls() {
    String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    String body = "{\"model\":\"alpha\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + png + "\"}},"
        + "{\"type\":\"text\",\"text\":\"What is this?\"}]}]}";
    Http.Response r = t.http.post("/v1/messages", body);

    assertThat(r.json().at("/content/0/text").asText()).contains("1 image(s): image/png");
    assertThat(parse(t.mock.lastReceived().body()).at("/messages/0/content/0/image_url/url").asText())
        .isEqualTo("data:image/png;base64," + png);
  }

  @Test
  void forcesANamedToolTheAnthropicWayToGetJson() {
    String record = "{\"name\":\"record_city\",\"input_schema\":{\"type\":\"object\",\"properties\":"
        + "{\"name\":{\"type\":\"string\"},\"population\":{\"type\":\"integer\"}},\"required\":[\"name\",\"population\"]}}";
    Http.Response r = t.http.post("/v1/messages", messages("alpha", "Describe Lisbon",
        "\"tools\":[" + record + "]", "\"tool_choice\":{\"type\":\"tool\",\"name\":\"record_city\"}"));

    assertThat(r.json().path("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(r.json().at("/content/0/input")).isEqualTo(parse("{\"name\":\"Lisbon\",\"population\":42}"));
    assertThat(parse(t.mock.lastReceived().body()).path("tool_choice"))
        .isEqualTo(parse("{\"type\":\"function\",\"function\":{\"name\":\"record_city\"}}"));
  }

  @Test
  void asksForStructuredOutputWhenTheClientGivesAnOutputFormat() {
    String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}";
    Http.Response ga = t.http.post("/v1/messages", messages("alpha", "Describe Lisbon",
        "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":" + schema + "}}"));
    JsonNode sent = parse(t.mock.lastReceived().body());
    Http.Response beta = t.http.post("/v1/messages", messages("alpha", "Describe Lisbon",
        "\"output_format\":{\"type\":\"json_schema\",\"schema\":" + schema + "}"));

    assertThat(ga.status()).as(ga.body()).isEqualTo(200);
    assertThat(ga.json().at("/content/0/type").asText()).isEqualTo("text");
    assertThat(parse(ga.json().at("/content/0/text").asText())).isEqualTo(parse("{\"name\":\"Lisbon\"}"));
    assertThat(ga.json().path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(sent.at("/response_format/json_schema/schema")).isEqualTo(parse(schema));
    assertThat(beta.json().at("/content/0/text").asText()).isEqualTo(ga.json().at("/content/0/text").asText());
  }

  @Test
  void stopsAtAStopSequence() {
    Http.Response r = t.http.post("/v1/messages", messages("alpha", "hello", "\"stop_sequences\":[\"alpha]\"]"));

    assertThat(r.json().at("/content/0/text").asText()).isEqualTo("[simulated ");
    // OpenAI-protocol providers do not say whether a stop sequence or the model ended the answer.
    assertThat(r.json().path("stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void reportsMaxTokensWhenTheLimitCutsTheAnswer() {
    Http.Response r = t.http.post("/v1/messages", messages("alpha", "hello").replace("256", "3"));

    assertThat(r.json().path("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(r.json().at("/usage/output_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void fallsBackOnOverloadAndAnswersInAnthropicsFormatWhenAllFail() {
    t.mock.behave("alpha", MockBehaviour.DEFAULT.withErrors(1.0, 503));

    Http.Response fell = t.http.post("/v1/messages", messages("alpha", "hi"));
    assertThat(fell.status()).isEqualTo(200);
    assertThat(fell.json().path("model").asText()).isEqualTo("beta");
    assertThat(fell.header("x-fairway-attempts")).isEqualTo("2");

    t.mock.behave("beta", MockBehaviour.DEFAULT.withErrors(1.0, 503));
    Http.Response overloaded = t.http.post("/v1/messages", messages("alpha", "hi"));
    assertThat(overloaded.status()).isEqualTo(529);
    assertThat(overloaded.json().path("type").asText()).isEqualTo("error");
    assertThat(overloaded.json().at("/error/type").asText()).isEqualTo("overloaded_error");
    assertThat(overloaded.json().path("request_id").asText()).startsWith("req_");
  }

  @Test
  void keepsRetryAfterOnRateLimits() {
    t.mock.behave("alpha", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(9));
    t.mock.behave("beta", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(9));

    Http.Response r = t.http.post("/v1/messages", messages("alpha", "hi"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("retry-after")).isEqualTo("9");
    assertThat(r.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void endsABrokenStreamWithAnErrorEvent() {
    t.mock.behave("alpha", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.TRUNCATE));

    Http.Stream s = t.http.stream("/v1/messages", messages("alpha", "tell me more", "\"stream\":true"));

    assertThat(s.status()).isEqualTo(200);
    Http.Stream.Event last = s.events().get(s.events().size() - 1);
    assertThat(last.type()).isEqualTo("error");
    assertThat(last.json().path("type").asText()).isEqualTo("error");
    assertThat(last.json().at("/error/type").asText()).isEqualTo("api_error");
    assertThat(s.events()).noneMatch(e -> "message_stop".equals(e.type()));
  }

  @Test
  void countsTokensForServedModelsOnly() {
    Http.Response short1 = t.http.post("/v1/messages/count_tokens",
        "{\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world\"}]}");
    Http.Response withTools = t.http.post("/v1/messages/count_tokens", "{\"model\":\"alpha\",\"system\":\"You are a"
        + " scientist\",\"tools\":[" + WEATHER + "],\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world\"}]}");
    Http.Response unknown = t.http.post("/v1/messages/count_tokens",
        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

    assertThat(short1.status()).as(short1.body()).isEqualTo(200);
    // "Hello, world" is 3 tokens, plus the message's framing
    assertThat(short1.json().path("input_tokens").asLong()).isEqualTo(3 + PromptTokens.PER_MESSAGE);
    assertThat(withTools.json().path("input_tokens").asLong()).isGreaterThan(PromptTokens.TOOL_SYSTEM_PROMPT + 10);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().at("/error/type").asText()).isEqualTo("not_found_error");
    assertThat(t.mock.received()).isEmpty();
  }

  static JsonNode parse(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(s, e);
    }
  }
}
