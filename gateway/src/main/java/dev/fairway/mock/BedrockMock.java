package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The Amazon Bedrock Runtime face of the mock: Converse ({@code POST /model/{modelId}/converse}) and
 * ConverseStream ({@code /converse-stream}, binary AWS event-stream frames encoded with the AWS
 * event-stream library). It checks SigV4 like AWS (see {@link SigV4Check}) or accepts a Bedrock API
 * key, validates what Bedrock validates (alternating turns, blank text, Titan's lack of system
 * prompts and tools), and reads requests as raw JSON, independently of the gateway's translators.
 */
final class BedrockMock implements MockFront {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");
  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
  private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final MockServer server;
  private final AtomicLong ids = new AtomicLong();

  BedrockMock(MockServer server) {
    this.server = server;
  }

  @Override
  public boolean handles(HttpServerRequest req) {
    return PATH.matcher(req.path()).matches();
  }

  @Override
  public void handle(HttpServerRequest req, Buffer body) {
    String requestId = new UUID(0x6d6f636b00000000L, ids.incrementAndGet()).toString();
    req.response().putHeader("x-amzn-RequestId", requestId);
    if (req.method() != HttpMethod.POST) {
      error(req, 404, "UnknownOperationException", null);
      return;
    }
    if (!authorised(req, body)) {
      return;
    }
    Matcher path = PATH.matcher(req.path());
    path.matches();
    String model = URLDecoder.decode(path.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    boolean stream = path.group(2).equals("converse-stream");
    JsonNode r;
    try {
      r = JSON.readTree(body.getBytes());
    } catch (Exception e) {
      r = null;
    }
    if (r == null || !r.isObject()) {
      error(req, 400, "ValidationException", "Malformed input request, please reformat your input and try again.");
      return;
    }
    String invalid = validate(model, r);
    if (invalid != null) {
      error(req, 400, "ValidationException", invalid);
      return;
    }
    MockBehaviour b = server.behaviour(model);
    if (server.injectError(b)) {
      injected(req, b);
      return;
    }
    MockAnswer a = MockBrain.answer(prompt(model, r), b.quality());
    long latency = b.ttftMs() + (b.tokensPerSecond() > 0 ? Math.round(a.outputTokens() * 1000.0 / b.tokensPerSecond()) : 0);
    boolean wantsStopSequence = false;
    for (JsonNode p : r.path("additionalModelResponseFieldPaths")) {
      wantsStopSequence |= p.asText().equals("/stop_sequence");
    }
    if (stream) {
      stream(req, b, a, latency, wantsStopSequence);
    } else {
      Emission.whole(server.vertx(), req, b, a.outputTokens(), "application/json",
          Buffer.buffer(converse(a, latency, wantsStopSequence).toString()));
    }
  }

  // ---------------------------------------------------------------- auth

  private boolean authorised(HttpServerRequest req, Buffer body) {
    String auth = req.getHeader("authorization");
    if (auth != null && auth.startsWith("Bearer ")) {
      String expected = server.config().expectedApiKey();
      if (expected == null || expected.equals(auth.substring(7))) {
        return true;
      }
      error(req, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
      return false;
    }
    SigV4Check.Refusal no = SigV4Check.check(req, body, server.awsCredentials(), Instant.now());
    if (no == null) {
      return true;
    }
    error(req, no.status(), no.type(), no.message());
    return false;
  }

  // ---------------------------------------------------------------- what Bedrock validates

  private static String validate(String model, JsonNode r) {
    JsonNode messages = r.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return "A conversation must start with a user message. Try again with a conversation that starts with a user"
          + " message.";
    }
    String id = model.toLowerCase(Locale.ROOT);
    boolean titan = id.contains("amazon.titan");
    boolean toolBlocks = false;
    String previous = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        return "1 validation error detected: Value '" + role + "' at 'messages." + (i + 1) + ".member.role' failed to"
            + " satisfy constraint: Member must satisfy enum value set: [user, assistant]";
      }
      if (i == 0 && !role.equals("user")) {
        return "A conversation must start with a user message. Try again with a conversation that starts with a user"
            + " message.";
      }
      if (role.equals(previous)) {
        return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates"
            + " between user and assistant roles and try again.";
      }
      previous = role;
      JsonNode content = m.path("content");
      if (!content.isArray() || content.isEmpty()) {
        return "The content field in the Message object at messages." + i + " is empty. Add a ContentBlock object to"
            + " the content field and try again.";
      }
      for (int j = 0; j < content.size(); j++) {
        JsonNode c = content.get(j);
        if (c.has("text") && c.path("text").asText("").isBlank()) {
          return "The text field in the ContentBlock object at messages." + i + ".content." + j + " is blank. Add text"
              + " to the text field, and try again.";
        }
        toolBlocks |= c.has("toolUse") || c.has("toolResult");
        if (c.has("image") && (titan || id.contains("meta.llama3-1") || id.contains("nova-micro"))) {
          return "This model doesn't support the image content block that you provided. Try again with a supported"
              + " model.";
        }
      }
    }
    if (titan && r.has("system")) {
      return "This model doesn't support system messages. Try again with a supported model.";
    }
    if (titan && r.has("toolConfig")) {
      return "This model doesn't support tool use.";
    }
    if (toolBlocks && !r.path("toolConfig").isObject()) {
      return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
    }
    double temperature = r.path("inferenceConfig").path("temperature").asDouble(0);
    if (temperature < 0 || temperature > 1) {
      return "1 validation error detected: Value '" + temperature + "' at 'inferenceConfig.temperature' failed to"
          + " satisfy constraint: Member must have value less than or equal to 1";
    }
    return null;
  }

  static MockPrompt prompt(String model, JsonNode r) {
    StringBuilder system = new StringBuilder();
    for (JsonNode s : r.path("system")) {
      system.append(s.path("text").asText(""));
    }
    String lastUser = "";
    List<String> toolResults = new ArrayList<>();
    List<String> images = new ArrayList<>();
    int chars = system.length();
    for (JsonNode m : r.path("messages")) {
      boolean user = m.path("role").asText().equals("user");
      StringBuilder text = new StringBuilder();
      List<String> results = new ArrayList<>();
      for (JsonNode c : m.path("content")) {
        if (c.has("text")) {
          text.append(c.path("text").asText());
        } else if (c.has("image")) {
          images.add("image/" + c.path("image").path("format").asText("png"));
        } else if (c.has("toolResult")) {
          StringBuilder rt = new StringBuilder();
          for (JsonNode part : c.path("toolResult").path("content")) {
            rt.append(part.has("json") ? part.path("json").toString() : part.path("text").asText(""));
          }
          results.add(rt.toString());
          chars += rt.length();
        } else if (c.has("toolUse")) {
          chars += c.path("toolUse").toString().length();
        }
      }
      chars += text.length();
      if (user) {
        lastUser = text.toString();
        toolResults = results;
      } else {
        lastUser = "";
        toolResults = new ArrayList<>();
      }
    }
    List<MockPrompt.Tool> tools = new ArrayList<>();
    for (JsonNode t : r.path("toolConfig").path("tools")) {
      JsonNode spec = t.path("toolSpec");
      if (spec.isObject()) {
        tools.add(new MockPrompt.Tool(spec.path("name").asText(), spec.path("inputSchema").path("json")));
      }
    }
    JsonNode tc = r.path("toolConfig").path("toolChoice");
    String toolChoice = tc.has("any") ? "required" : tc.has("tool") ? tc.path("tool").path("name").asText() : "auto";
    List<String> stop = new ArrayList<>();
    r.path("inferenceConfig").path("stopSequences").forEach(s -> stop.add(s.asText()));
    JsonNode max = r.path("inferenceConfig").get("maxTokens");
    return new MockPrompt(model, lastUser, chars, toolResults, images, tools, toolChoice, false, null, stop,
        max == null || max.isNull() ? null : max.asInt(), system.toString());
  }

  // ---------------------------------------------------------------- answers

  private static String stopReason(MockAnswer a) {
    return switch (a.finish()) {
      case "tool_calls" -> "tool_use";
      case "length" -> "max_tokens";
      case "stop_sequence" -> "stop_sequence";
      default -> "end_turn";
    };
  }

  private static ObjectNode converse(MockAnswer a, long latencyMs, boolean wantsStopSequence) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode msg = o.putObject("output").putObject("message");
    msg.put("role", "assistant");
    ArrayNode content = msg.putArray("content");
    if (!a.tokens().isEmpty() || a.toolCalls().isEmpty()) {
      content.addObject().put("text", a.text());
    }
    for (MockAnswer.ToolCall c : a.toolCalls()) {
      ObjectNode tu = content.addObject().putObject("toolUse");
      tu.put("toolUseId", toolUseId(c)).put("name", c.name());
      tu.set("input", parse(c.arguments()));
    }
    o.put("stopReason", stopReason(a));
    o.set("usage", usage(a));
    o.putObject("metrics").put("latencyMs", latencyMs);
    if (wantsStopSequence && a.stopSequence() != null) {
      o.putObject("additionalModelResponseFields").put("stop_sequence", a.stopSequence());
    }
    return o;
  }

  private void stream(HttpServerRequest req, MockBehaviour b, MockAnswer a, long latency, boolean wantsStopSequence) {
    List<Buffer> frames = new ArrayList<>();
    ObjectNode start = JSON.createObjectNode().put("role", "assistant");
    frames.add(event("messageStart", start));
    int block = 0;
    if (!a.tokens().isEmpty()) {
      for (String token : a.tokens()) {
        ObjectNode d = JSON.createObjectNode().put("contentBlockIndex", block);
        d.putObject("delta").put("text", token);
        frames.add(event("contentBlockDelta", d));
      }
      frames.add(event("contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", block)));
      block++;
    }
    for (MockAnswer.ToolCall c : a.toolCalls()) {
      ObjectNode s = JSON.createObjectNode().put("contentBlockIndex", block);
      s.putObject("start").putObject("toolUse").put("toolUseId", toolUseId(c)).put("name", c.name());
      frames.add(event("contentBlockStart", s));
      String args = c.arguments();
      for (int i = 0; i < args.length(); i += 8) {
        ObjectNode d = JSON.createObjectNode().put("contentBlockIndex", block);
        d.putObject("delta").putObject("toolUse").put("input", args.substring(i, Math.min(args.length(), i + 8)));
        frames.add(event("contentBlockDelta", d));
      }
      frames.add(event("contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", block)));
      block++;
    }
    ObjectNode stop = JSON.createObjectNode().put("stopReason", stopReason(a));
    if (wantsStopSequence && a.stopSequence() != null) {
      stop.putObject("additionalModelResponseFields").put("stop_sequence", a.stopSequence());
    }
    frames.add(event("messageStop", stop));
    ObjectNode meta = JSON.createObjectNode();
    meta.set("usage", usage(a));
    meta.putObject("metrics").put("latencyMs", latency);
    Buffer terminal = event("metadata", meta);
    // MALFORMED: a frame whose prelude CRC is wrong, as a corrupted connection would deliver.
    Buffer corrupt = event("contentBlockDelta", JSON.createObjectNode().put("contentBlockIndex", 0));
    corrupt.setByte(9, (byte) (corrupt.getByte(9) ^ 0x5A));
    Emission.stream(server.vertx(), req, b, frames, terminal, EVENT_STREAM, corrupt);
  }

  /** One event-stream frame; Bedrock pads payloads with a {@code p} field of varying length. */
  static Buffer event(String type, ObjectNode payload) {
    payload.put("p", PADDING.substring(0, 1 + (payload.toString().length() % (PADDING.length() - 1))));
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return frame(headers, payload.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** An exception frame, as ConverseStream sends when the model fails mid-stream. */
  static Buffer exception(String type, String message) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    return frame(headers, JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Buffer frame(Map<String, HeaderValue> headers, byte[] payload) {
    ByteBuffer bb = new Message(headers, payload).toByteBuffer();
    byte[] bytes = new byte[bb.remaining()];
    bb.get(bytes);
    return Buffer.buffer(bytes);
  }

  private static ObjectNode usage(MockAnswer a) {
    ObjectNode u = JSON.createObjectNode();
    u.put("inputTokens", a.inputTokens()).put("outputTokens", a.outputTokens())
        .put("totalTokens", a.inputTokens() + a.outputTokens());
    return u;
  }

  /** Bedrock's tool use ids look like {@code tooluse_<22 characters>}. */
  private static String toolUseId(MockAnswer.ToolCall c) {
    return "tooluse_" + c.id().substring(c.id().indexOf('_') + 1);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  // ---------------------------------------------------------------- errors

  private void injected(HttpServerRequest req, MockBehaviour b) {
    int s = b.errorStatus();
    if (s == 429 || s == 503 || s == 529) {
      req.response().putHeader("retry-after", Integer.toString(b.retryAfterSeconds()));
    }
    switch (s) {
      case 400 -> error(req, 400, "ValidationException", "Simulated validation error.");
      case 403 -> error(req, 403, "AccessDeniedException", "You don't have access to the model with the specified model"
          + " ID.");
      case 404 -> error(req, 404, "ResourceNotFoundException", "The provided model identifier is invalid.");
      case 408 -> error(req, 408, "ModelTimeoutException", "Model has timed out in processing the request. (simulated)");
      case 424 -> error(req, 424, "ModelErrorException", "The model encountered an error. (simulated)");
      case 429 -> error(req, 429, "ThrottlingException", "Too many requests, please wait before trying again. (simulated)");
      case 503, 529 -> error(req, 503, "ServiceUnavailableException", "Bedrock is unable to process your request."
          + " (simulated)");
      default -> error(req, s, s >= 500 ? "InternalServerException" : "ValidationException",
          s >= 500 ? "The server encountered an internal error. (simulated)" : "Simulated error.");
    }
  }

  static void error(HttpServerRequest req, int status, String type, String message) {
    ObjectNode e = JSON.createObjectNode();
    if (message != null) {
      e.put("message", message);
    }
    req.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .end(e.toString());
  }
}
