package dev.fairway.ingress.openai;

import static dev.fairway.testing.Http.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible API end to end: client → gateway → mock provider, over real HTTP. */
class ChatCompletionsTest {
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.withModels("alpha", "beta");
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void answersAChatCompletionWithTheModelThatAnsweredAndItsCost() {
    Http.Response r = t.http.post("/v1/chat/completions", chat("alpha", "What is 2 + 3?"));

    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("model").asText()).isEqualTo("alpha");
    assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/choices/0/message/content").asText()).startsWith("[simulated alpha]");
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    long in = body.at("/usage/prompt_tokens").asLong();
    long out = body.at("/usage/completion_tokens").asLong();
    assertThat(in).isPositive();
    assertThat(out).isPositive();
    assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(in + out);
    assertThat(r.header("x-fairway-model")).isEqualTo("alpha");
    assertThat(r.header("x-fairway-provider")).isEqualTo("mock");
    assertThat(r.header("x-fairway-attempts")).isEqualTo("1");
    // prices are $1/M input and $2/M output
    assertThat(new java.math.BigDecimal(r.header("x-fairway-cost-usd")))
        .isEqualByComparingTo(java.math.BigDecimal.valueOf(in * 1 + out * 2).movePointLeft(6));
    assertThat(r.header("x-request-id")).startsWith("req_");
  }

  @Test
  void sendsTheProviderKeyAndTheCanonicalRequestUpstream() {
    t.mock.clearReceived();
    t.http.post("/v1/chat/completions", chat("beta", "hello", "\"temperature\":0.2", "\"top_p\":0.9",
        "\"max_tokens\":50", "\"stop\":[\"END\"]", "\"seed\":7", "\"user\":\"u-1\""));

    var got = t.mock.lastReceived();
    assertThat(got.uri()).isEqualTo("/v1/chat/completions");
    assertThat(got.headers().get("authorization")).isEqualTo("Bearer test-key");
    JsonNode body = parse(got.body());
    assertThat(body.path("model").asText()).isEqualTo("beta");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
    assertThat(body.path("stop").get(0).asText()).isEqualTo("END");
    assertThat(body.path("seed").asLong()).isEqualTo(7);
    assertThat(body.path("user").asText()).isEqualTo("u-1");
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void streamsChunksThenUsageThenDone() {
    Http.Stream s = t.http.stream("/v1/chat/completions",
        chat("alpha", "Tell me a story", "\"stream\":true", "\"stream_options\":{\"include_usage\":true}"));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("content-type")).startsWith("text/event-stream");
    assertThat(s.header("x-fairway-model")).isEqualTo("alpha");
    List<String> data = s.data();
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    JsonNode first = s.events().get(0).json();
    assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
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
    assertThat(text.toString()).startsWith("[simulated alpha] About \"Tell me a story\"");
    assertThat(finish).isEqualTo("stop");
    assertThat(usage).isNotNull();
    assertThat(usage.path("completion_tokens").asInt()).isPositive();
  }

  @Test
  void streamOmitsUsageChunkUnlessAskedFor() {
    Http.Stream s = t.http.stream("/v1/chat/completions", chat("alpha", "hi", "\"stream\":true"));

    assertThat(s.events()).allSatisfy(e -> {
      if (!e.data().equals("[DONE]")) {
        assertThat(e.json().path("choices").size()).isEqualTo(1);
      }
    });
  }

  @Test
  void returnsToolCallsAndStreamsTheirArguments() {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
        + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
    Http.Response r = t.http.post("/v1/chat/completions", chat("alpha", "Use get_weather for Paris", tools));

    JsonNode msg = r.json().at("/choices/0/message");
    assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(msg.path("content").isNull()).isTrue();
    assertThat(msg.at("/tool_calls/0/type").asText()).isEqualTo("function");
    assertThat(msg.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(msg.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");

    Http.Stream s = t.http.stream("/v1/chat/completions",
        chat("alpha", "Use get_weather for Paris", tools, "\"stream\":true"));
    StringBuilder args = new StringBuilder();
    String name = null;
    for (Http.Stream.Event e : s.events()) {
      if (e.data().equals("[DONE]")) {
        continue;
      }
      JsonNode calls = e.json().at("/choices/0/delta/tool_calls");
      if (calls.isArray()) {
        assertThat(calls.get(0).path("index").asInt()).isZero();
        if (calls.get(0).has("id")) {
          name = calls.get(0).at("/function/name").asText();
        }
        args.append(calls.get(0).at("/function/arguments").asText(""));
      }
    }
    assertThat(name).isEqualTo("get_weather");
    assertThat(args.toString()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void completesAToolRoundTrip() {
    String body = "{\"model\":\"alpha\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Use get_weather for Paris\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18C and sunny\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).contains("The tool returned: 18C and sunny");
    JsonNode upstream = parse(t.mock.lastReceived().body());
    assertThat(upstream.at("/messages/1/tool_calls/0/id").asText()).isEqualTo("call_1");
    assertThat(upstream.at("/messages/2/role").asText()).isEqualTo("tool");
    assertThat(upstream.at("/messages/2/tool_call_id").asText()).isEqualTo("call_1");
  }

  @Test
  void honoursJsonModeAndStopSequencesAndTokenLimits() {
    Http.Response json = t.http.post("/v1/chat/completions",
        chat("alpha", "Give me JSON", "\"response_format\":{\"type\":\"json_object\"}"));
    assertThat(parse(json.json().at("/choices/0/message/content").asText()).isObject()).isTrue();

    Http.Response stopped = t.http.post("/v1/chat/completions", chat("alpha", "hello", "\"stop\":\"alpha]\""));
    assertThat(stopped.json().at("/choices/0/message/content").asText()).isEqualTo("[simulated ");
    assertThat(stopped.json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");

    Http.Response cut = t.http.post("/v1/chat/completions", chat("alpha", "hello", "\"max_completion_tokens\":3"));
    assertThat(cut.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(cut.json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void passesImagesAsDataUrls() {
    String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    String body = "{\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
        + "\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + png + "\"}}]}]}";
    Http.Response r = t.http.post("/v1/chat/completions", body);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/choices/0/message/content").asText()).contains("1 image(s): image/png");
    JsonNode upstream = parse(t.mock.lastReceived().body());
    assertThat(upstream.at("/messages/0/content/1/image_url/url").asText()).isEqualTo("data:image/png;base64," + png);
  }

  @Test
  void listsServedModelsThenRoutersAndAnswersHealthChecks() {
    Http.Response models = t.http.get("/v1/models");
    assertThat(models.json().path("object").asText()).isEqualTo("list");
    assertThat(models.json().path("data")).extracting(n -> n.path("id").asText())
        .containsExactly("alpha", "beta", "auto", "auto:quality", "auto:balanced", "auto:cost");
    assertThat(models.json().at("/data/0/owned_by").asText()).isEqualTo("test");
    assertThat(t.http.get("/v1/models/beta").json().path("id").asText()).isEqualTo("beta");
    assertThat(t.http.get("/v1/models/nope").status()).isEqualTo(404);
    assertThat(t.http.get("/healthz").json().path("status").asText()).isEqualTo("ok");
  }

  static JsonNode parse(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(s, e);
    }
  }
}
