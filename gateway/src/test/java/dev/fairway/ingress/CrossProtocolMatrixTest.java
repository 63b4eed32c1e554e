package dev.fairway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any client protocol to any provider: {OpenAI, Anthropic} ingress × {OpenAI, Anthropic, Bedrock,
 * Gemini} provider × {plain, streamed, tool call, image}, over real HTTP against the protocol mocks,
 * asserting the decoded answer and its usage.
 */
class CrossProtocolMatrixTest {
  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
      + "\"required\":[\"city\"]}";
  static TestGateway t;

  enum Ingress { OPENAI, ANTHROPIC }

  /** A provider protocol: the catalog model routed to it and the model's name at the mock. */
  enum Provider {
    OPENAI("via-openai", "gpt-x"),
    ANTHROPIC("via-anthropic", "claude-x"),
    BEDROCK("via-bedrock", "amazon.nova-pro-v1:0"),
    GEMINI("via-gemini", "gemini-2.0-flash");

    final String model;
    final String upstream;

    Provider(String model, String upstream) {
      this.model = model;
      this.upstream = upstream;
    }
  }

  enum Scenario { PLAIN, STREAMED, TOOL_CALL, IMAGE }

  @BeforeAll
  static void start() {
    StringBuilder y = new StringBuilder("""
        providers:
          p-openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: k}
          p-anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: k}
          p-bedrock: {protocol: bedrock, region: us-east-1, base_url: "${MOCK}",
                      aws_access_key_id: AKIDMATRIXTEST, aws_secret_access_key: matrix-secret}
          p-gemini: {protocol: gemini, base_url: "${MOCK}", api_key: k}
        models:
        """);
    for (Provider p : Provider.values()) {
      y.append("  - {id: ").append(p.model).append(", owner: o, prices: {input: 1, output: 2}, context_window: 100000,")
          .append(" capabilities: [tools, vision, json], deployments: [{provider: p-")
          .append(p.name().toLowerCase()).append(", model: \"").append(p.upstream).append("\"}]}\n");
    }
    t = TestGateway.start(y.toString());
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @BeforeEach
  void reset() {
    t.resetHealth();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> all = new ArrayList<>();
    for (Ingress i : Ingress.values()) {
      for (Provider p : Provider.values()) {
        for (Scenario s : Scenario.values()) {
          all.add(Arguments.of(i, p, s));
        }
      }
    }
    return all.stream();
  }

  /** What the client decoded, whatever its protocol. */
  record Answer(String text, String toolName, String toolArguments, long inputTokens, long outputTokens, String model) {}

  @ParameterizedTest(name = "{0} client → {1} provider, {2}")
  @MethodSource("matrix")
  void translatesBothWays(Ingress ingress, Provider provider, Scenario scenario) {
    Answer a = ingress == Ingress.OPENAI ? viaOpenAi(provider, scenario) : viaAnthropic(provider, scenario);

    assertThat(a.model()).isEqualTo(provider.model);
    assertThat(a.inputTokens()).as("input tokens").isPositive();
    assertThat(a.outputTokens()).as("output tokens").isPositive();
    switch (scenario) {
      case PLAIN, STREAMED -> assertThat(a.text()).isEqualTo("[simulated " + provider.upstream + "] The answer is 42.");
      case TOOL_CALL -> {
        assertThat(a.toolName()).isEqualTo("get_weather");
        assertThat(Http.JSON.valueToTree(parse(a.toolArguments())).toString()).isEqualTo("{\"city\":\"Paris\"}");
      }
      case IMAGE -> assertThat(a.text()).startsWith("[simulated " + provider.upstream + "]")
          .endsWith("I see 1 image(s): image/png.");
    }
  }

  private static Answer viaOpenAi(Provider p, Scenario s) {
    String content = switch (s) {
      case IMAGE -> "[{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":"
          + "{\"url\":\"data:image/png;base64," + PNG + "\"}}]";
      case TOOL_CALL -> "\"Use get_weather for Paris\"";
      default -> "\"What is 6 * 7?\"";
    };
    String tools = s == Scenario.TOOL_CALL
        ? ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":" + WEATHER_SCHEMA + "}}]"
        : "";
    String body = "{\"model\":\"" + p.model + "\",\"max_tokens\":300,\"messages\":[{\"role\":\"user\",\"content\":"
        + content + "}]" + tools;
    if (s != Scenario.STREAMED) {
      Http.Response r = t.http.post("/v1/chat/completions", body + "}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode j = r.json();
      JsonNode msg = j.at("/choices/0/message");
      return new Answer(msg.path("content").asText(null), msg.at("/tool_calls/0/function/name").asText(null),
          msg.at("/tool_calls/0/function/arguments").asText(null), j.at("/usage/prompt_tokens").asLong(),
          j.at("/usage/completion_tokens").asLong(), j.path("model").asText());
    }
    Http.Stream st = t.http.stream("/v1/chat/completions",
        body + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    assertThat(st.status()).as(st.raw()).isEqualTo(200);
    StringBuilder text = new StringBuilder();
    long in = 0;
    long out = 0;
    String model = null;
    for (Http.Stream.Event e : st.events()) {
      if (e.data().equals("[DONE]")) {
        continue;
      }
      JsonNode c = e.json();
      assertThat(c.has("error")).as(e.data()).isFalse();
      model = c.path("model").asText();
      text.append(c.at("/choices/0/delta/content").asText(""));
      if (c.path("usage").isObject()) {
        in = c.at("/usage/prompt_tokens").asLong();
        out = c.at("/usage/completion_tokens").asLong();
      }
    }
    assertThat(st.data().get(st.data().size() - 1)).isEqualTo("[DONE]");
    return new Answer(text.toString(), null, null, in, out, model);
  }

  private static Answer viaAnthropic(Provider p, Scenario s) {
    String content = switch (s) {
      case IMAGE -> "[{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image\",\"source\":{\"type\":"
          + "\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG + "\"}}]";
      case TOOL_CALL -> "\"Use get_weather for Paris\"";
      default -> "\"What is 6 * 7?\"";
    };
    String tools = s == Scenario.TOOL_CALL
        ? ",\"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather in a city\",\"input_schema\":"
            + WEATHER_SCHEMA + "}]"
        : "";
    String body = "{\"model\":\"" + p.model + "\",\"max_tokens\":300,\"messages\":[{\"role\":\"user\",\"content\":"
        + content + "}]" + tools;
    if (s != Scenario.STREAMED) {
      Http.Response r = t.http.post("/v1/messages", body + "}", "anthropic-version", "2023-06-01");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode j = r.json();
      String text = null;
      String tool = null;
      String args = null;
      for (JsonNode block : j.path("content")) {
        if (block.path("type").asText().equals("text")) {
          text = block.path("text").asText();
        } else if (block.path("type").asText().equals("tool_use")) {
          tool = block.path("name").asText();
          args = block.path("input").toString();
        }
      }
      return new Answer(text, tool, args, j.at("/usage/input_tokens").asLong(), j.at("/usage/output_tokens").asLong(),
          j.path("model").asText());
    }
    Http.Stream st = t.http.stream("/v1/messages", body + ",\"stream\":true}", "anthropic-version", "2023-06-01");
    assertThat(st.status()).as(st.raw()).isEqualTo(200);
    StringBuilder text = new StringBuilder();
    long in = 0;
    long out = 0;
    String model = null;
    for (Http.Stream.Event e : st.events()) {
      JsonNode ev = e.json();
      assertThat(e.type()).as(e.data()).isNotEqualTo("error");
      switch (ev.path("type").asText()) {
        case "message_start" -> {
          model = ev.at("/message/model").asText();
          in = ev.at("/message/usage/input_tokens").asLong();
        }
        case "content_block_delta" -> text.append(ev.at("/delta/text").asText(""));
        case "message_delta" -> {
          out = ev.at("/usage/output_tokens").asLong();
          if (ev.at("/usage/input_tokens").asLong() > 0) {
            in = ev.at("/usage/input_tokens").asLong();
          }
        }
        default -> { }
      }
    }
    assertThat(st.events().get(st.events().size() - 1).type()).isEqualTo("message_stop");
    return new Answer(text.toString(), null, null, in, out, model);
  }

  static JsonNode parse(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
