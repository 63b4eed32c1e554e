package dev.fairway.ingress.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anthropic requests as Claude Code and the SDKs send them: passed through unchanged to an
 * Anthropic-protocol provider (with the client's betas), translated or dropped-and-listed for
 * another protocol, refused where the target cannot honour their meaning.
 */
class ClaudeCodeFieldsTest {
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: sk-ant-gateway, headers: {anthropic-beta: operator-beta}}
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: sk-gateway}
        models:
          - {id: claude, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             capabilities: [tools, vision, json], deployments: [{provider: anthropic, model: claude-up}]}
          - {id: gpt, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             capabilities: [tools, vision, json], deployments: [{provider: openai, model: gpt-up}]}
          - {id: gpt-or-claude, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             capabilities: [tools, vision, json], deployments: [{provider: openai, model: gpt-up}]}
        fallbacks: {gpt-or-claude: [claude]}
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @BeforeEach
  void clear() {
    t.mock.clearReceived();
  }

  /** A request with what Claude Code sends beyond the classic Messages API. */
  private static String claudeCodeRequest(String model, String extra) {
    return """
        {"model": "%s", "max_tokens": 2000, "stream": %s,
         "system": [{"type": "text", "text": "You are an agent.", "cache_control": {"type": "ephemeral"}}],
         "messages": [
           {"role": "user", "content": [{"type": "text", "text": "hello", "cache_control": {"type": "ephemeral"}}]},
           {"role": "system", "content": "Reminder: be brief."},
           {"role": "assistant", "content": "Hi."},
           {"role": "user", "content": "What is 6 * 7?"}],
         "tools": [{"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"},
                    "eager_input_streaming": true, "strict": true, "defer_loading": false,
                    "input_examples": [{"city": "Paris"}], "cache_control": {"type": "ephemeral"}}],
         "thinking": {"type": "adaptive", "display": "omitted"},
         "output_config": {"effort": "medium"},
         "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]},
         "inference_geo": "us",
         "metadata": {"user_id": "u-1"}%s}""".formatted(model, extra.contains("stream") ? "true" : "false",
        extra.isEmpty() || extra.equals("stream") ? "" : ", " + extra);
  }

  @Test
  void passesClaudeCodesBodyUnchangedToAnAnthropicProvider() throws Exception {
    String body = claudeCodeRequest("claude", "");
    Http.Response r = t.http.post("/v1/messages", body, "anthropic-version", "2023-06-01",
        "anthropic-beta", "context-management-2025-06-27,advanced-tool-use-2025-11-20");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("x-fairway-dropped")).isNull();
    var got = t.mock.lastReceived();
    JsonNode sent = Http.JSON.readTree(got.body());
    JsonNode expected = Http.JSON.readTree(body);
    var e = (com.fasterxml.jackson.databind.node.ObjectNode) expected;
    e.put("model", "claude-up");
    e.remove("stream");
    // the one change: the mid-conversation system turn joins the top-level system, after its blocks
    ((com.fasterxml.jackson.databind.node.ArrayNode) e.get("system")).addObject().put("type", "text")
        .put("text", "Reminder: be brief.");
    ((com.fasterxml.jackson.databind.node.ArrayNode) e.get("messages")).remove(1);
    assertThat(sent).isEqualTo(expected);
    assertThat(got.headers().get("anthropic-beta"))
        .isEqualTo("operator-beta,context-management-2025-06-27,advanced-tool-use-2025-11-20");
    assertThat(got.headers().get("x-api-key")).isEqualTo("sk-ant-gateway");
  }

  @Test
  void translatesForAnOpenAiProviderAndListsTheDroppedHints() throws Exception {
    Http.Response r = t.http.post("/v1/messages", claudeCodeRequest("gpt", ""), "anthropic-version", "2023-06-01");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("x-fairway-dropped")).isEqualTo("cache_control, context_management, defer_loading,"
        + " eager_input_streaming, inference_geo, input_examples, thinking.display");
    JsonNode sent = Http.JSON.readTree(t.mock.lastReceived().body());
    assertThat(sent.path("reasoning_effort").asText()).isEqualTo("medium"); // output_config.effort
    assertThat(sent.path("tools").get(0).path("function").path("strict").asBoolean()).isTrue();
    List<String> roles = sent.path("messages").findValuesAsText("role");
    // the system prompt first, the mid-conversation system message where it stood
    assertThat(roles).containsExactly("system", "user", "system", "assistant", "user");
    assertThat(sent.path("messages").get(2).path("content").asText()).isEqualTo("Reminder: be brief.");
  }

  @Test
  void refusesServerSideSemanticsForAnotherProtocolAndFallsBackToOneThatServesThem() throws Exception {
    String mcp = "\"mcp_servers\": [{\"type\": \"url\", \"url\": \"https://mcp.example/sse\", \"name\": \"x\"}]";
    Http.Response refused = t.http.post("/v1/messages", claudeCodeRequest("gpt", mcp), "anthropic-version", "2023-06-01");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error").path("message").asText()).contains("cannot honour 'mcp_servers'");
    assertThat(t.mock.received()).isEmpty();

    // A fallback on Anthropic's protocol serves it, mcp_servers included.
    Http.Response served = t.http.post("/v1/messages", claudeCodeRequest("gpt-or-claude", mcp),
        "anthropic-version", "2023-06-01");
    assertThat(served.status()).as(served.body()).isEqualTo(200);
    assertThat(served.header("x-fairway-model")).isEqualTo("claude");
    assertThat(t.mock.lastReceived().body()).contains("\"mcp_servers\"");
  }

  @Test
  void refusesTopKForAnOpenAiProviderRatherThanDroppingIt() {
    Http.Response r = t.http.post("/v1/messages", """
        {"model": "gpt", "max_tokens": 100, "top_k": 5, "messages": [{"role": "user", "content": "hi"}]}""",
        "anthropic-version", "2023-06-01");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").path("message").asText()).contains("'top_k'");
    assertThat(t.mock.received()).isEmpty();
  }

  @Test
  void messageStartCarriesInputTokensFromTheProviderOrFairwaysOwnCount() {
    for (String model : List.of("claude", "gpt")) {
      Http.Stream s = t.http.stream("/v1/messages", """
          {"model": "%s", "max_tokens": 100, "stream": true,
           "messages": [{"role": "user", "content": "Tell me about gateways and routers"}]}""".formatted(model),
          "anthropic-version", "2023-06-01");

      JsonNode start = s.events().get(0).json();
      assertThat(start.path("type").asText()).isEqualTo("message_start");
      long atStart = start.path("message").path("usage").path("input_tokens").asLong();
      assertThat(atStart).as(model).isPositive();
      JsonNode delta = s.events().stream().filter(e -> "message_delta".equals(e.type())).findFirst().orElseThrow().json();
      assertThat(delta.path("usage").path("input_tokens").asLong()).as(model).isPositive();
    }
  }
}
