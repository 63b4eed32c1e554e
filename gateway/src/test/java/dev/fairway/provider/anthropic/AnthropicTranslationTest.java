package dev.fairway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.Role;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.Usage;
import dev.fairway.ingress.anthropic.AnthropicIngress;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.provider.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Golden tests of the Anthropic translators, on examples from Anthropic's API reference. */
class AnthropicTranslationTest {

  // ------------------------------------------------------------------ requests

  @Test
  void decodesAToolRoundTripIntoCanonicalForm() {
    ChatRequest r = AnthropicIngress.decode(Buffer.buffer(golden("request-tools.json")), false);

    assertThat(r.model()).isEqualTo("claude-opus-4-1-20250805");
    assertThat(r.maxTokens()).isEqualTo(1024);
    assertThat(r.messages()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
    assertThat(r.messages().get(1).toolCalls()).containsExactly(new ContentPart.ToolCall("toolu_01A09q90qw90lq917835lq9",
        "get_weather", "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
    assertThat(r.messages().get(2).content()).containsExactly(new ContentPart.ToolResult("toolu_01A09q90qw90lq917835lq9",
        List.of(ContentPart.text("15 degrees")), false));
    assertThat(r.tools()).singleElement().satisfies(t -> assertThat(t.parameters().at("/required/0").asText())
        .isEqualTo("location"));
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.AUTO);
    assertThat(r.parallelToolCalls()).isFalse();
  }

  @Test
  void sendsAnAnthropicClientsRequestUpstreamUnchanged() {
    ChatRequest r = AnthropicIngress.decode(Buffer.buffer(golden("request-tools.json")), false);

    JsonNode sent = written(AnthropicRequests.toWire(r, "claude-opus-4-1-20250805", "anthropic"));

    assertThat(sent).isEqualTo(tree(golden("request-tools.upstream.json")));
  }

  @Test
  void encodesAnOpenAiClientsToolRequestForAnthropic() {
    ChatRequest r = OpenAiIngress.decode(Buffer.buffer(goldenOf("openai", "request-tools.json")));

    JsonNode sent = written(AnthropicRequests.toWire(r, "claude-sonnet-4-5-20250929", "anthropic"));

    assertThat(sent).isEqualTo(tree(golden("request-openai-tools.upstream.json")));
  }

  @Test
  void decodesImagesSystemBlocksSamplingThinkingAndStreaming() {
    ChatRequest r = AnthropicIngress.decode(Buffer.buffer(golden("request-vision.json")), false);

    assertThat(r.messages().get(0)).isEqualTo(new Message(Role.SYSTEM, List.of(
        ContentPart.text("You are an AI assistant tasked with analyzing images."),
        ContentPart.text("Answer in one sentence.")), null));
    List<ContentPart> user = r.messages().get(1).content();
    assertThat(user.get(0)).isEqualTo(new ContentPart.Image(new ImageSource.Base64("image/jpeg", "/9j/4AAQSkZJRg=="), null));
    assertThat(((ContentPart.Image) user.get(1)).source()).isInstanceOf(ImageSource.Url.class);
    assertThat(r.messages().get(2).content()).startsWith(
        new ContentPart.Reasoning("Two images: a photo and an ant.", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
        new ContentPart.Reasoning(null, "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"));
    assertThat(r.temperature()).isEqualTo(0.2);
    assertThat(r.topK()).isEqualTo(40);
    assertThat(r.stop()).containsExactly("\n\nHuman:");
    assertThat(r.user()).isEqualTo("13803d75-b4b5-4c3e-b2a2-6f21399b021b");
    assertThat(r.reasoningEffort()).isEqualTo("medium");
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
  }

  @Test
  void sendsImagesThinkingAndPrefillBackToAnthropic() {
    ChatRequest r = AnthropicIngress.decode(Buffer.buffer(golden("request-vision.json")), false);
    ChatRequest noSampling = r.toBuilder().temperature(null).topK(null).build(); // extended thinking forbids them

    JsonNode sent = written(AnthropicRequests.toWire(noSampling, "claude-sonnet-4-5-20250929", "anthropic"));

    assertThat(sent.path("system")).isEqualTo(tree("[{\"type\":\"text\",\"text\":\"You are an AI assistant tasked with"
        + " analyzing images.\"},{\"type\":\"text\",\"text\":\"Answer in one sentence.\"}]"));
    assertThat(sent.at("/messages/0/content/0/source")).isEqualTo(tree(
        "{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\"/9j/4AAQSkZJRg==\"}"));
    assertThat(sent.at("/messages/0/content/1/source/type").asText()).isEqualTo("url");
    assertThat(sent.at("/messages/1/content/0/type").asText()).isEqualTo("thinking");
    assertThat(sent.at("/messages/1/content/0/signature").asText()).startsWith("EqQB");
    assertThat(sent.at("/messages/1/content/1")).isEqualTo(tree("{\"type\":\"redacted_thinking\",\"data\":"
        + "\"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP\"}"));
    assertThat(sent.at("/messages/1/content/2/text").asText()).isEqualTo("The first image is");
    assertThat(sent.path("thinking")).isEqualTo(tree("{\"type\":\"enabled\",\"budget_tokens\":8192}"));
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(16000);
    assertThat(sent.path("stream").asBoolean()).isTrue();
  }

  @Test
  void gathersSystemMessagesFromAnywhereAndMergesTurnsOfOneRole() {
    ChatRequest r = ChatRequest.builder("m").messages(List.of(
        Message.system("First rule."),
        Message.user("Hi"),
        Message.user("Are you there?"),
        Message.system("Second rule."),
        new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("c1", "f", "{}"),
            new ContentPart.ToolCall("c2", "g", "{\"x\":1}")), null),
        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1", List.of(ContentPart.text("one")), false)), null),
        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c2", List.of(
            new ContentPart.Image(new ImageSource.Base64("image/png", "AAAA"), null)), true)), null),
        Message.user("Thanks"))).build();

    JsonNode sent = written(AnthropicRequests.toWire(r, "claude", "anthropic"));

    assertThat(sent.path("system")).isEqualTo(tree(
        "[{\"type\":\"text\",\"text\":\"First rule.\"},{\"type\":\"text\",\"text\":\"Second rule.\"}]"));
    assertThat(sent.path("messages")).isEqualTo(tree("""
        [{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Are you there?"}]},
         {"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{}},
                                        {"type":"tool_use","id":"c2","name":"g","input":{"x":1}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"one"},
                                   {"type":"tool_result","tool_use_id":"c2","is_error":true,"content":[
                                      {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
                                   {"type":"text","text":"Thanks"}]}]"""));
  }

  @Test
  void refusesWhatTheMessagesApiCannotHonour() {
    ChatRequest base = ChatRequest.builder("m").messages(List.of(Message.user("x"))).build();

    assertUnsupported(base.toBuilder().temperature(1.2).build(), "temperature");
    assertUnsupported(base.toBuilder().seed(1L).build(), "seed");
    assertUnsupported(base.toBuilder().presencePenalty(0.5).build(), "presence_penalty");
    assertUnsupported(base.toBuilder().frequencyPenalty(0.5).build(), "frequency_penalty");
    assertUnsupported(base.toBuilder().reasoningEffort("high").maxTokens(500).build(), "max_tokens");
    assertUnsupported(base.toBuilder().reasoningEffort("low").temperature(0.5).build(), "temperature");
    assertUnsupported(base.toBuilder().reasoningEffort("low").responseFormat(ResponseFormat.JSON_OBJECT).build(),
        "response_format");
    assertUnsupported(ChatRequest.builder("m").messages(List.of(Message.user("x"),
        new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("c", "f", "not json")), null))).build(),
        "messages[1].tool_calls");
  }

  @Test
  void asksForExtendedThinkingWithABudgetBelowTheTokenLimit() {
    ChatRequest r = ChatRequest.builder("m").messages(List.of(Message.user("x"))).reasoningEffort("medium").build();

    JsonNode sent = written(AnthropicRequests.toWire(r, "m", "anthropic"));

    assertThat(sent.path("thinking")).isEqualTo(tree("{\"type\":\"enabled\",\"budget_tokens\":8192}"));
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(8192 + AnthropicRequests.DEFAULT_MAX_TOKENS);
  }

  @Test
  void implementsJsonModeWithAForcedToolAndKeepsTheClientsTools() {
    JsonNode schema = tree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}");
    ChatRequest alone = ChatRequest.builder("m").messages(List.of(Message.user("x")))
        .responseFormat(new ResponseFormat.JsonSchema("thing", "a thing", schema, true)).build();
    ChatRequest withTools = alone.toBuilder().tools(List.of(new dev.fairway.api.ToolDefinition("f", null, null, null)))
        .parallelToolCalls(false).build();

    JsonNode a = written(AnthropicRequests.toWire(alone, "m", "anthropic"));
    JsonNode b = written(AnthropicRequests.toWire(withTools, "m", "anthropic"));

    assertThat(a.path("tools").get(0).path("input_schema")).isEqualTo(schema);
    assertThat(a.path("tool_choice")).isEqualTo(tree("{\"type\":\"tool\",\"name\":\"json_answer\"}"));
    assertThat(b.path("tools")).extracting(t -> t.path("name").asText()).containsExactly("f", "json_answer");
    assertThat(b.path("tools").get(0).path("input_schema")).isEqualTo(tree("{\"type\":\"object\"}"));
    assertThat(b.path("tool_choice")).isEqualTo(tree("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
  }

  // ------------------------------------------------------------------ responses

  @Test
  void decodesATextAnswerWithCacheUsageNormalised() throws Exception {
    ChatResponse r = AnthropicResponses.toCanonical(read("response-text.json"), null, "anthropic", 1700000000);

    assertThat(r.text()).isEqualTo("Hi! My name is Claude.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.stopSequence()).isNull();
    // input counts every prompt token: 50 uncached + 1000 written to + 2000 read from the cache
    assertThat(r.usage()).isEqualTo(new Usage(3050, 12, 2000, 1000, 0));
    assertThat(r.usage().uncachedInputTokens()).isEqualTo(50);
  }

  @Test
  void decodesAToolUseAnswerAndEncodesItBackForAnAnthropicClient() throws Exception {
    ChatResponse r = AnthropicResponses.toCanonical(read("response-tool-use.json"), null, "anthropic", 0);

    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).containsExactly(new ContentPart.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather",
        "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
    assertThat(written(AnthropicResponses.toClient(r, "claude-opus-4-1")))
        .isEqualTo(tree(golden("response-tool-use.client.json")));
  }

  @Test
  void reportsWhichStopSequenceEndedTheAnswer() throws Exception {
    ChatResponse r = AnthropicResponses.toCanonical(read("response-stop-sequence.json"), null, "anthropic", 0);

    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.stopSequence()).isEqualTo(", 5");
    JsonNode client = written(AnthropicResponses.toClient(r, "claude-haiku-4-5"));
    assertThat(client.path("stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(client.path("stop_sequence").asText()).isEqualTo(", 5");
  }

  @Test
  void turnsTheForcedJsonToolCallIntoTheTextAnswer() throws Exception {
    AnthropicWire.Message w = Json.SNAKE.readValue("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"json_answer\","
        + "\"input\":{\"a\":1}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,"
        + "\"output_tokens\":3}}", AnthropicWire.Message.class);

    ChatResponse r = AnthropicResponses.toCanonical(w, AnthropicRequests.JSON_TOOL, "anthropic", 0);

    assertThat(r.content()).containsExactly(ContentPart.text("{\"a\":1}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void mapsStopReasonsBothWays() {
    assertThat(AnthropicResponses.finishReason("end_turn")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicResponses.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(AnthropicResponses.finishReason("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(AnthropicResponses.finishReason("refusal")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(AnthropicResponses.finishReason("pause_turn")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicResponses.stopReason(FinishReason.STOP, null)).isEqualTo("end_turn");
    assertThat(AnthropicResponses.stopReason(FinishReason.STOP, "END")).isEqualTo("stop_sequence");
    assertThat(AnthropicResponses.stopReason(FinishReason.LENGTH, null)).isEqualTo("max_tokens");
    assertThat(AnthropicResponses.stopReason(FinishReason.TOOL_CALLS, null)).isEqualTo("tool_use");
    assertThat(AnthropicResponses.stopReason(FinishReason.CONTENT_FILTER, null)).isEqualTo("refusal");
  }

  // ------------------------------------------------------------------ streams

  @Test
  void decodesAStreamedTextAnswerWithUsageFromStartAndDelta() {
    assertThat(decodeStream(golden("stream-text.sse"), null)).containsExactly(
        new StreamEvent.Started("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "claude-sonnet-4-5-20250929", 7,
            new Usage(125, 0, 100, 0, 0)),
        new StreamEvent.TextDelta("Hello"),
        new StreamEvent.TextDelta("!"),
        new StreamEvent.Finished(FinishReason.STOP, null),
        new StreamEvent.UsageReported(new Usage(125, 15, 100, 0, 0)));
  }

  @Test
  void decodesStreamedTextThenTwoToolUses() {
    assertThat(decodeStream(golden("stream-tool-use.sse"), null)).containsExactly(
        new StreamEvent.Started("msg_014p7gG3wDgGV9EUtLvnow3U", "claude-opus-4-1-20250805", 7, Usage.of(472, 0)),
        new StreamEvent.TextDelta("Okay"),
        new StreamEvent.TextDelta(", let's check the weather."),
        new StreamEvent.ToolCallStarted(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
        new StreamEvent.ToolCallDelta(0, "{\"location\":"),
        new StreamEvent.ToolCallDelta(0, " \"San Francisco, CA\"}"),
        new StreamEvent.ToolCallStarted(1, "toolu_02", "get_time"),
        new StreamEvent.ToolCallDelta(1, "{}"),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, null),
        new StreamEvent.UsageReported(new Usage(472, 89, 0, 0, 0)));
  }

  @Test
  void decodesStreamedThinkingWithItsSignature() {
    assertThat(decodeStream(golden("stream-thinking.sse"), null)).containsExactly(
        new StreamEvent.Started("msg_01XFDUDYJgAACzvnptvVoYEL", "claude-sonnet-4-5-20250929", 7),
        new StreamEvent.ReasoningDelta("Let me solve this step by step:\n\n1. First break down 27 * 453", null),
        new StreamEvent.ReasoningDelta("\n2. 453 = 400 + 50 + 3", null),
        new StreamEvent.ReasoningDelta("", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
        new StreamEvent.TextDelta("27 * 453 = 12,231"),
        new StreamEvent.Finished(FinishReason.STOP, null),
        new StreamEvent.UsageReported(Usage.ZERO));
  }

  @Test
  void turnsAMidStreamErrorEventIntoAnOverloadAfterWhatCameBefore() {
    List<StreamEvent> got = new ArrayList<>();
    AnthropicAdapter.SseDecoder d = new AnthropicAdapter.SseDecoder("anthropic", null, 7);

    assertThatThrownBy(() -> d.feed(Buffer.buffer(golden("stream-error.sse")), got::add))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).isEqualTo("Overloaded");
        });
    assertThat(got).containsExactly(new StreamEvent.Started("msg_01", "claude-haiku-4-5-20251001", 7, Usage.of(10, 0)),
        new StreamEvent.TextDelta("Partial"));
  }

  @Test
  void reportsAStreamCutBeforeItsEndAsTruncated() {
    String sse = golden("stream-text.sse");
    AnthropicAdapter.SseDecoder d = new AnthropicAdapter.SseDecoder("anthropic", null, 7);
    d.feed(Buffer.buffer(sse.substring(0, sse.indexOf("event: message_delta"))), e -> { });

    assertThat(d.atEnd()).isNotNull().extracting(GatewayError::wireCode).isEqualTo("upstream_stream_truncated");
  }

  @Test
  void encodesCanonicalEventsAsTheDocumentedClientEventSequence() {
    List<StreamEvent> events = decodeStream(golden("stream-tool-use.sse"), null);
    AnthropicStreams.Encoder enc = new AnthropicStreams.Encoder("claude-opus-4-1");
    StringBuilder out = new StringBuilder();
    AnthropicStreams.EventOut sink = (type, payload) -> out.append("event: ").append(type).append("\ndata: ")
        .append(written(payload)).append("\n\n");
    events.forEach(e -> enc.encode(e, sink));
    enc.complete(sink);

    assertThat(sseEvents(out.toString())).isEqualTo(sseEvents(golden("stream-tool-use.client.sse")));
  }

  @Test
  void encodesThinkingAndHoldsTheFinishUntilTheUsage() {
    List<StreamEvent> events = decodeStream(golden("stream-thinking.sse"), null);
    AnthropicStreams.Encoder enc = new AnthropicStreams.Encoder("claude");
    List<String> types = new ArrayList<>();
    List<JsonNode> data = new ArrayList<>();
    AnthropicStreams.EventOut sink = (type, payload) -> {
      types.add(type);
      data.add(written(payload));
    };
    events.forEach(e -> enc.encode(e, sink));
    enc.complete(sink);

    assertThat(types).containsExactly("message_start", "ping", "content_block_start", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop");
    assertThat(data.get(2).path("content_block")).isEqualTo(tree("{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"));
    assertThat(data.get(5).path("delta")).isEqualTo(tree(
        "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"}"));
    assertThat(data.get(7).path("index").asInt()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ errors

  @Test
  void mapsTheMessagesApisErrors() {
    GatewayError overloaded = AnthropicErrors.fromUpstream(529, bytes(golden("error-overloaded.json")),
        Duration.ofSeconds(3), "anthropic");
    assertThat(overloaded.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(overloaded.retryAfter()).isEqualTo(Duration.ofSeconds(3));

    GatewayError tooLong = AnthropicErrors.fromUpstream(400, bytes(golden("error-prompt-too-long.json")), null,
        "anthropic");
    assertThat(tooLong.kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);

    GatewayError limited = AnthropicErrors.fromUpstream(429, error("rate_limit_error", "Number of requests has"
        + " exceeded your per-minute rate limit"), Duration.ofSeconds(20), "anthropic");
    assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(20));

    assertThat(AnthropicErrors.fromUpstream(413, "<html>413 Request Entity Too Large</html>".getBytes(
        StandardCharsets.UTF_8), null, "anthropic").kind()).isEqualTo(ErrorKind.REQUEST_TOO_LARGE);
    assertThat(AnthropicErrors.fromUpstream(400, error("invalid_request_error", "max_tokens: Field required"), null,
        "anthropic").kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(AnthropicErrors.fromUpstream(404, error("not_found_error", "model: claude-x"), null, "anthropic").kind())
        .isEqualTo(ErrorKind.UPSTREAM);
    assertThat(AnthropicErrors.fromUpstream(500, error("api_error", "Internal server error"), null, "anthropic")
        .retryable()).isTrue();

    for (String type : List.of("authentication_error", "permission_error")) {
      GatewayError auth = AnthropicErrors.fromUpstream(type.startsWith("auth") ? 401 : 403,
          error(type, "invalid x-api-key sk-ant-api03-abcdefghijkl"), null, "anthropic");
      assertThat(auth.kind()).isEqualTo(ErrorKind.UPSTREAM);
      assertThat(auth.getMessage()).contains("refused the gateway's credentials").doesNotContain("sk-ant");
    }
    assertThat(AnthropicErrors.fromUpstream(400, error("invalid_request_error", "bad key sk-ant-api03-abcdefghijkl"),
        null, "anthropic").getMessage()).isEqualTo("bad key [redacted]");
  }

  @Test
  void answersClientsInAnthropicsErrorShape() {
    GatewayError e = GatewayError.upstream(ErrorKind.OVERLOADED, "all busy");

    assertThat(AnthropicErrors.status(e)).isEqualTo(529);
    assertThat(written(AnthropicErrors.toWire(e, "req_1"))).isEqualTo(tree(
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"all busy\"},\"request_id\":\"req_1\"}"));
    assertThat(AnthropicErrors.type(GatewayError.of(ErrorKind.NOT_FOUND, "x"))).isEqualTo("not_found_error");
    assertThat(AnthropicErrors.type(GatewayError.of(ErrorKind.REQUEST_TOO_LARGE, "x"))).isEqualTo("request_too_large");
    assertThat(AnthropicErrors.type(GatewayError.of(ErrorKind.CONNECTION, "x"))).isEqualTo("api_error");
  }

  // ------------------------------------------------------------------ helpers

  private static void assertUnsupported(ChatRequest r, String param) {
    assertThatThrownBy(() -> AnthropicRequests.toWire(r, "m", "anthropic"))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.isUnsupportedFeature()).as(e.getMessage()).isTrue();
          assertThat(e.param()).isEqualTo(param);
        });
  }

  static List<StreamEvent> decodeStream(String sse, String jsonTool) {
    List<StreamEvent> out = new ArrayList<>();
    AnthropicAdapter.SseDecoder d = new AnthropicAdapter.SseDecoder("anthropic", jsonTool, 7);
    d.feed(Buffer.buffer(sse), (Consumer<StreamEvent>) out::add);
    assertThat(d.atEnd()).isNull();
    return out;
  }

  /** (event, parsed data) pairs of an SSE text, so formatting differences do not matter. */
  private static List<List<Object>> sseEvents(String sse) {
    List<List<Object>> out = new ArrayList<>();
    for (String block : sse.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String[] lines = block.strip().split("\n", 2);
      out.add(List.of(lines[0].substring("event: ".length()), tree(lines[1].substring("data: ".length()))));
    }
    return out;
  }

  private static byte[] error(String type, String message) {
    return ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static AnthropicWire.Message read(String name) throws IOException {
    return Json.SNAKE.readValue(golden(name), AnthropicWire.Message.class);
  }

  static String golden(String name) {
    return goldenOf("anthropic", name);
  }

  static String goldenOf(String protocol, String name) {
    try (InputStream in = AnthropicTranslationTest.class.getResourceAsStream("/golden/" + protocol + "/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("missing golden file " + name, e);
    }
  }

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
