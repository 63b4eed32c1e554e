package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Anthropic Messages API face of the mock ({@code POST /v1/messages} and
 * {@code /v1/messages/count_tokens}). It reads requests as raw JSON (not through the gateway's
 * translators, so it cannot share their bugs), checks what Anthropic checks (credentials,
 * {@code anthropic-version}, {@code max_tokens}, roles, tool results answering the previous tool
 * uses; for count_tokens, no generation parameters), and writes messages, event streams, token
 * counts (the same count its messages report as input usage) and errors as Anthropic's API
 * reference shows them.
 */
final class AnthropicMock implements MockFront {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESSAGES = "/v1/messages";
  private static final String COUNT = "/v1/messages/count_tokens";

  /**
   * Messages fields that steer generation, which count_tokens refuses: its body is a Messages body
   * without them (Anthropic answers 400 "max_tokens: Extra inputs are not permitted").
   */
  private static final List<String> GENERATION_ONLY = List.of("max_tokens", "stream", "temperature", "top_p", "top_k",
      "stop_sequences", "metadata", "service_tier");

  private final MockServer server;
  private final AtomicLong ids = new AtomicLong();

  AnthropicMock(MockServer server) {
    this.server = server;
  }

  @Override
  public boolean handles(HttpServerRequest req) {
    return req.path().equals(MESSAGES) || req.path().equals(COUNT);
  }

  @Override
  public void handle(HttpServerRequest req, Buffer body) {
    String requestId = "req_mock" + ids.incrementAndGet();
    req.response().putHeader("request-id", requestId);
    if (req.method() != HttpMethod.POST) {
      error(req, 405, "invalid_request_error", "Method not allowed");
      return;
    }
    if (!authorised(req)) {
      return;
    }
    if (req.getHeader("anthropic-version") == null) {
      error(req, 400, "invalid_request_error", "anthropic-version: header is required");
      return;
    }
    JsonNode r;
    try {
      r = JSON.readTree(body.getBytes());
    } catch (Exception e) {
      error(req, 400, "invalid_request_error", "There was an issue with your request body: invalid JSON");
      return;
    }
    if (r == null || !r.isObject()) {
      error(req, 400, "invalid_request_error", "The request body must be a JSON object.");
      return;
    }
    String model = r.path("model").asText(null);
    if (model == null || model.isEmpty()) {
      error(req, 400, "invalid_request_error", "model: Field required");
      return;
    }
    boolean counting = req.path().equals(COUNT);
    String invalid = validate(r, counting);
    if (invalid != null) {
      error(req, 400, "invalid_request_error", invalid);
      return;
    }
    MockPrompt prompt;
    try {
      prompt = prompt(model, r);
    } catch (IllegalArgumentException e) {
      error(req, 400, "invalid_request_error", e.getMessage());
      return;
    }
    MockBehaviour b = server.behaviour(model);
    if (server.injectError(b)) {
      injected(req, b); // token counting fails the way messages do: overload, rate limits, server errors
      return;
    }
    if (counting) {
      req.response().putHeader("content-type", "application/json")
          .end("{\"input_tokens\":" + MockBrain.inputTokens(prompt) + "}");
      return;
    }
    MockAnswer a = MockBrain.answer(prompt, b.quality());
    String id = "msg_mock" + ids.incrementAndGet();
    if (r.path("stream").asBoolean(false)) {
      stream(req, b, id, model, a);
    } else {
      Emission.whole(server.vertx(), req, b, a.outputTokens(), "application/json",
          Buffer.buffer(message(id, model, a).toString()));
    }
  }

  private boolean authorised(HttpServerRequest req) {
    String expected = server.config().expectedApiKey();
    if (expected == null) {
      return true;
    }
    String got = req.getHeader("x-api-key");
    if (got == null) {
      error(req, 401, "authentication_error", "x-api-key header is required");
      return false;
    }
    if (!expected.equals(got)) {
      error(req, 401, "authentication_error", "invalid x-api-key");
      return false;
    }
    return true;
  }

  /** What Anthropic refuses before generating: the mock refuses it the same way, so gateway bugs show. */
  private static String validate(JsonNode r, boolean counting) {
    if (counting) {
      for (String field : GENERATION_ONLY) {
        if (r.has(field)) {
          return field + ": Extra inputs are not permitted";
        }
      }
    }
    JsonNode max = r.get("max_tokens");
    if (!counting && (max == null || !max.isIntegralNumber())) {
      return max == null ? "max_tokens: Field required" : "max_tokens: Input should be a valid integer";
    }
    if (max != null && max.asInt() < 1) {
      return "max_tokens: Input should be greater than or equal to 1";
    }
    JsonNode t = r.get("temperature");
    if (t != null && (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 1)) {
      return "temperature: Input should be less than or equal to 1";
    }
    JsonNode messages = r.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return "messages: at least one message is required";
    }
    Set<String> previousToolUses = Set.of();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        return "messages." + i + ".role: Input should be 'user' or 'assistant'";
      }
      JsonNode content = m.path("content");
      if (content.isTextual() ? content.asText().isEmpty() : !content.isArray() || content.isEmpty()) {
        if (!(role.equals("assistant") && i == messages.size() - 1)) {
          return "messages." + i + ": all messages must have non-empty content except for the optional final"
              + " assistant message";
        }
      }
      Set<String> toolUses = new HashSet<>();
      for (int j = 0; content.isArray() && j < content.size(); j++) {
        JsonNode block = content.get(j);
        String type = block.path("type").asText("");
        String at = "messages." + i + ".content." + j;
        switch (type) {
          case "text" -> {
            if (block.path("text").asText("").isEmpty()) {
              return at + ".text: text content blocks must be non-empty";
            }
          }
          case "image" -> {
            if (!role.equals("user")) {
              return at + ": image blocks are only allowed in user messages";
            }
          }
          case "tool_use", "thinking", "redacted_thinking" -> {
            if (!role.equals("assistant")) {
              return at + ": " + type + " blocks are only allowed in assistant messages";
            }
            if (type.equals("tool_use")) {
              if (!block.path("input").isObject()) {
                return at + ".input: Input should be a valid dictionary";
              }
              toolUses.add(block.path("id").asText());
            }
          }
          case "tool_result" -> {
            if (!role.equals("user")) {
              return at + ": tool_result blocks are only allowed in user messages";
            }
            String id = block.path("tool_use_id").asText();
            if (!previousToolUses.contains(id)) {
              return at + ": unexpected `tool_use_id` found in `tool_result` blocks: " + id
                  + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
            }
          }
          default -> {
            return at + ".type: Input tag '" + type + "' found using 'type' does not match any of the expected tags";
          }
        }
      }
      previousToolUses = toolUses;
    }
    return null;
  }

  static MockPrompt prompt(String model, JsonNode r) {
    StringBuilder system = new StringBuilder();
    JsonNode sys = r.path("system");
    if (sys.isTextual()) {
      system.append(sys.asText());
    } else {
      sys.forEach(b -> system.append(b.path("text").asText("")));
    }
    String lastUser = "";
    List<String> toolResults = new ArrayList<>();
    List<String> images = new ArrayList<>();
    int chars = system.length();
    for (JsonNode m : r.path("messages")) {
      boolean user = m.path("role").asText().equals("user");
      JsonNode content = m.path("content");
      StringBuilder text = new StringBuilder();
      List<String> results = new ArrayList<>();
      if (content.isTextual()) {
        text.append(content.asText());
      } else {
        for (JsonNode block : content) {
          switch (block.path("type").asText("")) {
            case "text" -> text.append(block.path("text").asText(""));
            case "image" -> images.add(imageType(block));
            case "tool_use" -> chars += block.path("name").asText("").length() + block.path("input").toString().length();
            case "tool_result" -> {
              String t = resultText(block.path("content"), images);
              results.add(t);
              chars += t.length();
            }
            default -> { } // thinking blocks do not change the simulated answer
          }
        }
      }
      chars += text.length();
      if (user) {
        lastUser = text.toString();
        toolResults.clear();
        toolResults.addAll(results);
      } else {
        lastUser = "";
        toolResults.clear();
      }
    }
    List<MockPrompt.Tool> tools = new ArrayList<>();
    for (JsonNode t : r.path("tools")) {
      tools.add(new MockPrompt.Tool(t.path("name").asText(), t.path("input_schema")));
    }
    JsonNode tc = r.path("tool_choice");
    String toolChoice = switch (tc.path("type").asText("auto")) {
      case "any" -> "required";
      case "none" -> "none";
      case "tool" -> tc.path("name").asText();
      default -> "auto";
    };
    List<String> stop = new ArrayList<>();
    r.path("stop_sequences").forEach(s -> stop.add(s.asText()));
    JsonNode max = r.get("max_tokens");
    // Anthropic has no JSON mode: JSON answers come through tools, which MockBrain already fills from their schema.
    return new MockPrompt(model, lastUser, chars, toolResults, images, tools, toolChoice, false, null, stop,
        max == null ? null : max.asInt(), system.toString());
  }

  private static String imageType(JsonNode block) {
    JsonNode src = block.path("source");
    return src.path("type").asText().equals("base64") ? src.path("media_type").asText("image") : "url";
  }

  private static String resultText(JsonNode content, List<String> images) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode b : content) {
      if (b.path("type").asText().equals("image")) {
        images.add(imageType(b));
      } else {
        sb.append(b.path("text").asText(""));
      }
    }
    return sb.toString();
  }

  private static ObjectNode message(String id, String model, MockAnswer a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    var content = o.putArray("content");
    if (a.toolCalls().isEmpty()) {
      content.addObject().put("type", "text").put("text", a.text());
    }
    for (MockAnswer.ToolCall c : a.toolCalls()) {
      content.addObject().put("type", "tool_use").put("id", toolUseId(c)).put("name", c.name())
          .set("input", parse(c.arguments()));
    }
    o.put("stop_reason", stopReason(a));
    o.put("stop_sequence", a.stopSequence());
    o.set("usage", usage(a.inputTokens(), a.outputTokens()));
    return o;
  }

  private static String toolUseId(MockAnswer.ToolCall c) {
    return c.id().startsWith("call_") ? "toolu_" + c.id().substring(5) : c.id();
  }

  private static String stopReason(MockAnswer a) {
    return switch (a.finish()) {
      case "length" -> "max_tokens";
      case "tool_calls" -> "tool_use";
      case "stop_sequence" -> "stop_sequence";
      default -> "end_turn";
    };
  }

  private static ObjectNode usage(int input, int output) {
    ObjectNode u = JSON.createObjectNode();
    u.put("input_tokens", input).put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0)
        .put("output_tokens", output).put("service_tier", "standard");
    return u;
  }

  private void stream(HttpServerRequest req, MockBehaviour b, String id, String model, MockAnswer a) {
    List<Buffer> events = new ArrayList<>();
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode msg = start.putObject("message");
    msg.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    msg.putArray("content");
    msg.putNull("stop_reason").putNull("stop_sequence");
    msg.set("usage", usage(a.inputTokens(), 1));
    events.add(sse("message_start", start));
    int index = 0;
    if (a.toolCalls().isEmpty()) {
      events.add(sse("content_block_start", blockStart(index, JSON.createObjectNode().put("type", "text").put("text", ""))));
      events.add(sse("ping", JSON.createObjectNode().put("type", "ping")));
      for (String token : a.tokens()) {
        ObjectNode d = JSON.createObjectNode().put("type", "text_delta").put("text", token);
        events.add(sse("content_block_delta", blockDelta(index, d)));
      }
      events.add(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
      index++;
    } else {
      events.add(sse("ping", JSON.createObjectNode().put("type", "ping")));
    }
    for (MockAnswer.ToolCall c : a.toolCalls()) {
      ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", toolUseId(c)).put("name", c.name());
      block.putObject("input");
      events.add(sse("content_block_start", blockStart(index, block)));
      events.add(sse("content_block_delta", blockDelta(index,
          JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", ""))));
      String args = c.arguments();
      for (int s = 0; s < args.length(); s += 8) {
        ObjectNode d = JSON.createObjectNode().put("type", "input_json_delta")
            .put("partial_json", args.substring(s, Math.min(args.length(), s + 8)));
        events.add(sse("content_block_delta", blockDelta(index, d)));
      }
      events.add(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
      index++;
    }
    ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", stopReason(a)).put("stop_sequence", a.stopSequence());
    delta.putObject("usage").put("output_tokens", a.outputTokens());
    events.add(sse("message_delta", delta));
    Emission.stream(server.vertx(), req, b, events, sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
  }

  private static ObjectNode blockStart(int index, ObjectNode block) {
    ObjectNode e = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
    e.set("content_block", block);
    return e;
  }

  private static ObjectNode blockDelta(int index, ObjectNode delta) {
    ObjectNode e = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
    e.set("delta", delta);
    return e;
  }

  private static Buffer sse(String event, JsonNode data) {
    return Buffer.buffer("event: " + event + "\ndata: " + data + "\n\n");
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private void injected(HttpServerRequest req, MockBehaviour b) {
    int s = b.errorStatus();
    if (s == 429 || s == 503 || s == 529) {
      req.response().putHeader("retry-after", Integer.toString(b.retryAfterSeconds()));
    }
    switch (s) {
      case 400 -> error(req, s, "invalid_request_error", "Simulated invalid request.");
      case 401 -> error(req, s, "authentication_error", "invalid x-api-key");
      case 403 -> error(req, s, "permission_error", "Your API key does not have permission to use the specified resource.");
      case 404 -> error(req, s, "not_found_error", "Simulated: resource not found.");
      case 413 -> error(req, s, "request_too_large", "Request exceeds the maximum allowed number of bytes.");
      case 429 -> error(req, s, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"
          + " (simulated).");
      case 503, 529 -> error(req, s, "overloaded_error", "Overloaded");
      default -> error(req, s, s >= 500 ? "api_error" : "invalid_request_error",
          s >= 500 ? "Internal server error (simulated)." : "Simulated error.");
    }
  }

  static void error(HttpServerRequest req, int status, String type, String message) {
    ObjectNode e = JSON.createObjectNode().put("type", "error");
    e.putObject("error").put("type", type).put("message", message);
    e.put("request_id", req.response().headers().get("request-id"));
    req.response().setStatusCode(status).putHeader("content-type", "application/json").end(e.toString());
  }
}
