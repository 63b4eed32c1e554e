package dev.fairway.provider.bedrock;

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
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests of the Bedrock translators, on the examples of the Bedrock API reference and user guide. */
class BedrockTranslationTest {
  static final String NOVA = "amazon.nova-pro-v1:0";
  static final String CLAUDE = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

  // ------------------------------------------------------------------ requests

  @Test
  void translatesSystemPromptsToolsAndInferenceConfigIntoAConverseRequest() {
    ChatRequest r = OpenAiIngress.decode(Buffer.buffer(golden("request-tools.openai.json")));

    BedrockRequests.Prepared p = BedrockRequests.toWire(r, NOVA, "bedrock");

    assertThat(written(p.body())).isEqualTo(tree(golden("request-tools.upstream.json")));
    assertThat(p.jsonTool()).isNull();
  }

  @Test
  void mergesParallelToolResultsAndTheNextUserTurnIntoOneUserMessage() {
    ChatRequest r = OpenAiIngress.decode(Buffer.buffer(golden("request-tool-result.openai.json")))
        .toBuilder().topK(20).build();

    BedrockRequests.Prepared p = BedrockRequests.toWire(r, CLAUDE, "bedrock");

    assertThat(written(p.body())).isEqualTo(tree(golden("request-tool-result.upstream.json")));
  }

  @Test
  void encodesTheModelIdAsOnePathSegment() {
    assertThat(BedrockAdapter.pathSegment("us.anthropic.claude-3-5-haiku-20241022-v1:0"))
        .isEqualTo("us.anthropic.claude-3-5-haiku-20241022-v1%3A0");
    assertThat(BedrockAdapter.pathSegment("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0"))
        .isEqualTo("arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-pro-v1%3A0");
  }

  @Test
  void knowsEachModelFamilyThroughInferenceProfilesAndArns() {
    assertThat(BedrockModels.of("us.amazon.nova-premier-v1:0").family()).isEqualTo("nova");
    assertThat(BedrockModels.of("amazon.nova-micro-v1:0").images()).isFalse();
    assertThat(BedrockModels.of("amazon.titan-text-express-v1").systemPrompt()).isFalse();
    assertThat(BedrockModels.of("global.anthropic.claude-opus-4-5-20251101-v1:0").isAnthropic()).isTrue();
    assertThat(BedrockModels.of("us.meta.llama3-3-70b-instruct-v1:0").images()).isFalse();
    assertThat(BedrockModels.of("us.meta.llama3-2-90b-instruct-v1:0").images()).isTrue();
    assertThat(BedrockModels.of("arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-8b-instruct-v1:0")
        .forcedToolChoice()).isFalse();
  }

  @Test
  void implementsJsonModeAsAForcedToolWhoseInputIsTheAnswer() {
    JsonNode schema = tree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    ChatRequest r = ChatRequest.builder("m").messages(List.of(Message.user("Where is the Eiffel Tower?")))
        .responseFormat(new ResponseFormat.JsonSchema("place", "A place", schema, true)).build();

    BedrockRequests.Prepared p = BedrockRequests.toWire(r, NOVA, "bedrock");

    JsonNode sent = written(p.body());
    assertThat(p.jsonTool()).isEqualTo("json_answer");
    assertThat(sent.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("json_answer");
    assertThat(sent.at("/toolConfig/tools/0/toolSpec/inputSchema/json")).isEqualTo(schema);
    assertThat(sent.at("/toolConfig/toolChoice")).isEqualTo(tree("{\"tool\":{\"name\":\"json_answer\"}}"));

    BedrockWire.ConverseResponse w = read("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":"
        + "{\"toolUseId\":\"tooluse_1\",\"name\":\"json_answer\",\"input\":{\"city\":\"Paris\"}}}]}},"
        + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":10,\"outputTokens\":5,\"totalTokens\":15}}");
    ChatResponse answer = BedrockResponses.toCanonical(w, p, "req-1", NOVA, 1, "bedrock");
    assertThat(answer.text()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(answer.toolCalls()).isEmpty();
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void jsonModeBesideClientToolsLetsTheModelCallEitherKind() {
    ChatRequest r = ChatRequest.builder("m").messages(List.of(Message.user("hi")))
        .tools(List.of(new ToolDefinition("json_answer", null, null, null)))
        .toolChoice(ToolChoice.AUTO).responseFormat(ResponseFormat.JSON_OBJECT).build();

    BedrockRequests.Prepared p = BedrockRequests.toWire(r, NOVA, "bedrock");

    JsonNode sent = written(p.body());
    assertThat(p.jsonTool()).isEqualTo("json_answer_1");
    assertThat(sent.at("/toolConfig/tools/0/toolSpec/inputSchema/json"))
        .isEqualTo(tree("{\"type\":\"object\",\"properties\":{}}"));
    assertThat(sent.at("/toolConfig/toolChoice")).isEqualTo(tree("{\"any\":{}}"));
  }

  @Test
  void mapsToolChoicesAndDropsToolsForNoneWithoutToolHistory() {
    ChatRequest.Builder b = ChatRequest.builder("m").messages(List.of(Message.user("hi")))
        .tools(List.of(new ToolDefinition("f", "d", null, null)));

    assertThat(written(BedrockRequests.toWire(b.toolChoice(ToolChoice.REQUIRED).build(), NOVA, "p").body())
        .at("/toolConfig/toolChoice")).isEqualTo(tree("{\"any\":{}}"));
    assertThat(written(BedrockRequests.toWire(b.toolChoice(ToolChoice.AUTO).build(), NOVA, "p").body())
        .at("/toolConfig/toolChoice")).isEqualTo(tree("{\"auto\":{}}"));
    assertThat(written(BedrockRequests.toWire(b.toolChoice(ToolChoice.NONE).build(), NOVA, "p").body())
        .has("toolConfig")).isFalse();
  }

  @Test
  void refusesWhatTheModelCannotHonourBeforeSending() {
    ChatRequest withSystem = ChatRequest.builder("m")
        .messages(List.of(Message.system("Be terse."), Message.user("hi"))).build();
    assertUnsupported(() -> BedrockRequests.toWire(withSystem, "amazon.titan-text-premier-v1:0", "bedrock"),
        "messages[0]", "does not accept a system prompt");

    ChatRequest withTools = ChatRequest.builder("m").messages(List.of(Message.user("hi")))
        .tools(List.of(new ToolDefinition("f", null, null, null))).build();
    assertUnsupported(() -> BedrockRequests.toWire(withTools, "amazon.titan-text-express-v1", "bedrock"), "tools",
        "does not support tools");

    ChatRequest image = ChatRequest.builder("m").messages(List.of(new Message(Role.USER, List.of(
        new ContentPart.Text("what is this?"),
        new ContentPart.Image(new ImageSource.Base64("image/png", "iVBORw0KGgo="), null)), null))).build();
    assertUnsupported(() -> BedrockRequests.toWire(image, "us.meta.llama3-1-70b-instruct-v1:0", "bedrock"),
        "messages[0].content[1]", "does not accept images");

    ChatRequest url = ChatRequest.builder("m").messages(List.of(new Message(Role.USER, List.of(
        new ContentPart.Image(new ImageSource.Url("https://example.com/a.png"), null)), null))).build();
    assertUnsupported(() -> BedrockRequests.toWire(url, NOVA, "bedrock"), "messages[0].content[0]",
        "cannot fetch image URLs");

    ChatRequest hot = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).temperature(1.5).build();
    assertUnsupported(() -> BedrockRequests.toWire(hot, NOVA, "bedrock"), "temperature", "between 0 and 1");

    ChatRequest seeded = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).seed(7L).build();
    assertUnsupported(() -> BedrockRequests.toWire(seeded, NOVA, "bedrock"), "seed", "seed");

    ChatRequest serial = withTools.toBuilder().parallelToolCalls(false).build();
    assertUnsupported(() -> BedrockRequests.toWire(serial, NOVA, "bedrock"), "parallel_tool_calls", "parallel");

    ChatRequest forced = withTools.toBuilder().toolChoice(ToolChoice.REQUIRED).build();
    assertUnsupported(() -> BedrockRequests.toWire(forced, "meta.llama3-1-8b-instruct-v1:0", "bedrock"),
        "tool_choice", "only supports tool_choice 'auto'");

    ChatRequest streamedTools = withTools.toBuilder().stream(true).build();
    assertUnsupported(() -> BedrockRequests.toWire(streamedTools, "meta.llama3-1-8b-instruct-v1:0", "bedrock"),
        "stream", "does not stream tool use");

    ChatRequest topK = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).topK(5).build();
    assertUnsupported(() -> BedrockRequests.toWire(topK, "amazon.titan-text-express-v1", "bedrock"), "top_k", "top_k");
    assertThat(written(BedrockRequests.toWire(topK, NOVA, "bedrock").body()).path("additionalModelRequestFields"))
        .isEqualTo(tree("{\"inferenceConfig\":{\"topK\":5}}"));

    ChatRequest noneAfterTools = ChatRequest.builder("m").messages(List.of(Message.user("hi"),
            new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("t1", "f", "{}")), null),
            new Message(Role.TOOL, List.of(new ContentPart.ToolResult("t1", List.of(new ContentPart.Text("ok")), false)), null)))
        .tools(withTools.tools()).toolChoice(ToolChoice.NONE).build();
    assertUnsupported(() -> BedrockRequests.toWire(noneAfterTools, NOVA, "bedrock"), "tool_choice", "no tool_choice 'none'");
  }

  @Test
  void asksClaudeWhichStopSequenceItHit() {
    ChatRequest r = ChatRequest.builder("m").messages(List.of(Message.user("list"))).stop(List.of("\n2.", "\n3.")).build();

    BedrockRequests.Prepared p = BedrockRequests.toWire(r, CLAUDE, "bedrock");
    assertThat(written(p.body()).path("additionalModelResponseFieldPaths")).isEqualTo(tree("[\"/stop_sequence\"]"));

    ChatResponse answer = BedrockResponses.toCanonical(read(golden("response-stop-sequence.json")), p, "r", CLAUDE, 1, "b");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(answer.stopSequence()).isEqualTo("\n2.");
  }

  // ------------------------------------------------------------------ responses

  @Test
  void decodesAToolUseResponse() {
    BedrockRequests.Prepared p = BedrockRequests.toWire(
        ChatRequest.builder("m").messages(List.of(Message.user("x"))).build(), NOVA, "bedrock");

    ChatResponse r = BedrockResponses.toCanonical(read(golden("response-tool-use.json")), p, "a1b2", NOVA, 1700000000,
        "bedrock");

    assertThat(r.id()).isEqualTo("a1b2");
    assertThat(r.model()).isEqualTo(NOVA);
    assertThat(r.text()).isEqualTo("I'll look up the most popular song on WZPZ.");
    assertThat(r.toolCalls()).containsExactly(
        new ContentPart.ToolCall("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "top_song", "{\"sign\":\"WZPZ\"}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(Usage.of(375, 56));
  }

  @Test
  void countsCacheReadsAndWritesAsPromptTokens() {
    BedrockRequests.Prepared p = BedrockRequests.toWire(
        ChatRequest.builder("m").messages(List.of(Message.user("x"))).build(), CLAUDE, "bedrock");

    ChatResponse r = BedrockResponses.toCanonical(read(golden("response-text-cache.json")), p, "id", CLAUDE, 1, "b");

    // Bedrock: totalTokens 1860 = inputTokens 4 + cacheWrite 1806 + outputTokens 50.
    assertThat(r.usage()).isEqualTo(new Usage(1810, 50, 0, 1806, 0));
    assertThat(r.usage().totalTokens()).isEqualTo(1860);
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void namesTheModelAPromptRouterInvokedAsTheModelThatAnswered() {
    // A prompt router is called by its ARN; the trace names the model it chose for this prompt.
    String router = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1";
    BedrockRequests.Prepared p = BedrockRequests.toWire(
        ChatRequest.builder("m").messages(List.of(Message.user("What is the capital of Portugal?"))).build(), router,
        "bedrock");

    BedrockWire.ConverseResponse w = read(golden("response-prompt-router.json"));
    ChatResponse r = BedrockResponses.toCanonical(w, p, "id", router, 1, "b");

    assertThat(w.trace().promptRouter().invokedModelId())
        .isEqualTo("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0");
    assertThat(r.model()).isEqualTo(w.trace().promptRouter().invokedModelId());
    assertThat(r.text()).isEqualTo("The capital of Portugal is Lisbon.");
    assertThat(r.usage()).isEqualTo(Usage.of(14, 10));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void reportsAGuardrailThatBlockedThePromptAsContentFiltered() {
    BedrockRequests.Prepared p = BedrockRequests.toWire(
        ChatRequest.builder("m").messages(List.of(Message.user("x"))).build(), NOVA, "bedrock");

    assertThatThrownBy(() -> BedrockResponses.toCanonical(read(golden("response-guardrail.json")), p, "id", NOVA, 1, "b"))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
          assertThat(e.wireCode()).isEqualTo("guardrail_intervened");
        });
    assertThat(BedrockResponses.finishReason("content_filtered", "b")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(BedrockResponses.finishReason("max_tokens", "b")).isEqualTo(FinishReason.LENGTH);
    assertThatThrownBy(() -> BedrockResponses.finishReason("malformed_tool_use", "b"))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.retryable()).isTrue());
  }

  // ------------------------------------------------------------------ streams

  @Test
  void decodesAConverseStreamWithTextAndTwoParallelToolCalls() {
    byte[] bytes = EventStreamFixtures.frames(golden("stream-tool-use.events.json"));

    List<StreamEvent> events = EventStreamFixtures.decode(bytes, new int[] {bytes.length}, null);

    assertThat(events).containsExactly(
        new StreamEvent.Started("req-1", NOVA, 1700000000),
        new StreamEvent.TextDelta("I'll check "),
        new StreamEvent.TextDelta("both stations."),
        new StreamEvent.ToolCallStarted(0, "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "top_song"),
        new StreamEvent.ToolCallDelta(0, "{\"sign\": "),
        new StreamEvent.ToolCallDelta(0, "\"WZPZ\"}"),
        new StreamEvent.ToolCallStarted(1, "tooluse_2", "top_song"),
        new StreamEvent.ToolCallDelta(1, "{\"sign\": \"WKRP\"}"),
        new StreamEvent.Finished(FinishReason.TOOL_CALLS, null),
        new StreamEvent.UsageReported(new Usage(1375, 86, 1000, 0, 0)));
  }

  @Test
  void mapsExceptionFramesToGatewayErrors() {
    for (String[] c : new String[][] {
        {"throttlingException", "RATE_LIMITED"}, {"serviceUnavailableException", "OVERLOADED"},
        {"modelStreamErrorException", "UPSTREAM"}, {"internalServerException", "UPSTREAM"},
        {"validationException", "INVALID_REQUEST"}}) {
      byte[] bytes = EventStreamFixtures.exceptionAfterStart(c[0], "{\"message\":\"simulated " + c[0] + "\","
          + "\"originalStatusCode\":500,\"originalMessage\":\"model crashed\"}");
      List<StreamEvent> seen = new java.util.ArrayList<>();
      assertThatThrownBy(() -> EventStreamFixtures.decode(bytes, new int[] {bytes.length}, seen))
          .as(c[0]).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.kind().name()).isEqualTo(c[1]);
            assertThat(e.getMessage()).contains("simulated " + c[0]);
          });
      assertThat(seen).as("events before the exception still arrive").hasSize(1);
    }
  }

  // ------------------------------------------------------------------ errors

  @Test
  void mapsEveryConverseErrorOnce() throws IOException {
    for (JsonNode c : Json.CAMEL.readTree(golden("errors.json"))) {
      String type = c.path("type").isNull() ? null : c.path("type").asText();
      byte[] body = c.path("body").isNull() ? "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8)
          : c.path("body").toString().getBytes(StandardCharsets.UTF_8);
      Duration retryAfter = c.has("retryAfter") ? Duration.ofSeconds(c.path("retryAfter").asLong()) : null;

      GatewayError e = BedrockErrors.fromUpstream(c.path("status").asInt(), type, body, retryAfter, "bedrock");

      assertThat(e.kind()).as(String.valueOf(type)).isEqualTo(ErrorKind.valueOf(c.path("kind").asText()));
      assertThat(e.retryable()).as(String.valueOf(type)).isEqualTo(c.path("retryable").asBoolean());
      assertThat(e.upstreamStatus()).isEqualTo(c.path("status").asInt());
      if (retryAfter != null) {
        assertThat(e.retryAfter()).isEqualTo(retryAfter);
      }
    }
  }

  @Test
  void neverRepeatsCredentialsFromAnErrorMessage() {
    GatewayError e = BedrockErrors.fromUpstream(400, "ValidationException", ("{\"message\":\"bad header"
        + " Authorization: Bearer ABSKQmVkcm9ja0FQSUtleS1zZWNyZXQ for AKIAIOSFODNN7EXAMPLE\"}")
        .getBytes(StandardCharsets.UTF_8), null, "bedrock");
    assertThat(e.getMessage()).doesNotContain("ABSKQmVk").doesNotContain("AKIAIOSFODNN7EXAMPLE");

    GatewayError denied = BedrockErrors.fromUpstream(403, "InvalidSignatureException:http://internal.amazon.com/coral/",
        "{\"message\":\"The request signature we calculated does not match\"}".getBytes(StandardCharsets.UTF_8), null,
        "bedrock");
    assertThat(denied.wireCode()).isEqualTo("upstream_auth_failed");
    assertThat(denied.getMessage()).contains("refused the gateway's AWS credentials");
  }

  // ------------------------------------------------------------------ helpers

  static void assertUnsupported(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String param, String says) {
    assertThatThrownBy(call).isInstanceOfSatisfying(GatewayError.class, e -> {
      assertThat(e.isUnsupportedFeature()).as(e.getMessage()).isTrue();
      assertThat(e.param()).isEqualTo(param);
      assertThat(e.getMessage()).contains(says);
    });
  }

  static BedrockWire.ConverseResponse read(String json) {
    try {
      return Json.CAMEL.readValue(json, BedrockWire.ConverseResponse.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String golden(String name) {
    try (InputStream in = BedrockTranslationTest.class.getResourceAsStream("/golden/bedrock/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("missing golden file " + name, e);
    }
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

  @Test
  void mapsTheReasoningEffortToClaudesThinkingBudgetAndNova2sReasoningConfig() {
    ChatRequest r = ChatRequest.builder("m").messages(List.of(Message.user("Plan it"))).reasoningEffort("medium").build();

    BedrockRequests.Prepared claude = BedrockRequests.toWire(r, CLAUDE, "bedrock");
    assertThat(claude.body().additionalModelRequestFields().path("thinking").path("budget_tokens").asInt()).isEqualTo(8192);
    assertThat(claude.body().additionalModelRequestFields().path("thinking").path("type").asText()).isEqualTo("enabled");
    assertThat(claude.body().inferenceConfig().maxTokens()).isGreaterThan(8192);

    BedrockRequests.Prepared nova2 = BedrockRequests.toWire(r, "us.amazon.nova-2-lite-v1:0", "bedrock");
    assertThat(nova2.body().additionalModelRequestFields().path("reasoningConfig").path("maxReasoningEffort").asText())
        .isEqualTo("medium");

    assertThatThrownBy(() -> BedrockRequests.toWire(r, NOVA, "bedrock"))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("reasoning_effort"));
  }
}
