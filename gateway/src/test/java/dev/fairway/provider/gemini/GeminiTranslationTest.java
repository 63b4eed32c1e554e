package dev.fairway.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.Role;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.api.Usage;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.provider.Json;
import dev.fairway.provider.SseParser;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests of the Gemini translators, on examples shaped as in Google's Gemini API reference. */
class GeminiTranslationTest {
  static final String P = "gemini";

  // ------------------------------------------------------------------ requests

  @Test
  void encodesAToolRoundTripAsContentsWithFunctionNamesLookedUp() {
    ChatRequest r = OpenAiIngress.decode(Buffer.buffer(golden("request-tools.json")));

    JsonNode sent = written(GeminiRequests.toWire(r, "gemini-2.5-flash", P));

    assertThat(sent).isEqualTo(tree(golden("request-tools.upstream.json")));
  }

  @Test
  void mapsEveryToolChoiceToAFunctionCallingMode() {
    assertThat(toolConfig(ToolChoice.AUTO)).isEqualTo(tree("{\"mode\":\"AUTO\"}"));
    assertThat(toolConfig(ToolChoice.NONE)).isEqualTo(tree("{\"mode\":\"NONE\"}"));
    assertThat(toolConfig(ToolChoice.REQUIRED)).isEqualTo(tree("{\"mode\":\"ANY\"}"));
    assertThat(toolConfig(new ToolChoice.Tool("f")))
        .isEqualTo(tree("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}"));
  }

  @Test
  void sendsJsonModeAndJsonSchemaAsResponseMimeTypeAndResponseJsonSchema() {
    JsonNode schema = tree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":[\"string\",\"null\"]}}}");
    JsonNode object = written(GeminiRequests.toWire(user("x").responseFormat(ResponseFormat.JSON_OBJECT).build(),
        "gemini-2.5-flash", P)).path("generationConfig");
    JsonNode typed = written(GeminiRequests.toWire(user("x").responseFormat(
        new ResponseFormat.JsonSchema("city", null, schema, true)).build(), "gemini-2.5-flash", P)).path("generationConfig");

    assertThat(object).isEqualTo(tree("{\"responseMimeType\":\"application/json\"}"));
    assertThat(typed.path("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(typed.path("responseJsonSchema")).isEqualTo(schema);
    assertThat(typed.has("responseSchema")).isFalse();
  }

  @Test
  void sendsBase64ImagesInlineAndRefusesImageUrls() {
    String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    ChatRequest inline = request(new Message(Role.USER, List.of(new ContentPart.Text("What is this?"),
        new ContentPart.Image(new ImageSource.Base64("image/png", png), "low")), null));
    JsonNode sent = written(GeminiRequests.toWire(inline, "gemini-2.5-flash", P));
    assertThat(sent.at("/contents/0/parts/1")).isEqualTo(tree(
        "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + png + "\"}}"));
    assertThat(sent.at("/generationConfig/mediaResolution").asText()).isEqualTo("MEDIA_RESOLUTION_LOW");

    ChatRequest url = request(new Message(Role.USER, List.of(new ContentPart.Text("and this?"),
        new ContentPart.Image(new ImageSource.Url("https://example.com/cat.png"), null)), null));
    assertThatThrownBy(() -> GeminiRequests.toWire(url, "gemini-2.5-flash", P))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.isUnsupportedFeature()).isTrue();
          assertThat(e.param()).isEqualTo("messages[0].content[1]");
          assertThat(e.getMessage()).contains("does not fetch image URLs");
        });
  }

  @Test
  void passesFilesUploadedToGeminiAsFileData() {
    String uri = "https://generativelanguage.googleapis.com/v1beta/files/abc-123";
    ChatRequest r = request(new Message(Role.USER, List.of(new ContentPart.Text("Describe"),
        new ContentPart.Image(new ImageSource.Url(uri), null)), null));

    assertThat(written(GeminiRequests.toWire(r, "gemini-2.5-flash", P)).at("/contents/0/parts/1"))
        .isEqualTo(tree("{\"fileData\":{\"fileUri\":\"" + uri + "\"}}"));
  }

  @Test
  void sendsImagesReturnedByAToolAfterTheFunctionResponses() {
    ChatRequest r = request(Message.user("screenshot please"),
        new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("c1", "screenshot", "{}")), null),
        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1", List.of(ContentPart.text("done"),
            new ContentPart.Image(new ImageSource.Base64("image/png", "AAAA"), null)), false)), null));

    JsonNode turn = written(GeminiRequests.toWire(r, "gemini-2.5-flash", P)).at("/contents/2/parts");
    assertThat(turn.at("/0/functionResponse/response/output").asText()).isEqualTo("done");
    assertThat(turn.at("/1/inlineData/mimeType").asText()).isEqualTo("image/png");
  }

  @Test
  void signsReplayedFunctionCallsForGemini3WithTheKeptSignatureOrGooglesPlaceholder() {
    ChatRequest kept = request(
        Message.user("weather?"),
        new Message(Role.ASSISTANT, List.of(new ContentPart.Reasoning(null, "c2lnLTE="),
            new ContentPart.ToolCall("c1", "get_weather", "{}"), new ContentPart.ToolCall("c2", "get_time", "{}")), null),
        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1", List.of(ContentPart.text("sunny")), false)), null),
        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c2", List.of(ContentPart.text("noon")), true)), null),
        new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("c3", "get_weather", "{}")), null),
        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c3", List.of(ContentPart.text("rain")), false)), null));

    JsonNode g3 = written(GeminiRequests.toWire(kept, "gemini-3-pro-preview", P)).path("contents");
    assertThat(g3.at("/1/parts/0/thoughtSignature").asText()).isEqualTo("c2lnLTE=");
    assertThat(g3.at("/1/parts/1").has("thoughtSignature")).isFalse();
    assertThat(g3.at("/3/parts/0/thoughtSignature").asText()).isEqualTo(GeminiRequests.PLACEHOLDER_SIGNATURE);
    // parallel results travel in one user turn; an error result goes under "error"
    assertThat(g3.at("/2/parts")).hasSize(2);
    assertThat(g3.at("/2/parts/1/functionResponse")).isEqualTo(tree(
        "{\"id\":\"c2\",\"name\":\"get_time\",\"response\":{\"error\":\"noon\"}}"));

    JsonNode g25 = written(GeminiRequests.toWire(kept, "gemini-2.5-flash", P)).path("contents");
    assertThat(g25.at("/3/parts/0").has("thoughtSignature")).isFalse();
  }

  @Test
  void refusesWhatGeminiCannotHonourNamingTheParameter() {
    assertUnsupported(user("x").stop(List.of("a", "b", "c", "d", "e", "f")), "gemini-2.5-flash", "stop");
    assertUnsupported(user("x").presencePenalty(2.0), "gemini-2.5-flash", "presence_penalty");
    assertUnsupported(user("x").temperature(2.5), "gemini-2.5-flash", "temperature");
    assertUnsupported(user("x").seed(1L << 40), "gemini-2.5-flash", "seed");
    assertUnsupported(user("x").reasoningEffort("none"), "gemini-3-pro-preview", "reasoning_effort");
    assertUnsupported(user("x").reasoningEffort("low"), "gemini-2.0-flash", "reasoning_effort");
    assertUnsupported(user("x").tools(List.of(new ToolDefinition("9lives", null, null, null))), "gemini-2.5-flash",
        "tools[0].name");
    assertUnsupported(user("x").responseFormat(ResponseFormat.JSON_OBJECT)
        .tools(List.of(new ToolDefinition("f", null, null, null))), "gemini-2.5-flash", "response_format");
    assertUnsupported(ChatRequest.builder("m").messages(List.of(Message.system("only rules"))), "gemini-2.5-flash",
        "messages");
    // Gemini 3 takes JSON output together with tools
    GeminiRequests.toWire(user("x").responseFormat(ResponseFormat.JSON_OBJECT)
        .tools(List.of(new ToolDefinition("f", null, null, null))).build(), "gemini-3-pro-preview", P);
  }

  @Test
  void mapsReasoningEffortToThinkingBudgetsOrLevels() {
    assertThat(written(GeminiRequests.toWire(user("x").reasoningEffort("medium").build(), "gemini-2.5-flash", P))
        .at("/generationConfig/thinkingConfig")).isEqualTo(tree("{\"includeThoughts\":true,\"thinkingBudget\":8192}"));
    assertThat(written(GeminiRequests.toWire(user("x").reasoningEffort("none").build(), "gemini-2.5-flash", P))
        .at("/generationConfig/thinkingConfig")).isEqualTo(tree("{\"thinkingBudget\":0}"));
    assertThat(written(GeminiRequests.toWire(user("x").reasoningEffort("medium").build(), "gemini-3-pro-preview", P))
        .at("/generationConfig/thinkingConfig")).isEqualTo(tree("{\"includeThoughts\":true,\"thinkingLevel\":\"high\"}"));
  }

  @Test
  void refusesAToolResultThatAnswersNoEarlierCall() {
    ChatRequest r = request(Message.user("hi"),
        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("nope", List.of(ContentPart.text("x")), false)), null));

    assertThatThrownBy(() -> GeminiRequests.toWire(r, "gemini-2.5-flash", P))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("'nope'");
        });
  }

  // ------------------------------------------------------------------ responses

  @Test
  void decodesParallelFunctionCallsWithStableIdsAndTheirSignature() throws Exception {
    GeminiWire.GenerateContentResponse w = read("response-parallel-function-calls.json");

    ChatResponse r = GeminiResponses.toCanonical(w, P, 1_760_000_000L, false);

    assertThat(r.id()).isEqualTo("yrH2aMu5LOqqz7IPjIvM6AY");
    assertThat(r.model()).isEqualTo("gemini-2.5-flash");
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.content().get(0)).isEqualTo(
        new ContentPart.Reasoning(null, "CiQBcsjafGn2l8dTAnO6lQ2gXyJxcsjafM4Ku8ffZ8W4+z5RsFUKYAFyyNp8"));
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::name, ContentPart.ToolCall::arguments).containsExactly(
        org.assertj.core.groups.Tuple.tuple("power_disco_ball", "{\"power\":true}"),
        org.assertj.core.groups.Tuple.tuple("start_music", "{\"energetic\":true,\"loud\":true}"),
        org.assertj.core.groups.Tuple.tuple("dim_lights", "{\"brightness\":0.5}"));
    assertThat(r.toolCalls()).extracting(ContentPart.ToolCall::id)
        .allMatch(id -> id.matches("call_[0-9a-f]{16}")).doesNotHaveDuplicates()
        .containsExactlyElementsOf(GeminiResponses.toCanonical(w, P, 0, false).toolCalls().stream()
            .map(ContentPart.ToolCall::id).toList());
    assertThat(r.usage()).isEqualTo(new Usage(206, 27 + 68, 0, 0, 68));
    assertThat(r.usage().totalTokens()).isEqualTo(w.usageMetadata().totalTokenCount());

    ChatResponse single = GeminiResponses.toCanonical(w, P, 0, true);
    assertThat(single.toolCalls()).singleElement().extracting(ContentPart.ToolCall::name).isEqualTo("power_disco_ball");
  }

  @Test
  void countsThoughtsAsOutputAndCachedTokensAsPartOfThePrompt() throws Exception {
    ChatResponse r = GeminiResponses.toCanonical(read("response-thinking-cached.json"), P, 0, false);

    assertThat(r.usage()).isEqualTo(new Usage(4196, 23 + 912, 4096, 0, 912));
    assertThat(r.usage().totalTokens()).isEqualTo(5131);
    assertThat(r.usage().uncachedInputTokens()).isEqualTo(100);
    assertThat(r.content().get(0)).isInstanceOfSatisfying(ContentPart.Reasoning.class,
        t -> assertThat(t.text()).startsWith("**Defining Occam's Razor**"));
    assertThat(r.text()).isEqualTo(
        "Occam's Razor says that, among competing explanations, the one with the fewest assumptions is usually right.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void turnsBlockedPromptsAndSafetyStopsIntoContentFilteredErrors() throws Exception {
    assertThatThrownBy(() -> GeminiResponses.toCanonical(read("response-prompt-blocked.json"), P, 0, false))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
          assertThat(e.wireCode()).isEqualTo("content_filter");
          assertThat(e.getMessage()).isEqualTo("provider 'gemini' blocked the prompt (SAFETY)");
        });
    assertThatThrownBy(() -> GeminiResponses.toCanonical(read("response-safety-finish.json"), P, 0, false))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
          assertThat(e.getMessage()).isEqualTo("provider 'gemini' blocked the answer (SAFETY)");
        });
  }

  // ------------------------------------------------------------------ streams

  @Test
  void decodesAStreamedAnswerWithUsageAfterFinished() {
    List<StreamEvent> events = decodeStream(golden("stream-text.sse"));

    assertThat(events).containsExactly(
        new StreamEvent.Started("ekL2aJ7VEb2Uz7IPkayl4Ak", "gemini-2.5-flash", 1_760_000_000L),
        new StreamEvent.TextDelta("AI"),
        new StreamEvent.TextDelta(" learns patterns from data"),
        new StreamEvent.TextDelta(" to make predictions."),
        new StreamEvent.Finished(FinishReason.STOP, null),
        new StreamEvent.UsageReported(new Usage(8, 1009, 0, 0, 1000)));
  }

  @Test
  void decodesStreamedFunctionCallsAsStartedPlusOneDeltaEach() throws Exception {
    List<StreamEvent> events = decodeStream(golden("stream-function-call.sse"));
    String id0 = GeminiResponses.toolCallId("mUT2aOKjMrKUz7IPk8Wf4Qo", 0, "get_current_temperature",
        "{\"location\":\"London\"}");

    assertThat(events).containsExactly(
        new StreamEvent.Started("mUT2aOKjMrKUz7IPk8Wf4Qo", "gemini-2.5-flash", 1_760_000_000L),
        new StreamEvent.ReasoningDelta(null, "CiIBcsjafDZ8kFq0"),
        new StreamEvent.ToolCallStarted(0, id0, "get_current_temperature"),
        new StreamEvent.ToolCallDelta(0, "{\"location\":\"London\"}"),
        new StreamEvent.ToolCallStarted(1, GeminiResponses.toolCallId("mUT2aOKjMrKUz7IPk8Wf4Qo", 1,
            "get_current_temperature", "{\"location\":\"Paris\"}"), "get_current_temperature"),
        new StreamEvent.ToolCallDelta(1, "{\"location\":\"Paris\"}"),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, null),
        new StreamEvent.UsageReported(new Usage(72, 88, 0, 0, 58)));
    // the same answer, not streamed, gets the same ids
    String whole = golden("stream-function-call.sse").substring("data: ".length()).strip();
    ChatResponse r = GeminiResponses.toCanonical(
        Json.CAMEL.readValue(whole, GeminiWire.GenerateContentResponse.class), P, 0, false);
    assertThat(r.toolCalls().get(0).id()).isEqualTo(id0);
  }

  @Test
  void failsAStreamWhoseAnswerIsFilteredBeforeAnyContent() {
    String blocked = "data: " + golden("response-safety-finish.json").replace("\n", "") + "\r\n\r\n";

    assertThatThrownBy(() -> decodeStream(blocked)).isInstanceOfSatisfying(GatewayError.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED));
  }

  @Test
  void failsAStreamThatReportsAnErrorMidWay() {
    String sse = golden("stream-text.sse").split("\r\n\r\n")[0] + "\r\n\r\n"
        + "data: {\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\", \"status\": \"UNAVAILABLE\"}}\r\n\r\n";
    GeminiStreams.Decoder d = new GeminiStreams.Decoder(P, 0, false);
    List<StreamEvent> seen = new ArrayList<>();

    assertThatThrownBy(() -> new SseParser((type, data) -> {
      try {
        seen.addAll(d.decode(Json.CAMEL.readValue(data, GeminiWire.GenerateContentResponse.class)));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }, 1 << 20).feed(Buffer.buffer(sse))).isInstanceOfSatisfying(GatewayError.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED));
    assertThat(seen).contains(new StreamEvent.TextDelta("AI"));
    assertThat(d.finished()).isFalse();
  }

  // ------------------------------------------------------------------ errors

  @Test
  void mapsResourceExhaustedToARateLimitWithTheRetryDelay() {
    GatewayError e = GeminiErrors.fromUpstream(429, bytes(golden("error-rate-limit.json")), null, P);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(22));
    assertThat(e.getMessage()).startsWith("You exceeded your current quota");
    // a Retry-After header, when present, wins
    assertThat(GeminiErrors.fromUpstream(429, bytes(golden("error-rate-limit.json")), Duration.ofSeconds(3), P)
        .retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void recognisesAPromptOverTheContextWindow() {
    GatewayError e = GeminiErrors.fromUpstream(400, bytes(golden("error-context-too-long.json")), null, P);

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);
    assertThat(e.wireCode()).isEqualTo("context_length_exceeded");
  }

  @Test
  void treatsAFeatureTheModelLacksAsUnsupportedSoAnotherModelIsTried() {
    GatewayError e = GeminiErrors.fromUpstream(400, bytes("{\"error\":{\"code\":400,\"message\":\"Developer"
        + " instruction is not enabled for models/gemma-3-27b-it\",\"status\":\"INVALID_ARGUMENT\"}}"), null, P);

    assertThat(e.isUnsupportedFeature()).isTrue();
    assertThat(e.getMessage()).contains("gemma-3-27b-it");
  }

  @Test
  void treatsAnInvalidKeyAsTheGatewaysCredentialProblemAndLeaksNoKey() {
    GatewayError e = GeminiErrors.fromUpstream(400, bytes(golden("error-api-key.json")), null, P);
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
    assertThat(e.wireCode()).isEqualTo("upstream_auth_failed");

    GatewayError leaky = GeminiErrors.fromUpstream(403, bytes("{\"error\":{\"code\":403,\"message\":\"Key"
        + " AIzaSyD-abcdefghijklmnop1234 is blocked\",\"status\":\"PERMISSION_DENIED\"}}"), null, P);
    assertThat(leaky.getMessage()).doesNotContain("AIza");
    GatewayError bad = GeminiErrors.fromUpstream(400, bytes("{\"error\":{\"code\":400,\"message\":\"bad field near"
        + " AIzaSyD-abcdefghijklmnop1234\",\"status\":\"INVALID_ARGUMENT\"}}"), null, P);
    assertThat(bad.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(bad.getMessage()).isEqualTo("bad field near [redacted]");
  }

  @Test
  void mapsServerStatusesToRetryableKinds() {
    assertThat(GeminiErrors.fromUpstream(503, bytes(golden("error-overloaded.json")), null, P).kind())
        .isEqualTo(ErrorKind.OVERLOADED);
    assertThat(GeminiErrors.fromUpstream(500, bytes("{\"error\":{\"code\":500,\"message\":\"An internal error has"
        + " occurred.\",\"status\":\"INTERNAL\"}}"), null, P).kind()).isEqualTo(ErrorKind.UPSTREAM);
    assertThat(GeminiErrors.fromUpstream(504, bytes("{\"error\":{\"code\":504,\"message\":\"Deadline expired.\","
        + "\"status\":\"DEADLINE_EXCEEDED\"}}"), null, P).kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(GeminiErrors.fromUpstream(404, bytes("{\"error\":{\"code\":404,\"message\":\"models/gemini-9 is not"
        + " found\",\"status\":\"NOT_FOUND\"}}"), null, P).wireCode()).isEqualTo("upstream_not_found");
    assertThat(GeminiErrors.fromUpstream(502, bytes("<html>bad gateway</html>"), null, P).retryable()).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  private static void assertUnsupported(ChatRequest.Builder b, String model, String param) {
    assertThatThrownBy(() -> GeminiRequests.toWire(b.build(), model, P))
        .as(param).isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.isUnsupportedFeature()).isTrue();
          assertThat(e.param()).isEqualTo(param);
        });
  }

  private static JsonNode toolConfig(ToolChoice tc) {
    ChatRequest r = user("x").tools(List.of(new ToolDefinition("f", null, null, null))).toolChoice(tc).build();
    return written(GeminiRequests.toWire(r, "gemini-2.5-flash", P)).at("/toolConfig/functionCallingConfig");
  }

  private static ChatRequest.Builder user(String text) {
    return ChatRequest.builder("m").messages(List.of(Message.user(text)));
  }

  private static ChatRequest request(Message... messages) {
    return ChatRequest.builder("m").messages(List.of(messages)).build();
  }

  static List<StreamEvent> decodeStream(String sse) {
    GeminiStreams.Decoder d = new GeminiStreams.Decoder(P, 1_760_000_000L, false);
    List<StreamEvent> out = new ArrayList<>();
    new SseParser((type, data) -> {
      try {
        out.addAll(d.decode(Json.CAMEL.readValue(data, GeminiWire.GenerateContentResponse.class)));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }, 1 << 20).feed(Buffer.buffer(sse));
    assertThat(d.finished()).isTrue();
    return out;
  }

  static GeminiWire.GenerateContentResponse read(String name) throws IOException {
    return Json.CAMEL.readValue(golden(name), GeminiWire.GenerateContentResponse.class);
  }

  static String golden(String name) {
    try (InputStream in = GeminiTranslationTest.class.getResourceAsStream("/golden/gemini/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("missing golden file " + name, e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode written(Object wire) {
    try {
      return tree(Json.CAMEL.writeValueAsString(wire));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return Json.CAMEL.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
