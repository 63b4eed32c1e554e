package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gemini API face of the mock: {@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent} (SSE with {@code alt=sse}, else a streamed JSON array), also under
 * {@code /v1/} and {@code /v1alpha/}. It reads requests as raw JSON, independently of the gateway's
 * translators, and validates them as strictly as Google does (unknown fields, roles, empty parts,
 * base64, function response counts, thought signatures on Gemini 3), answering with Google's error
 * bodies ({@code {"error": {"code", "message", "status", "details"}}}).
 *
 * <p>Protocol-specific triggers: a user text containing {@code [mock:block-prompt]} gets a prompt
 * blocked for SAFETY; {@code [mock:block-answer]} an answer that finishes with SAFETY and no content.
 * Thinking models (gemini-2.5*, gemini-3*) report thought tokens and sign their function calls.
 */
final class GeminiMock implements MockFront {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile("/(v1|v1beta|v1alpha)/models/([^/:]+):(generateContent|streamGenerateContent)");
  private static final Set<String> REQUEST_FIELDS = Set.of("contents", "systemInstruction", "tools", "toolConfig",
      "generationConfig", "safetySettings", "cachedContent", "labels");
  private static final Set<String> CONTENT_FIELDS = Set.of("role", "parts");
  private static final Set<String> PART_FIELDS = Set.of("text", "thought", "thoughtSignature", "inlineData",
      "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "videoMetadata",
      "mediaResolution");
  private static final Set<String> GENERATION_FIELDS = Set.of("stopSequences", "responseMimeType", "responseSchema",
      "responseJsonSchema", "responseModalities", "candidateCount", "maxOutputTokens", "temperature", "topP", "topK",
      "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers",
      "speechConfig", "thinkingConfig", "mediaResolution", "imageConfig");
  private static final Set<String> DECLARATION_FIELDS = Set.of("name", "description", "parameters",
      "parametersJsonSchema", "response", "responseJsonSchema", "behavior");
  private static final String BLOCK_PROMPT = "[mock:block-prompt]";
  private static final String BLOCK_ANSWER = "[mock:block-answer]";

  private final MockServer server;
  private final AtomicLong ids = new AtomicLong();

  GeminiMock(MockServer server) {
    this.server = server;
  }

  @Override
  public boolean handles(HttpServerRequest req) {
    return PATH.matcher(req.path()).matches();
  }

  @Override
  public void handle(HttpServerRequest req, Buffer body) {
    Matcher path = PATH.matcher(req.path());
    if (!path.matches() || req.method() != HttpMethod.POST) {
      error(req, 404, "NOT_FOUND", "The requested URL was not found on this server.");
      return;
    }
    if (!authorised(req)) {
      return;
    }
    String model = path.group(2);
    boolean stream = path.group(3).equals("streamGenerateContent");
    JsonNode r;
    try {
      r = JSON.readTree(body.getBytes());
    } catch (Exception e) {
      error(req, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
      return;
    }
    if (r == null || !r.isObject()) {
      error(req, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. Expected an object.");
      return;
    }
    MockBehaviour b = server.behaviour(model);
    if (server.injectError(b)) {
      injected(req, b);
      return;
    }
    Parsed p;
    try {
      p = parse(model, r);
    } catch (IllegalArgumentException e) {
      error(req, 400, "INVALID_ARGUMENT", e.getMessage());
      return;
    }
    String id = "mock-" + Long.toString(ids.incrementAndGet(), 36) + "-" + Long.toHexString(System.nanoTime() & 0xFFFFF);
    List<ObjectNode> chunks = stamped(answer(p, b, model, id), model, id);
    if (!stream) {
      int outTokens = chunks.get(chunks.size() - 1).path("usageMetadata").path("candidatesTokenCount").asInt(1);
      Emission.whole(server.vertx(), req, b, outTokens, "application/json; charset=UTF-8",
          Buffer.buffer(merge(chunks).toString()));
    } else if ("sse".equals(req.getParam("alt"))) {
      List<Buffer> events = new ArrayList<>(chunks.size());
      for (ObjectNode c : chunks) {
        events.add(Buffer.buffer("data: " + c + "\r\n\r\n"));
      }
      Emission.stream(server.vertx(), req, b, events, Buffer.buffer());
    } else {
      // Without alt=sse Google streams one JSON array of the same chunks.
      ArrayNode all = JSON.createArrayNode();
      chunks.forEach(all::add);
      Emission.whole(server.vertx(), req, b, chunks.size(), "application/json; charset=UTF-8",
          Buffer.buffer(all.toString()));
    }
  }

  private boolean authorised(HttpServerRequest req) {
    String expected = server.config().expectedApiKey();
    if (expected == null) {
      return true;
    }
    String got = req.getHeader("x-goog-api-key");
    if (got == null) {
      got = req.getParam("key");
    }
    if (got == null) {
      error(req, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established"
          + " identity). Please use API Key or other form of API consumer identity to call this API.");
      return false;
    }
    if (!expected.equals(got)) {
      ObjectNode info = JSON.createObjectNode();
      info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
          .put("domain", "googleapis.com").putObject("metadata").put("service", "generativelanguage.googleapis.com");
      error(req, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", info);
      return false;
    }
    return true;
  }

  // ================================================================== request

  /** The prompt plus what only Gemini's face needs. */
  record Parsed(MockPrompt prompt, boolean thinking, boolean includeThoughts, String trigger) {}

  static Parsed parse(String model, JsonNode r) {
    known(r, REQUEST_FIELDS, "");
    JsonNode contents = r.path("contents");
    if (!contents.isArray() || contents.isEmpty()) {
      throw new IllegalArgumentException("* GenerateContentRequest.contents: contents is not specified");
    }
    boolean gemini3 = model.startsWith("gemini-3");
    StringBuilder system = new StringBuilder();
    for (JsonNode part : r.path("systemInstruction").path("parts")) {
      system.append(part.path("text").asText(""));
    }
    String lastUser = "";
    List<String> toolResults = new ArrayList<>();
    List<String> images = new ArrayList<>();
    int chars = system.length();
    int pendingCalls = 0; // function calls of the previous model turn still to be answered
    String previousRole = null;
    for (int i = 0; i < contents.size(); i++) {
      JsonNode c = contents.get(i);
      String at = "contents[" + i + "]";
      known(c, CONTENT_FIELDS, at);
      String role = c.path("role").asText("user");
      if (!role.equals("user") && !role.equals("model")) {
        throw new IllegalArgumentException("Please use a valid role: user, model.");
      }
      JsonNode parts = c.path("parts");
      if (!parts.isArray() || parts.isEmpty()) {
        throw new IllegalArgumentException("* GenerateContentRequest." + at + ".parts: contents.parts must not be empty.");
      }
      StringBuilder text = new StringBuilder();
      List<String> responses = new ArrayList<>();
      int calls = 0;
      boolean signed = false;
      for (int j = 0; j < parts.size(); j++) {
        JsonNode part = parts.get(j);
        String pat = at + ".parts[" + j + "]";
        known(part, PART_FIELDS, pat);
        if (part.has("text")) {
          text.append(part.path("text").asText());
        } else if (part.has("inlineData")) {
          images.add(inlineData(part.path("inlineData"), pat));
        } else if (part.has("fileData")) {
          images.add("file");
        } else if (part.has("functionCall")) {
          JsonNode fc = part.path("functionCall");
          requireName(fc, pat + ".function_call");
          if (!role.equals("model")) {
            throw new IllegalArgumentException("Please ensure that function call parts are in a model turn.");
          }
          if (calls == 0) {
            signed = part.hasNonNull("thoughtSignature");
          }
          calls++;
          chars += fc.toString().length();
        } else if (part.has("functionResponse")) {
          JsonNode fr = part.path("functionResponse");
          requireName(fr, pat + ".function_response");
          if (!fr.path("response").isObject()) {
            throw new IllegalArgumentException("* GenerateContentRequest." + pat
                + ".function_response.response: must be a JSON object");
          }
          responses.add(resultText(fr.path("response")));
        } else {
          throw new IllegalArgumentException("* GenerateContentRequest." + pat
              + ".data: required oneof field 'data' must have one initialized field");
        }
      }
      chars += text.length();
      if (calls > 0) {
        if (!"user".equals(previousRole)) { // a function response turn has role user too
          throw new IllegalArgumentException("Please ensure that function call turn comes immediately after a user"
              + " turn or after a function response turn.");
        }
        if (gemini3 && !signed) {
          throw new IllegalArgumentException("Function call is missing a thought_signature in functionCall parts."
              + " This is required for tools to work correctly, and missing thought_signature may lead to degraded"
              + " model performance. Additional data, function call `default_api:"
              + parts.get(0).path("functionCall").path("name").asText() + "` , position " + (i + 1)
              + ". Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.");
        }
      }
      if (!responses.isEmpty() && responses.size() != pendingCalls) {
        throw new IllegalArgumentException("Please ensure that the number of function response parts is equal to the"
            + " number of function call parts of the function call turn.");
      }
      if (role.equals("model")) {
        lastUser = "";
        toolResults.clear();
        pendingCalls = calls;
      } else {
        if (!responses.isEmpty()) {
          toolResults.clear();
          toolResults.addAll(responses);
          lastUser = "";
        }
        if (text.length() > 0) {
          lastUser = text.toString();
          if (responses.isEmpty()) {
            toolResults.clear();
          }
        }
        pendingCalls = 0;
      }
      previousRole = role;
    }

    List<MockPrompt.Tool> tools = new ArrayList<>();
    for (JsonNode t : r.path("tools")) {
      for (JsonNode fn : t.path("functionDeclarations")) {
        known(fn, DECLARATION_FIELDS, "tools.function_declarations");
        requireName(fn, "tools.function_declarations");
        if (fn.has("parameters") && fn.has("parametersJsonSchema")) {
          throw new IllegalArgumentException("* GenerateContentRequest.tools.function_declarations: parameters and"
              + " parameters_json_schema cannot both be set");
        }
        JsonNode schema = fn.has("parametersJsonSchema") ? fn.get("parametersJsonSchema") : lower(fn.get("parameters"));
        tools.add(new MockPrompt.Tool(fn.path("name").asText(), schema));
      }
    }
    String toolChoice = "auto";
    JsonNode fcc = r.path("toolConfig").path("functionCallingConfig");
    switch (fcc.path("mode").asText("AUTO")) {
      case "NONE" -> toolChoice = "none";
      case "ANY" -> toolChoice = fcc.path("allowedFunctionNames").size() == 1
          ? fcc.path("allowedFunctionNames").get(0).asText() : "required";
      default -> { }
    }

    JsonNode g = r.path("generationConfig");
    known(g, GENERATION_FIELDS, "generation_config");
    double temperature = g.path("temperature").asDouble(1);
    if (temperature < 0 || temperature > 2) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.temperature: temperature must be"
          + " in the range [0.0, 2.0]");
    }
    double topP = g.path("topP").asDouble(0.95);
    if (topP < 0 || topP > 1) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.top_p: top_p must be in the range"
          + " [0.0, 1.0]");
    }
    for (String penalty : List.of("presencePenalty", "frequencyPenalty")) {
      double v = g.path(penalty).asDouble(0);
      if (v < -2 || v >= 2) {
        throw new IllegalArgumentException("* GenerateContentRequest.generation_config." + penalty
            + ": must be in the range [-2.0, 2.0)");
      }
    }
    List<String> stop = new ArrayList<>();
    g.path("stopSequences").forEach(s -> stop.add(s.asText()));
    if (stop.size() > 5) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop"
          + " sequences are allowed");
    }
    boolean json = g.path("responseMimeType").asText("").equals("application/json");
    if (g.has("responseSchema") && g.has("responseJsonSchema")) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config: response_schema and"
          + " response_json_schema cannot both be set");
    }
    if ((g.has("responseSchema") || g.has("responseJsonSchema")) && !json) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.response_mime_type: a response"
          + " schema needs response_mime_type application/json");
    }
    if (json && !tools.isEmpty() && !gemini3) {
      throw new IllegalArgumentException("Function calling with a response mime type: 'application/json' is"
          + " unsupported");
    }
    JsonNode schema = g.has("responseJsonSchema") ? g.get("responseJsonSchema") : lower(g.get("responseSchema"));
    Integer max = g.has("maxOutputTokens") ? g.get("maxOutputTokens").asInt() : null;
    JsonNode thinkingConfig = g.path("thinkingConfig");
    boolean thinkingModel = model.startsWith("gemini-2.5") || gemini3;
    boolean thinking = thinkingModel && thinkingConfig.path("thinkingBudget").asInt(-1) != 0;
    String trigger = lastUser.contains(BLOCK_PROMPT) ? BLOCK_PROMPT : lastUser.contains(BLOCK_ANSWER) ? BLOCK_ANSWER
        : null;
    MockPrompt prompt = new MockPrompt(model, lastUser, chars, toolResults, images, tools, toolChoice, json, schema,
        stop, max, system.toString());
    return new Parsed(prompt, thinking, thinking && thinkingConfig.path("includeThoughts").asBoolean(false), trigger);
  }

  private static void known(JsonNode node, Set<String> fields, String at) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new IllegalArgumentException("Invalid JSON payload received. Unknown name \"" + f + "\""
            + (at.isEmpty() ? "" : " at '" + at + "'") + ": Cannot find field.");
      }
    }
  }

  private static void requireName(JsonNode n, String at) {
    if (n.path("name").asText("").isEmpty()) {
      throw new IllegalArgumentException("* GenerateContentRequest." + at + ".name: Name cannot be empty.");
    }
  }

  private static String inlineData(JsonNode blob, String at) {
    String mime = blob.path("mimeType").asText("");
    String data = blob.path("data").asText("");
    if (mime.isEmpty()) {
      throw new IllegalArgumentException("* GenerateContentRequest." + at + ".inline_data.mime_type: mime_type is"
          + " required");
    }
    try {
      Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value at '" + at + ".inline_data.data' (TYPE_BYTES), Base64"
          + " decoding failed");
    }
    return mime;
  }

  private static String resultText(JsonNode response) {
    if (response.path("output").isTextual()) {
      return response.path("output").asText();
    }
    if (response.path("error").isTextual()) {
      return "error: " + response.path("error").asText();
    }
    return response.toString();
  }

  /** Google's OpenAPI schemas spell types in capitals ("OBJECT"); the brain reads JSON Schema. */
  private static JsonNode lower(JsonNode schema) {
    if (schema == null || !schema.isContainerNode()) {
      return schema;
    }
    JsonNode copy = schema.deepCopy();
    lowerInPlace(copy);
    return copy;
  }

  private static void lowerInPlace(JsonNode n) {
    if (n instanceof ObjectNode o) {
      if (o.path("type").isTextual()) {
        o.put("type", o.path("type").asText().toLowerCase(Locale.ROOT));
      }
      o.forEach(GeminiMock::lowerInPlace);
    } else if (n instanceof ArrayNode a) {
      a.forEach(GeminiMock::lowerInPlace);
    }
  }

  // ================================================================== answer

  /** The answer as the chunks a stream sends; a whole answer is their merge. */
  private List<ObjectNode> answer(Parsed parsed, MockBehaviour b, String model, String id) {
    MockPrompt p = parsed.prompt();
    MockAnswer a = MockBrain.answer(p, b.quality());
    int thoughts = parsed.thinking() ? 8 + (int) (MockBrain.hash(model + '\u0000' + p.lastUserText()) % 24) : 0;
    List<ObjectNode> chunks = new ArrayList<>();
    if (BLOCK_PROMPT.equals(parsed.trigger())) {
      ObjectNode c = JSON.createObjectNode();
      ObjectNode fb = c.putObject("promptFeedback");
      fb.put("blockReason", "SAFETY");
      fb.set("safetyRatings", ratings(true));
      c.set("usageMetadata", usage(a.inputTokens(), 0, 0));
      chunks.add(c);
      return chunks;
    }
    if (BLOCK_ANSWER.equals(parsed.trigger())) {
      ObjectNode c = JSON.createObjectNode();
      ObjectNode cand = c.putArray("candidates").addObject();
      cand.put("finishReason", "SAFETY").put("index", 0);
      cand.set("safetyRatings", ratings(true));
      c.set("usageMetadata", usage(a.inputTokens(), 0, thoughts));
      chunks.add(c);
      return chunks;
    }
    if (parsed.includeThoughts()) {
      ObjectNode c = JSON.createObjectNode();
      ObjectNode part = content(c).addObject();
      part.put("text", "**Considering the request**\n\nThe user asked about \""
          + abbreviate(p.lastUserText()) + "\"; I will answer directly.").put("thought", true);
      c.set("usageMetadata", usage(a.inputTokens(), 0, thoughts));
      chunks.add(c);
    }
    if (!a.toolCalls().isEmpty()) {
      ObjectNode c = JSON.createObjectNode();
      ArrayNode parts = content(c);
      for (int i = 0; i < a.toolCalls().size(); i++) {
        MockAnswer.ToolCall call = a.toolCalls().get(i);
        ObjectNode part = parts.addObject();
        ObjectNode fc = part.putObject("functionCall");
        fc.put("name", call.name());
        try {
          fc.set("args", JSON.readTree(call.arguments()));
        } catch (Exception e) {
          fc.putObject("args");
        }
        if (i == 0 && parsed.thinking()) {
          part.put("thoughtSignature", Base64.getEncoder().encodeToString(("mock-signature:" + id).getBytes()));
        }
      }
      finish(c, "STOP");
      c.set("usageMetadata", usage(a.inputTokens(), a.outputTokens(), thoughts));
      chunks.add(c);
      return chunks;
    }
    List<String> tokens = a.tokens();
    int n = Math.max(1, tokens.size());
    for (int i = 0; i < n; i++) {
      ObjectNode c = JSON.createObjectNode();
      content(c).addObject().put("text", tokens.isEmpty() ? "" : tokens.get(i));
      boolean last = i == n - 1;
      if (last) {
        finish(c, a.finish().equals("length") ? "MAX_TOKENS" : "STOP");
      }
      c.set("usageMetadata", usage(a.inputTokens(), last ? a.outputTokens() : i + 1, last ? thoughts : 0));
      chunks.add(c);
    }
    return chunks;
  }

  private static ObjectNode chunk(String model, String id) {
    return JSON.createObjectNode();
  }

  /** Google writes the model version and response id last. */
  private static List<ObjectNode> stamped(List<ObjectNode> chunks, String model, String id) {
    chunks.forEach(c -> c.put("modelVersion", model).put("responseId", id));
    return chunks;
  }

  private static ArrayNode content(ObjectNode chunk) {
    ObjectNode cand = chunk.putArray("candidates").addObject();
    ObjectNode content = cand.putObject("content");
    ArrayNode parts = content.putArray("parts");
    content.put("role", "model");
    cand.put("index", 0);
    return parts;
  }

  private static void finish(ObjectNode chunk, String reason) {
    ((ObjectNode) chunk.path("candidates").get(0)).put("finishReason", reason);
  }

  private static ObjectNode usage(int prompt, int candidates, int thoughts) {
    ObjectNode u = JSON.createObjectNode();
    u.put("promptTokenCount", prompt);
    if (candidates > 0) {
      u.put("candidatesTokenCount", candidates);
    }
    u.put("totalTokenCount", prompt + candidates + thoughts);
    u.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", prompt);
    if (thoughts > 0) {
      u.put("thoughtsTokenCount", thoughts);
    }
    return u;
  }

  private static ArrayNode ratings(boolean blocked) {
    ArrayNode a = JSON.createArrayNode();
    for (String cat : List.of("HARM_CATEGORY_SEXUALLY_EXPLICIT", "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_DANGEROUS_CONTENT")) {
      ObjectNode r = a.addObject().put("category", cat);
      boolean hit = blocked && cat.equals("HARM_CATEGORY_DANGEROUS_CONTENT");
      r.put("probability", hit ? "HIGH" : "NEGLIGIBLE");
      if (hit) {
        r.put("blocked", true);
      }
    }
    return a;
  }

  /** The non-streamed answer: every chunk's parts in one candidate, the last chunk's finish and usage. */
  private static ObjectNode merge(List<ObjectNode> chunks) {
    ObjectNode last = chunks.get(chunks.size() - 1);
    if (!last.has("candidates")) {
      return last; // blocked prompt
    }
    ObjectNode out = last.deepCopy();
    ArrayNode parts = JSON.createArrayNode();
    StringBuilder text = null;
    for (ObjectNode c : chunks) {
      for (JsonNode part : c.path("candidates").path(0).path("content").path("parts")) {
        boolean plain = part.has("text") && !part.has("thought") && part.size() == 1;
        if (plain) {
          text = text == null ? new StringBuilder() : text;
          text.append(part.path("text").asText());
        } else {
          parts.add(part);
        }
      }
    }
    if (text != null) {
      parts.addObject().put("text", text.toString());
    }
    ObjectNode cand = (ObjectNode) out.path("candidates").get(0);
    if (!parts.isEmpty()) {
      cand.putObject("content").set("parts", parts);
      ((ObjectNode) cand.get("content")).put("role", "model");
    }
    return out;
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ').trim();
    return one.length() <= 60 ? one : one.substring(0, 59) + "…";
  }

  // ================================================================== errors

  private void injected(HttpServerRequest req, MockBehaviour b) {
    int s = b.errorStatus();
    ObjectNode retry = JSON.createObjectNode().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
        .put("retryDelay", b.retryAfterSeconds() + "s");
    switch (s) {
      case 429 -> {
        ObjectNode quota = JSON.createObjectNode().put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
        quota.putArray("violations").addObject()
            .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_paid_tier_requests")
            .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel");
        error(req, 429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing"
            + " details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
            + " (simulated)", quota, retry);
      }
      case 503 -> error(req, 503, "UNAVAILABLE", "The model is overloaded. Please try again later. (simulated)", retry);
      case 500 -> error(req, 500, "INTERNAL", "An internal error has occurred. Please retry or report in"
          + " https://developers.generativeai.google/guide/troubleshooting (simulated)");
      case 504 -> error(req, 504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete. (simulated)");
      default -> error(req, s, status(s), "Simulated error.");
    }
  }

  private static String status(int code) {
    return switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }

  static void error(HttpServerRequest req, int code, String status, String message, ObjectNode... details) {
    ObjectNode e = JSON.createObjectNode();
    ObjectNode d = e.putObject("error");
    d.put("code", code).put("message", message).put("status", status);
    if (details.length > 0) {
      ArrayNode arr = d.putArray("details");
      for (ObjectNode x : details) {
        arr.add(x);
      }
    }
    req.response().setStatusCode(code).putHeader("content-type", "application/json; charset=UTF-8").end(e.toString());
  }
}
