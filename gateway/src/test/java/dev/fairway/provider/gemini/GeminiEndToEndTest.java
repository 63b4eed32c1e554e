package dev.fairway.provider.gemini;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An OpenAI-protocol client talking to Fairway's {@code /v1/chat/completions}, routed to the Gemini
 * mock over real HTTP: every feature end to end, errors mapped, fallbacks taken.
 */
class GeminiEndToEndTest {
  static TestGateway t;

  static final String WEATHER = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
      + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";
  static final String TIME = "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":"
      + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  @BeforeAll
  static void start() {
    String caps = "owner: google, context_window: 1000000, capabilities: [tools, vision, json]";
    t = TestGateway.start("providers:\n"
        + "  google: {protocol: gemini, base_url: \"${MOCK}\", api_key: test-gemini-key}\n"
        + "  backup: {protocol: openai, base_url: \"${MOCK}/v1\", api_key: test-key}\n"
        + "models:\n"
        + "  - {id: gemini-2.0-flash, prices: {input: 0.1, output: 0.4}, " + caps
        + ", deployments: [{provider: google, model: gemini-2.0-flash}]}\n"
        + "  - {id: gemini-2.5-flash, prices: {input: 0.3, output: 2.5}, " + caps
        + ", deployments: [{provider: google, model: gemini-2.5-flash}]}\n"
        + "  - {id: gemini-3-pro-preview, prices: {input: 2, output: 12}, " + caps
        + ", deployments: [{provider: google, model: gemini-3-pro-preview}]}\n"
        + "  - {id: backup, owner: other, prices: {input: 1, output: 1}, context_window: 100000,"
        + " capabilities: [tools, vision, json], deployments: [{provider: backup, model: backup}]}\n"
        + "fallbacks:\n"
        + "  gemini-2.0-flash: [backup]\n");
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @BeforeEach
  void reset() {
    t.mock.behave("gemini-2.0-flash", MockBehaviour.DEFAULT);
    t.mock.behave("gemini-2.5-flash", MockBehaviour.DEFAULT);
    t.mock.clearReceived();
    t.resetHealth();
  }

  @Test
  void answersAPlainChatWithTheKeyInAHeaderAndSystemMessagesGathered() {
    String body = "{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"What is 2 + 3?\"},{\"role\":\"system\",\"content\":\"No emojis.\"}]}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.path("model").asText()).isEqualTo("gemini-2.0-flash");
    assertThat(j.at("/choices/0/message/content").asText()).startsWith("[simulated gemini-2.0-flash] The answer is");
    assertThat(j.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    long in = j.at("/usage/prompt_tokens").asLong();
    long out = j.at("/usage/completion_tokens").asLong();
    assertThat(in).isPositive();
    assertThat(out).isPositive();
    assertThat(r.header("x-fairway-provider")).isEqualTo("google");

    MockServer.Received got = t.mock.lastReceived();
    assertThat(got.uri()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
    assertThat(got.headers().get("x-goog-api-key")).isEqualTo("test-gemini-key");
    JsonNode sent = parse(got.body());
    assertThat(sent.at("/systemInstruction/parts")).hasSize(2);
    assertThat(sent.at("/contents")).hasSize(1);
    assertThat(sent.at("/contents/0/role").asText()).isEqualTo("user");
  }

  @Test
  void countsThoughtTokensAsReasoningOutputAndPricesThem() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("gemini-2.5-flash", "Explain routing"));

    JsonNode u = r.json().path("usage");
    long in = u.path("prompt_tokens").asLong();
    long out = u.path("completion_tokens").asLong();
    long reasoning = u.at("/completion_tokens_details/reasoning_tokens").asLong();
    assertThat(reasoning).isPositive();
    assertThat(out).isGreaterThan(reasoning); // visible tokens plus thoughts
    assertThat(new BigDecimal(r.header("x-fairway-cost-usd")))
        .isEqualByComparingTo(BigDecimal.valueOf(in * 3 + out * 25).movePointLeft(7));
  }

  @Test
  void streamsTextThenFinishThenUsageThenDone() {
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("gemini-2.0-flash", "Tell me a story",
        "\"stream\":true", "\"stream_options\":{\"include_usage\":true}"));

    assertThat(s.status()).isEqualTo(200);
    assertThat(t.mock.lastReceived().uri()).isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    List<String> data = s.data();
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
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
    assertThat(text.toString()).startsWith("[simulated gemini-2.0-flash] About \"Tell me a story\"");
    assertThat(finish).isEqualTo("stop");
    assertThat(usage.path("completion_tokens").asInt()).isPositive();
  }

  @Test
  void returnsTwoParallelToolCallsWithDistinctIds() {
    Http.Response r = t.http.post("/v1/chat/completions",
        chat("gemini-2.0-flash", "Use get_weather and get_time for Paris", "\"tools\":[" + WEATHER + "," + TIME + "]"));

    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode calls = r.json().at("/choices/0/message/tool_calls");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("get_time");
    assertThat(calls.get(0).at("/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(calls.get(0).path("id").asText()).startsWith("call_").isNotEqualTo(calls.get(1).path("id").asText());
    JsonNode sent = parse(t.mock.lastReceived().body());
    assertThat(sent.at("/tools/0/functionDeclarations/0/parametersJsonSchema/required/0").asText()).isEqualTo("city");
  }

  @Test
  void streamsEachWholeFunctionCallAsOneStartAndOneArgumentsChunk() {
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("gemini-2.0-flash",
        "Use get_weather and get_time for Paris", "\"tools\":[" + WEATHER + "," + TIME + "]", "\"stream\":true"));

    List<JsonNode> calls = new ArrayList<>();
    String finish = null;
    for (Http.Stream.Event e : s.events()) {
      if (e.data().equals("[DONE]")) {
        continue;
      }
      JsonNode tc = e.json().at("/choices/0/delta/tool_calls/0");
      if (!tc.isMissingNode()) {
        calls.add(tc);
      }
      if (e.json().at("/choices/0/finish_reason").isTextual()) {
        finish = e.json().at("/choices/0/finish_reason").asText();
      }
    }
    assertThat(calls).hasSize(4);
    assertThat(calls.get(0).path("index").asInt()).isZero();
    assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(calls.get(1).at("/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(calls.get(2).path("index").asInt()).isEqualTo(1);
    assertThat(calls.get(2).at("/function/name").asText()).isEqualTo("get_time");
    assertThat(finish).isEqualTo("tool_calls");
  }

  @Test
  void completesAParallelToolRoundTripWithFunctionNamesLookedUp() {
    for (String model : List.of("gemini-2.0-flash", "gemini-3-pro-preview")) {
      String body = "{\"model\":\"" + model + "\",\"messages\":["
          + "{\"role\":\"user\",\"content\":\"Use get_weather and get_time for Paris\"},"
          + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
          + "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
          + "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
          + "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"18C and sunny\"},"
          + "{\"role\":\"tool\",\"tool_call_id\":\"call_b\",\"content\":\"noon\"}],"
          + "\"tools\":[" + WEATHER + "," + TIME + "]}";
      Http.Response r = t.http.post("/v1/chat/completions", body);

      assertThat(r.status()).as(model + ": " + r.body()).isEqualTo(200);
      assertThat(r.json().at("/choices/0/message/content").asText())
          .contains("The tool returned: 18C and sunny; noon");
      JsonNode sent = parse(t.mock.lastReceived().body()).path("contents");
      assertThat(sent).hasSize(3);
      assertThat(sent.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
      assertThat(sent.at("/2/parts/1/functionResponse/name").asText()).isEqualTo("get_time");
      assertThat(sent.at("/2/parts/1/functionResponse/response/output").asText()).isEqualTo("noon");
    }
  }

  @Test
  void honoursParallelToolCallsFalseByKeepingTheFirstCall() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("gemini-2.0-flash",
        "Use get_weather and get_time for Paris", "\"tools\":[" + WEATHER + "," + TIME + "]",
        "\"parallel_tool_calls\":false"));

    assertThat(r.json().at("/choices/0/message/tool_calls")).singleElement()
        .satisfies(c -> assertThat(c.at("/function/name").asText()).isEqualTo("get_weather"));
  }

  @Test
  void sendsBase64ImagesInline() {
    String body = "{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + PNG
        + "\"}}]}]}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).contains("1 image(s): image/png");
    JsonNode part = parse(t.mock.lastReceived().body()).at("/contents/0/parts/1/inlineData");
    assertThat(part.path("mimeType").asText()).isEqualTo("image/png");
    assertThat(part.path("data").asText()).isEqualTo(PNG);
  }

  @Test
  void refusesImageUrlsWithAClearErrorInTheClientsProtocol() {
    String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(r.json().at("/error/code").asText()).isEqualTo("unsupported_feature");
    assertThat(r.json().at("/error/message").asText()).contains("does not fetch image URLs");
    assertThat(t.mock.received()).isEmpty();
  }

  @Test
  void honoursJsonModeAndJsonSchema() {
    Http.Response object = t.http.post("/v1/chat/completions",
        chat("gemini-2.0-flash", "Give me JSON", "\"response_format\":{\"type\":\"json_object\"}"));
    assertThat(parse(object.json().at("/choices/0/message/content").asText()).path("simulated").asBoolean()).isTrue();
    assertThat(parse(t.mock.lastReceived().body()).at("/generationConfig/responseMimeType").asText())
        .isEqualTo("application/json");

    Http.Response typed = t.http.post("/v1/chat/completions", chat("gemini-2.0-flash", "Describe Paris",
        "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"strict\":true,\"schema\":"
            + "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"population\":{\"type\":\"integer\"}},"
            + "\"required\":[\"name\",\"population\"],\"additionalProperties\":false}}}"));
    JsonNode answer = parse(typed.json().at("/choices/0/message/content").asText());
    assertThat(answer.path("name").asText()).isEqualTo("Paris");
    assertThat(answer.path("population").isInt()).isTrue();
    assertThat(parse(t.mock.lastReceived().body()).at("/generationConfig/responseJsonSchema/required")).hasSize(2);
  }

  @Test
  void stopsAtAStopSequence() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("gemini-2.0-flash", "hello", "\"stop\":[\"flash]\"]"));

    assertThat(r.json().at("/choices/0/message/content").asText()).isEqualTo("[simulated gemini-2.0-");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(parse(t.mock.lastReceived().body()).at("/generationConfig/stopSequences/0").asText())
        .isEqualTo("flash]");
  }

  @Test
  void stopsAtTheTokenLimit() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("gemini-2.0-flash", "hello",
        "\"max_completion_tokens\":3"));

    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(r.json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
    assertThat(parse(t.mock.lastReceived().body()).at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(3);
  }

  @Test
  void fallsBackWhenGeminiIsRateLimitedOrOverloaded() {
    for (int status : new int[] {429, 503, 500, 504}) {
      t.resetHealth(); // a 429 rests the deployment: the next status would otherwise not reach it
      t.mock.behave("gemini-2.0-flash", MockBehaviour.DEFAULT.withErrors(1.0, status));
      Http.Response r = t.http.post("/v1/chat/completions", chat("gemini-2.0-flash", "hi"));

      assertThat(r.status()).as("after %d", status).isEqualTo(200);
      assertThat(r.header("x-fairway-model")).as("after %d", status).isEqualTo("backup");
      assertThat(r.header("x-fairway-attempts")).isEqualTo("2");
    }
  }

  @Test
  void passesGooglesRetryDelayOnAsRetryAfterWhenNothingElseCanAnswer() {
    t.mock.behave("gemini-2.5-flash", MockBehaviour.DEFAULT.withErrors(1.0, 429).withRetryAfterSeconds(7));

    Http.Response r = t.http.post("/v1/chat/completions", chat("gemini-2.5-flash", "hi"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("retry-after")).isEqualTo("7");
    assertThat(r.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(r.json().at("/error/message").asText()).contains("You exceeded your current quota");
  }

  @Test
  void reportsASafetyBlockAsAContentFilterError() {
    Http.Response prompt = t.http.post("/v1/chat/completions", chat("gemini-2.5-flash", "[mock:block-prompt] tell me"));
    assertThat(prompt.status()).isEqualTo(400);
    assertThat(prompt.json().at("/error/code").asText()).isEqualTo("content_filter");
    assertThat(prompt.json().at("/error/message").asText()).isEqualTo("provider 'google' blocked the prompt (SAFETY)");

    Http.Stream answer = t.http.stream("/v1/chat/completions",
        chat("gemini-2.5-flash", "[mock:block-answer] tell me", "\"stream\":true"));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.raw()).contains("blocked the answer (SAFETY)").contains("content_filter");
  }

  @Test
  void refusesWhatGeminiWouldRejectBeforeSendingAnything() {
    Http.Response penalty = t.http.post("/v1/chat/completions",
        chat("gemini-2.5-flash", "hi", "\"presence_penalty\":2.0"));
    assertThat(penalty.status()).isEqualTo(400);
    assertThat(penalty.json().at("/error/param").asText()).isEqualTo("presence_penalty");

    Http.Response jsonWithTools = t.http.post("/v1/chat/completions", chat("gemini-2.5-flash", "hi",
        "\"tools\":[" + WEATHER + "]", "\"response_format\":{\"type\":\"json_object\"}"));
    assertThat(jsonWithTools.status()).isEqualTo(400);
    assertThat(jsonWithTools.json().at("/error/param").asText()).isEqualTo("response_format");
    assertThat(t.mock.received()).isEmpty();
  }

  @Test
  void fallsBackWhenTheConnectionIsResetBeforeAnAnswer() {
    t.mock.behave("gemini-2.0-flash", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.RESET));

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("gemini-2.0-flash", "hi", "\"stream\":true"));

    assertThat(s.header("x-fairway-model")).isEqualTo("backup");
  }

  @Test
  void endsAStreamCutAfterItsFirstTokenWithAnErrorEvent() {
    t.mock.behave("gemini-2.5-flash", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.TRUNCATE));

    Http.Stream s = t.http.stream("/v1/chat/completions", chat("gemini-2.5-flash", "tell me more", "\"stream\":true"));

    assertThat(s.status()).isEqualTo(200);
    Http.Stream.Event last = s.events().get(s.events().size() - 1);
    assertThat(last.json().at("/error/code").asText()).isIn("upstream_stream_broken", "upstream_stream_truncated");
    assertThat(s.data()).doesNotContain("[DONE]");
  }

  @Test
  void answersAMalformedGeminiBodyAsUpstreamMalformed() {
    t.mock.behave("gemini-2.5-flash", MockBehaviour.DEFAULT.withFault(MockBehaviour.Fault.MALFORMED));

    Http.Response whole = t.http.post("/v1/chat/completions", chat("gemini-2.5-flash", "hi"));
    assertThat(whole.status()).isEqualTo(502);
    assertThat(whole.json().at("/error/code").asText()).isEqualTo("upstream_malformed");

    Http.Stream streamed = t.http.stream("/v1/chat/completions", chat("gemini-2.5-flash", "hi", "\"stream\":true"));
    assertThat(streamed.raw()).contains("upstream_malformed");
  }

  @Test
  void showsThoughtSummariesWhenReasoningIsAskedFor() {
    Http.Response r = t.http.post("/v1/chat/completions",
        chat("gemini-2.5-flash", "Explain routing", "\"reasoning_effort\":\"low\""));

    assertThat(r.json().at("/choices/0/message/reasoning_content").asText()).startsWith("**Considering the request**");
    assertThat(r.json().at("/choices/0/message/content").asText()).startsWith("[simulated gemini-2.5-flash]");
    assertThat(parse(t.mock.lastReceived().body()).at("/generationConfig/thinkingConfig/thinkingBudget").asInt())
        .isEqualTo(1024);
  }

  static JsonNode parse(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(s, e);
    }
  }
}
