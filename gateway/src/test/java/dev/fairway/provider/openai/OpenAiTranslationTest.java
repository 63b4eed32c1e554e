package dev.fairway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Role;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.Usage;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.provider.Json;
import dev.fairway.provider.SseParser;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests of the OpenAI translators, on examples from OpenAI's API reference. */
class OpenAiTranslationTest {

  @Test
  void decodesAToolRequestIntoCanonicalForm() {
    ChatRequest r = OpenAiIngress.decode(Buffer.buffer(golden("request-tools.json")));

    assertThat(r.model()).isEqualTo("gpt-4.1");
    assertThat(r.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER);
    assertThat(r.messages().get(1).text()).isEqualTo("What is the weather like in Boston today?");
    assertThat(r.tools()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("get_current_weather");
      assertThat(t.parameters().at("/required/0").asText()).isEqualTo("location");
    });
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.AUTO);
    assertThat(r.stream()).isFalse();
  }

  @Test
  void encodesTheCanonicalRequestForAnOpenAiCompatibleProvider() throws Exception {
    ChatRequest r = OpenAiIngress.decode(Buffer.buffer(golden("request-tools.json")));

    OpenAiWire.ChatCompletionRequest wire =
        OpenAiRequests.toWire(r, "gpt-4.1-2025-04-14", OpenAiRequests.Dialect.OPENAI, "openai");

    JsonNode sent = written(wire);
    assertThat(sent).isEqualTo(tree(golden("request-tools.upstream.json")));
  }

  @Test
  void decodesImagesLimitsAndStreamOptions() {
    ChatRequest r = OpenAiIngress.decode(Buffer.buffer(golden("request-vision.json")));

    ContentPart.Image img = (ContentPart.Image) r.messages().get(0).content().get(1);
    assertThat(img.source()).isInstanceOf(ImageSource.Url.class);
    assertThat(img.detail()).isEqualTo("high");
    assertThat(r.maxTokens()).isEqualTo(300);
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
  }

  @Test
  void namesTheTokenLimitAsEachDialectExpects() {
    ChatRequest r = ChatRequest.builder("m").messages(List.of(dev.fairway.api.Message.user("x"))).maxTokens(10)
        .stream(true).build();

    JsonNode official = Json.SNAKE.valueToTree(OpenAiRequests.toWire(r, "m", OpenAiRequests.Dialect.OPENAI, "p"));
    JsonNode compatible = Json.SNAKE.valueToTree(OpenAiRequests.toWire(r, "m", OpenAiRequests.Dialect.COMPATIBLE, "p"));

    assertThat(official.path("max_completion_tokens").asInt()).isEqualTo(10);
    assertThat(official.has("max_tokens")).isFalse();
    assertThat(compatible.path("max_tokens").asInt()).isEqualTo(10);
    // Fairway always asks for usage upstream so streams are metered even when the client did not ask.
    assertThat(official.at("/stream_options/include_usage").asBoolean()).isTrue();
  }

  @Test
  void decodesAResponseWithCachedAndReasoningTokens() throws Exception {
    OpenAiWire.ChatCompletion w = Json.SNAKE.readValue(golden("response-text.json"), OpenAiWire.ChatCompletion.class);

    ChatResponse r = OpenAiResponses.toCanonical(w, "openai");

    assertThat(r.text()).startsWith("The image shows a wooden boardwalk");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(new Usage(1117, 46, 1024, 0, 12));
  }

  @Test
  void roundTripsAToolCallResponse() throws Exception {
    OpenAiWire.ChatCompletion w = Json.SNAKE.readValue(golden("response-tool-call.json"), OpenAiWire.ChatCompletion.class);

    ChatResponse r = OpenAiResponses.toCanonical(w, "openai");
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).containsExactly(
        new ContentPart.ToolCall("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"));

    JsonNode client = written(OpenAiResponses.toWire(r, "gpt-4o-mini", null));
    assertThat(client).isEqualTo(tree(golden("response-tool-call.client.json")));
  }

  @Test
  void decodesStreamedParallelToolCallsAndUsage() {
    List<StreamEvent> events = decodeStream(golden("stream-tool-call.sse"));

    assertThat(events).containsExactly(
        new StreamEvent.Started("chatcmpl-123", "gpt-4o-mini", 1694268190),
        new StreamEvent.ToolCallStarted(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"),
        new StreamEvent.ToolCallDelta(0, "{\""),
        new StreamEvent.ToolCallDelta(0, "location\": \"Paris\"}"),
        new StreamEvent.ToolCallStarted(1, "call_2", "get_time"),
        new StreamEvent.ToolCallDelta(1, "{}"),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, null),
        new StreamEvent.UsageReported(new Usage(80, 20, 64, 0, 0)));
  }

  @Test
  void encodesCanonicalEventsAsClientChunks() {
    OpenAiStreams.Encoder enc = new OpenAiStreams.Encoder("alpha", true, null);
    List<JsonNode> chunks = new ArrayList<>();
    for (StreamEvent e : decodeStream(golden("stream-tool-call.sse"))) {
      enc.encode(e).forEach(c -> chunks.add(Json.SNAKE.valueToTree(c)));
    }

    assertThat(chunks).hasSize(8);
    assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(chunks.get(1).at("/choices/0/delta/tool_calls/0")).isEqualTo(tree(
        "{\"index\":0,\"id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}"));
    assertThat(chunks.get(2).at("/choices/0/delta/tool_calls/0")).isEqualTo(tree(
        "{\"index\":0,\"function\":{\"arguments\":\"{\\\"\"}}"));
    assertThat(chunks.get(6).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(chunks.get(7).path("choices").size()).isZero();
    assertThat(chunks.get(7).at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(64);
    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.path("id").asText()).isEqualTo("chatcmpl-123");
      assertThat(c.path("model").asText()).isEqualTo("alpha");
      assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
    });
  }

  @Test
  void refusesToSendImagesInToolResultsToChatCompletions() {
    ChatRequest r = ChatRequest.builder("m").messages(List.of(
        new dev.fairway.api.Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("c1", "f", "{}")), null),
        new dev.fairway.api.Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1",
            List.of(new ContentPart.Image(new ImageSource.Base64("image/png", "AAAA"), null)), false)), null))).build();

    assertThatThrownBy(() -> OpenAiRequests.toWire(r, "m", OpenAiRequests.Dialect.OPENAI, "openai"))
        .isInstanceOf(GatewayError.class)
        .hasMessageContaining("images in tool results");
  }

  @Test
  void mapsProviderErrorsAndScrubsKeys() {
    GatewayError ctx = OpenAiErrors.fromUpstream(400, ("{\"error\":{\"message\":\"This model's maximum context length is"
        + " 128000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}")
        .getBytes(StandardCharsets.UTF_8), null, "openai");
    assertThat(ctx.kind()).isEqualTo(dev.fairway.api.ErrorKind.CONTEXT_TOO_LONG);

    GatewayError auth = OpenAiErrors.fromUpstream(401, ("{\"error\":{\"message\":\"Incorrect API key provided:"
        + " sk-proj-abcdef1234567890.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
        .getBytes(StandardCharsets.UTF_8), null, "openai");
    assertThat(auth.kind()).isEqualTo(dev.fairway.api.ErrorKind.UPSTREAM);
    assertThat(auth.getMessage()).doesNotContain("sk-").contains("refused the gateway's credentials");

    GatewayError bad = OpenAiErrors.fromUpstream(400, ("{\"error\":{\"message\":\"bad key sk-abcdefghijkl in header\"}}")
        .getBytes(StandardCharsets.UTF_8), null, "openai");
    assertThat(bad.getMessage()).isEqualTo("bad key [redacted] in header");

    GatewayError html = OpenAiErrors.fromUpstream(502, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8),
        null, "openai");
    assertThat(html.kind()).isEqualTo(dev.fairway.api.ErrorKind.UPSTREAM);
    assertThat(html.retryable()).isTrue();
  }

  static List<StreamEvent> decodeStream(String sse) {
    OpenAiStreams.Decoder d = new OpenAiStreams.Decoder();
    List<StreamEvent> out = new ArrayList<>();
    new SseParser((type, data) -> {
      if (!data.equals("[DONE]")) {
        try {
          out.addAll(d.decode(Json.SNAKE.readValue(data, OpenAiWire.ChatCompletionChunk.class)));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    }, 1 << 20).feed(Buffer.buffer(sse));
    return out;
  }

  static String golden(String name) {
    try (InputStream in = OpenAiTranslationTest.class.getResourceAsStream("/golden/openai/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("missing golden file " + name, e);
    }
  }

  /** What Jackson writes for a wire record, read back (so number types compare by value). */
  static JsonNode written(Object wire) {
    try {
      return tree(Json.SNAKE.writeValueAsString(wire));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return Json.SNAKE.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
