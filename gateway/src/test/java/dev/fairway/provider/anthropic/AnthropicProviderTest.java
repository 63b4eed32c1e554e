package dev.fairway.provider.anthropic;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An OpenAI-protocol client, through Fairway's {@code /v1/chat/completions}, served by Anthropic's
 * Messages API (the mock's Anthropic face) over real HTTP.
 */
class AnthropicProviderTest {
  static TestGateway t;
  static final String TOOLS = "\"tools\":["
      + "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
      + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}},"
      + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\","
      + "\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}}}]";

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          claude: {protocol: anthropic, base_url: "${MOCK}", api_key: sk-ant-test-0123456789}
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: test-key}
        models:
          - {id: sonnet, owner: anthropic, prices: {input: 3, output: 15, cached_input: 0.3, cache_write: 3.75},
             context_window: 200000, capabilities: [tools, vision, json], deployments: [{provider: claude, model: claude-s}]}
          - {id: haiku, owner: anthropic, prices: {input: 1, output: 5}, context_window: 200000,
             capabilities: [tools, vision, json], deployments: [{provider: claude, model: claude-h}]}
          - {id: gpt, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             capabilities: [tools, vision, json], deployments: [{provider: openai, model: gpt-x}]}
        fallbacks:
          sonnet: [haiku]
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @BeforeEach
  void reset() {
    t.mock.behave(MockBehaviour.DEFAULT);
    for (String m : List.of("claude-s", "claude-h", "gpt-x")) {
      t.mock.behave(m, MockBehaviour.DEFAULT);
    }
    t.mock.clearReceived();
    t.resetHealth();
  }

  @Test
  void answersAChatThroughTheMessagesApiWithTheGatewaysCredentials() {
    String body = "{\"model\":\"sonnet\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"What is 2 + 3?\"}]}";
    Http.Response r = t.http.post("/v1/chat/completions", body, "authorization", "Bearer sk-client-secret-123");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("model").asText()).isEqualTo("sonnet");
    assertThat(r.json().at("/choices/0/message/content").asText()).startsWith("[simulated claude-s] The answer is");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(r.json().at("/usage/prompt_tokens").asLong()).isPositive();
    assertThat(r.header("x-fairway-provider")).isEqualTo("claude");

    MockServer.Received got = t.mock.lastReceived();
    assertThat(got.uri()).isEqualTo("/v1/messages");
    assertThat(got.headers().get("x-api-key")).isEqualTo("sk-ant-test-0123456789");
    assertThat(got.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(got.headers()).doesNotContainKey("authorization");
    JsonNode sent = parse(got.body());
    assertThat(sent.path("model").asText()).isEqualTo("claude-s");
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(AnthropicRequests.DEFAULT_MAX_TOKENS);
    assertThat(sent.path("system").asText()).isEqualTo("Be brief.");
    assertThat(sent.path("messages")).hasSize(1);
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("What is 2 + 3?");
    assertThat(sent.has("stream")).isFalse();
  }

  @Test
  void passesSamplingLimitsStopSequencesAndUser() {
    t.http.post("/v1/chat/completions", chat("sonnet", "hello", "\"temperature\":0.5", "\"top_p\":0.9",
        "\"max_tokens\":50", "\"stop\":[\"END\"]", "\"user\":\"u-1\""));

    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
    assertThat(sent.path("stop_sequences").get(0).asText()).isEqualTo("END");
    assertThat(sent.at("/metadata/user_id").asText()).isEqualTo("u-1");
  }

  @Test
  void streamsTextThenFinishThenUsage() {
    Http.Stream s = t.http.stream("/v1/chat/completions",
        chat("sonnet", "Tell me a story", "\"stream\":true", "\"stream_options\":{\"include_usage\":true}"));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    String finish = null;
    JsonNode usage = null;
    for (Http.Stream.Event e : s.events().subList(0, s.events().size() - 1)) {
      JsonNode c = e.json();
      if (c.path("choices").size() > 0) {
        text.append(c.at("/choices/0/delta/content").asText(""));
        if (!c.at("/choices/0/finish_reason").isNull()) {
          finish = c.at("/choices/0/finish_reason").asText();
        }
      } else {
        usage = c.path("usage");
      }
    }
    assertThat(text.toString()).startsWith("[simulated claude-s] About \"Tell me a story\"");
    assertThat(finish).isEqualTo("stop");
    assertThat(usage.path("completion_tokens").asInt()).isPositive();
    assertThat(usage.path("prompt_tokens").asInt()).isPositive();
    assertThat(parse(t.mock.lastReceived().body()).path("stream").asBoolean()).isTrue();
  }

  @Test
  void returnsTwoParallelToolCallsPlainAndStreamed() {
    String prompt = "Use get_weather and get_time for Paris";
    Http.Response r = t.http.post("/v1/chat/completions", chat("sonnet", prompt, TOOLS));

    JsonNode calls = r.json().at("/choices/0/message/tool_calls");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(calls.get(0).at("/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("get_time");
    assertThat(calls.get(0).path("id").asText()).startsWith("toolu_");
    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(sent.at("/tools/0/input_schema/required/0").asText()).isEqualTo("city");

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("sonnet", prompt, TOOLS, "\"stream\":true"));
    List<String> names = new ArrayList<>();
    StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
    String finish = null;
    for (Http.Stream.Event e : s.events()) {
      if (e.data().equals("[DONE]")) {
        continue;
      }
      JsonNode c = e.json();
      for (JsonNode tc : c.at("/choices/0/delta/tool_calls")) {
        if (tc.has("id")) {
          names.add(tc.at("/function/name").asText());
        }
        args[tc.path("index").asInt()].append(tc.at("/function/arguments").asText(""));
      }
      if (c.at("/choices/0/finish_reason").isTextual()) {
        finish = c.at("/choices/0/finish_reason").asText();
      }
    }
    assertThat(names).containsExactly("get_weather", "get_time");
    assertThat(args[0].toString()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(args[1].toString()).isEqualTo("{\"zone\":\"Paris\"}");
    assertThat(finish).isEqualTo("tool_calls");
  }

  @Test
  void sendsAToolResultRoundTripAsToolUseAndToolResultBlocks() {
    String body = "{\"model\":\"sonnet\",\"parallel_tool_calls\":false,\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Use get_weather for Paris\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"toolu_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"18C and sunny\"}]," + TOOLS + "}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).contains("The tool returned: 18C and sunny");
    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.path("messages")).hasSize(3);
    assertThat(sent.at("/messages/1/role").asText()).isEqualTo("assistant");
    assertThat(sent.at("/messages/1/content/0")).isEqualTo(parse(
        "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}"));
    assertThat(sent.at("/messages/2/role").asText()).isEqualTo("user");
    assertThat(sent.at("/messages/2/content/0")).isEqualTo(parse(
        "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"18C and sunny\"}"));
    assertThat(sent.at("/tool_choice")).isEqualTo(parse("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
  }

  @Test
  void sendsImagesAsBase64AndUrlSources() {
    String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    String body = "{\"model\":\"sonnet\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
        + "\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + png + "\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\"}}]}]}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.json().at("/choices/0/message/content").asText()).contains("2 image(s): image/png, url");
    JsonNode content = parse(t.mock.lastReceived().body()).at("/messages/0/content");
    assertThat(content.get(1)).isEqualTo(parse("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
        + "\"media_type\":\"image/png\",\"data\":\"" + png + "\"}}"));
    assertThat(content.get(2)).isEqualTo(parse(
        "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}}"));
  }

  @Test
  void implementsJsonModeAsAForcedToolWhoseInputIsTheAnswer() {
    String schema = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"schema\":"
        + "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"population\":{\"type\":\"integer\"}},"
        + "\"required\":[\"name\",\"population\"]}}}";
    Http.Response r = t.http.post("/v1/chat/completions", chat("sonnet", "Describe Lisbon as JSON", schema));

    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(r.json().at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
    JsonNode answer = parse(r.json().at("/choices/0/message/content").asText());
    assertThat(answer.path("name").asText()).isEqualTo("Lisbon");
    assertThat(answer.path("population").asInt()).isEqualTo(42);
    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.at("/tools/0/name").asText()).isEqualTo(AnthropicRequests.JSON_TOOL);
    assertThat(sent.at("/tool_choice")).isEqualTo(parse("{\"type\":\"tool\",\"name\":\"json_answer\"}"));

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("sonnet", "Describe Lisbon as JSON", schema,
        "\"stream\":true"));
    StringBuilder text = new StringBuilder();
    for (Http.Stream.Event e : s.events()) {
      if (!e.data().equals("[DONE]")) {
        text.append(e.json().at("/choices/0/delta/content").asText(""));
        assertThat(e.json().at("/choices/0/delta/tool_calls").isMissingNode()).isTrue();
      }
    }
    assertThat(parse(text.toString())).isEqualTo(answer);

    Http.Response object = t.http.post("/v1/chat/completions",
        chat("sonnet", "Any JSON please", "\"response_format\":{\"type\":\"json_object\"}"));
    assertThat(parse(object.json().at("/choices/0/message/content").asText()).isObject()).isTrue();
  }

  @Test
  void reportsTheStopSequenceThatEndedTheAnswer() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("sonnet", "hello", "\"stop\":[\"zzz\",\"claude-s]\"]"));

    assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("[simulated ");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void cutsTheAnswerAtTheTokenLimit() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("sonnet", "hello", "\"max_completion_tokens\":3"));

    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(r.json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
    assertThat(parse(t.mock.lastReceived().body()).path("max_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void fallsBackWhenAnthropicIsOverloaded() {
    t.mock.behave("claude-s", MockBehaviour.DEFAULT.withErrors(1.0, 529));

    Http.Response r = t.http.post("/v1/chat/completions", chat("sonnet", "hi"));
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("sonnet", "hi", "\"stream\":true"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-fairway-model")).isEqualTo("haiku");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
    assertThat(s.header("x-fairway-model")).isEqualTo("haiku");
    assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");
  }

  @Test
  void keepsRetryAfterWhenEveryCandidateIsRateLimited() {
    t.mock.behave("claude-s", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(7));
    t.mock.behave("claude-h", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(7));

    Http.Response r = t.http.post("/v1/chat/completions", chat("sonnet", "hi"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("retry-after")).isEqualTo("7");
    assertThat(r.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(r.json().at("/error/message").asText()).contains("rate limit");
  }

  @Test
  void refusesWhatAnthropicCannotHonourBeforeSendingAndFallsBackToAModelThatCan() {
    Http.Response hot = t.http.post("/v1/chat/completions", chat("sonnet", "hi", "\"temperature\":1.5"));
    Http.Response seeded = t.http.post("/v1/chat/completions", chat("sonnet", "hi", "\"seed\":7"));

    assertThat(hot.status()).isEqualTo(400);
    assertThat(hot.json().at("/error/code").asText()).isEqualTo("unsupported_feature");
    assertThat(hot.json().at("/error/param").asText()).isEqualTo("temperature");
    assertThat(seeded.json().at("/error/param").asText()).isEqualTo("seed");
    assertThat(t.mock.received()).isEmpty();

    Http.Response served = t.http.post("/v1/chat/completions",
        chat("sonnet", "hi", "\"temperature\":1.5", "\"models\":[\"gpt\"]"));
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.header("x-fairway-model")).isEqualTo("gpt");
    assertThat(t.mock.received()).extracting(MockServer.Received::uri).containsExactly("/v1/chat/completions");
  }

  @Test
  void survivesTheMocksTransportFaults() {
    t.mock.behave("claude-s", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.RESET));
    Http.Response reset = t.http.post("/v1/chat/completions", chat("sonnet", "hi"));
    assertThat(reset.header("x-fairway-model")).isEqualTo("haiku");

    t.mock.behave("claude-s", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.MALFORMED));
    t.mock.behave("claude-h", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.MALFORMED));
    Http.Response malformed = t.http.post("/v1/chat/completions", chat("sonnet", "hi"));
    assertThat(malformed.status()).isEqualTo(502);
    assertThat(malformed.json().at("/error/code").asText()).isEqualTo("upstream_malformed");

    t.mock.behave("claude-s", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.TRUNCATE));
    Http.Stream cut = t.http.stream("/v1/chat/completions", chat("sonnet", "tell me more", "\"stream\":true"));
    assertThat(cut.header("x-fairway-model")).isEqualTo("sonnet");
    assertThat(cut.events().get(cut.events().size() - 1).json().at("/error/code").asText())
        .isEqualTo("upstream_stream_broken");

    t.mock.behave("claude-s", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.STALL));
    t.mock.behave("claude-h", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.STALL));
    Http.Response stalled = t.http.post("/v1/chat/completions", chat("sonnet", "hi"), "x-fairway-timeout-ms", "300");
    assertThat(stalled.status()).isEqualTo(504);
  }

  @Test
  void neverShowsTheProviderKeyWhenAnthropicRefusesIt() {
    t.mock.behave("claude-s", MockBehaviour.DEFAULT.withErrors(1.0, 401));
    t.mock.behave("claude-h", MockBehaviour.DEFAULT.withErrors(1.0, 401));

    Http.Response r = t.http.post("/v1/chat/completions", chat("sonnet", "hi"));

    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).doesNotContain("sk-ant").contains("refused the gateway's credentials");
  }

  static JsonNode parse(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(s, e);
    }
  }
}
