package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAI Chat Completions face of the mock, including Azure OpenAI's deployment path. It reads
 * requests as raw JSON (not through the gateway's translators, so it cannot share their bugs) and
 * writes responses, chunks and errors as OpenAI's API reference shows them.
 */
final class OpenAiMock implements MockFront {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AZURE = Pattern.compile("/openai/deployments/([^/]+)/chat/completions");

  private final MockServer server;
  private final AtomicLong ids = new AtomicLong();

  OpenAiMock(MockServer server) {
    this.server = server;
  }

  @Override
  public boolean handles(HttpServerRequest req) {
    String p = req.path();
    return p.equals("/v1/chat/completions") || p.equals("/chat/completions") || p.equals("/v1/models")
        || AZURE.matcher(p).matches();
  }

  @Override
  public void handle(HttpServerRequest req, Buffer body) {
    if (req.path().equals("/v1/models")) {
      models(req);
      return;
    }
    if (req.method() != HttpMethod.POST) {
      error(req, 405, "Method not allowed", "invalid_request_error", null, null);
      return;
    }
    Matcher azure = AZURE.matcher(req.path());
    boolean isAzure = azure.matches();
    if (!authorised(req, isAzure)) {
      return;
    }
    if (isAzure && req.getParam("api-version") == null) {
      error(req, 400, "Missing required query parameter: api-version", "invalid_request_error", "api-version", null);
      return;
    }
    JsonNode r;
    try {
      r = JSON.readTree(body.getBytes());
    } catch (Exception e) {
      error(req, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null, null);
      return;
    }
    if (r == null || !r.isObject()) {
      error(req, 400, "The request body must be a JSON object.", "invalid_request_error", null, null);
      return;
    }
    String model = isAzure ? azure.group(1) : r.path("model").asText(null);
    if (model == null || model.isEmpty()) {
      error(req, 400, "you must provide a model parameter", "invalid_request_error", null, null);
      return;
    }
    JsonNode messages = r.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      error(req, 400, "Invalid 'messages': empty array. Expected an array with minimum length 1.",
          "invalid_request_error", "messages", "empty_array");
      return;
    }
    MockBehaviour b = server.behaviour(model);
    if (server.injectError(b)) {
      injected(req, b);
      return;
    }
    MockPrompt prompt;
    try {
      prompt = prompt(model, r);
    } catch (IllegalArgumentException e) {
      error(req, 400, e.getMessage(), "invalid_request_error", null, null);
      return;
    }
    MockAnswer a = MockBrain.answer(prompt, b.quality());
    if (b.contextWindow() > 0 && a.inputTokens() > b.contextWindow()) {
      error(req, 400, "This model's maximum context length is " + b.contextWindow() + " tokens. However, your"
          + " messages resulted in " + a.inputTokens() + " tokens. Please reduce the length of the messages.",
          "invalid_request_error", "messages", "context_length_exceeded");
      return;
    }
    String id = "chatcmpl-mock" + ids.incrementAndGet();
    long created = System.currentTimeMillis() / 1000;
    if (r.path("stream").asBoolean(false)) {
      boolean usage = r.path("stream_options").path("include_usage").asBoolean(false);
      stream(req, b, id, created, model, a, usage);
    } else {
      Emission.whole(server.vertx(), req, b, a.outputTokens(), "application/json",
          Buffer.buffer(completion(id, created, model, a).toString()));
    }
  }

  private boolean authorised(HttpServerRequest req, boolean azure) {
    String expected = server.config().expectedApiKey();
    if (expected == null) {
      return true;
    }
    String got = azure ? req.getHeader("api-key") : bearer(req.getHeader("authorization"));
    if (expected.equals(got)) {
      return true;
    }
    error(req, 401, got == null ? "You didn't provide an API key." : "Incorrect API key provided.",
        "invalid_request_error", null, "invalid_api_key");
    return false;
  }

  private static String bearer(String h) {
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }

  static MockPrompt prompt(String model, JsonNode r) {
    StringBuilder system = new StringBuilder();
    String lastUser = "";
    List<String> toolResults = new ArrayList<>();
    List<String> images = new ArrayList<>();
    int chars = 0;
    for (JsonNode m : r.path("messages")) {
      String role = m.path("role").asText("");
      JsonNode content = m.path("content");
      StringBuilder text = new StringBuilder();
      if (content.isTextual()) {
        text.append(content.asText());
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          switch (part.path("type").asText("")) {
            case "text" -> text.append(part.path("text").asText(""));
            case "image_url" -> {
              String url = part.path("image_url").path("url").asText("");
              images.add(url.startsWith("data:") ? url.substring(5, Math.max(5, url.indexOf(';'))) : "url");
            }
            default -> throw new IllegalArgumentException("Invalid content part type: " + part.path("type").asText());
          }
        }
      }
      chars += text.length();
      switch (role) {
        case "system", "developer" -> system.append(text);
        case "user" -> {
          lastUser = text.toString();
          toolResults.clear();
        }
        case "assistant" -> {
          lastUser = "";
          toolResults.clear();
          chars += m.path("tool_calls").toString().length();
        }
        case "tool" -> toolResults.add(text.toString());
        default -> throw new IllegalArgumentException("Invalid value for 'role': " + role);
      }
    }
    List<MockPrompt.Tool> tools = new ArrayList<>();
    for (JsonNode t : r.path("tools")) {
      tools.add(new MockPrompt.Tool(t.path("function").path("name").asText(), t.path("function").path("parameters")));
    }
    JsonNode tc = r.path("tool_choice");
    String toolChoice = tc.isTextual() ? tc.asText() : tc.isObject() ? tc.path("function").path("name").asText() : "auto";
    JsonNode rf = r.path("response_format");
    boolean json = rf.path("type").asText("").startsWith("json");
    JsonNode schema = rf.path("type").asText("").equals("json_schema") ? rf.path("json_schema").path("schema") : null;
    List<String> stop = new ArrayList<>();
    JsonNode st = r.path("stop");
    if (st.isTextual()) {
      stop.add(st.asText());
    } else {
      st.forEach(s -> stop.add(s.asText()));
    }
    JsonNode max = r.has("max_completion_tokens") ? r.get("max_completion_tokens") : r.get("max_tokens");
    return new MockPrompt(model, lastUser, chars, toolResults, images, tools, toolChoice, json, schema, stop,
        max == null || max.isNull() ? null : max.asInt(), system.toString());
  }

  private static ObjectNode completion(String id, long created, String model, MockAnswer a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
    ObjectNode choice = o.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    if (a.toolCalls().isEmpty()) {
      msg.put("content", a.text());
    } else {
      msg.putNull("content");
      ArrayNode calls = msg.putArray("tool_calls");
      for (MockAnswer.ToolCall c : a.toolCalls()) {
        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
      }
    }
    msg.putNull("refusal");
    msg.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", finish(a));
    o.set("usage", usage(a));
    o.put("service_tier", "default");
    o.put("system_fingerprint", "fairway-mock");
    return o;
  }

  private static String finish(MockAnswer a) {
    return a.finish().equals("stop_sequence") ? "stop" : a.finish();
  }

  private static ObjectNode usage(MockAnswer a) {
    ObjectNode u = JSON.createObjectNode();
    u.put("prompt_tokens", a.inputTokens()).put("completion_tokens", a.outputTokens())
        .put("total_tokens", a.inputTokens() + a.outputTokens());
    u.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
    u.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    return u;
  }

  private void stream(HttpServerRequest req, MockBehaviour b, String id, long created, String model, MockAnswer a,
      boolean includeUsage) {
    List<Buffer> events = new ArrayList<>();
    ObjectNode first = delta(id, created, model);
    first.withArray("choices").get(0).withObject("delta").put("role", "assistant").put("content", "").putNull("refusal");
    events.add(sse(first));
    for (String token : a.tokens()) {
      ObjectNode c = delta(id, created, model);
      c.withArray("choices").get(0).withObject("delta").put("content", token);
      events.add(sse(c));
    }
    for (int i = 0; i < a.toolCalls().size(); i++) {
      MockAnswer.ToolCall call = a.toolCalls().get(i);
      ObjectNode c = delta(id, created, model);
      ObjectNode tc = c.withArray("choices").get(0).withObject("delta").putArray("tool_calls").addObject();
      tc.put("index", i).put("id", call.id()).put("type", "function");
      tc.putObject("function").put("name", call.name()).put("arguments", "");
      events.add(sse(c));
      String args = call.arguments();
      for (int s = 0; s < args.length(); s += 8) {
        ObjectNode d = delta(id, created, model);
        ObjectNode dtc = d.withArray("choices").get(0).withObject("delta").putArray("tool_calls").addObject();
        dtc.put("index", i);
        dtc.putObject("function").put("arguments", args.substring(s, Math.min(args.length(), s + 8)));
        events.add(sse(d));
      }
    }
    ObjectNode fin = delta(id, created, model);
    ((ObjectNode) fin.withArray("choices").get(0)).put("finish_reason", finish(a));
    events.add(sse(fin));
    if (includeUsage) {
      ObjectNode u = JSON.createObjectNode();
      u.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
      u.putArray("choices");
      u.put("system_fingerprint", "fairway-mock");
      u.set("usage", usage(a));
      events.add(sse(u));
    }
    Emission.stream(server.vertx(), req, b, events, Buffer.buffer("data: [DONE]\n\n"));
  }

  private static ObjectNode delta(String id, long created, String model) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    c.put("system_fingerprint", "fairway-mock");
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    return c;
  }

  private static Buffer sse(JsonNode n) {
    return Buffer.buffer("data: " + n + "\n\n");
  }

  private void models(HttpServerRequest req) {
    req.response().putHeader("content-type", "application/json")
        .end("{\"object\":\"list\",\"data\":[{\"id\":\"mock\",\"object\":\"model\",\"created\":0,\"owned_by\":\"fairway\"}]}");
  }

  private void injected(HttpServerRequest req, MockBehaviour b) {
    int s = b.errorStatus();
    if (s == 429 || s == 503 || s == 529) {
      req.response().putHeader("retry-after", Integer.toString(b.retryAfterSeconds()));
    }
    String type = s == 429 ? "requests" : s >= 500 ? "server_error" : "invalid_request_error";
    String msg = s == 429 ? "Rate limit reached for requests (simulated)."
        : s == 503 || s == 529 ? "The engine is currently overloaded, please try again later. (simulated)"
        : s >= 500 ? "The server had an error while processing your request. (simulated)"
        : "Simulated error.";
    error(req, s, msg, type, null, s == 429 ? "rate_limit_exceeded" : null);
  }

  static void error(HttpServerRequest req, int status, String message, String type, String param, String code) {
    ObjectNode e = JSON.createObjectNode();
    ObjectNode d = e.putObject("error");
    d.put("message", message).put("type", type).put("param", param).put("code", code);
    req.response().setStatusCode(status).putHeader("content-type", "application/json").end(e.toString());
  }
}
