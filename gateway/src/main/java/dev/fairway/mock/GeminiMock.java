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
import java.util.List;
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
    GeminiMockPrompt.Parsed p;
    try {
      p = GeminiMockPrompt.parse(model, r);
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

  // ================================================================== answer

  /** The answer as the chunks a stream sends; a whole answer is their merge. */
  private List<ObjectNode> answer(GeminiMockPrompt.Parsed parsed, MockBehaviour b, String model, String id) {
    MockPrompt p = parsed.prompt();
    MockAnswer a = MockBrain.answer(p, b.quality());
    int thoughts = parsed.thinking() ? 8 + (int) (MockBrain.hash(model + '\u0000' + p.lastUserText()) % 24) : 0;
    List<ObjectNode> chunks = new ArrayList<>();
    if (GeminiMockPrompt.BLOCK_PROMPT.equals(parsed.trigger())) {
      ObjectNode c = JSON.createObjectNode();
      ObjectNode fb = c.putObject("promptFeedback");
      fb.put("blockReason", "SAFETY");
      fb.set("safetyRatings", ratings(true));
      c.set("usageMetadata", usage(a.inputTokens(), 0, 0));
      chunks.add(c);
      return chunks;
    }
    if (GeminiMockPrompt.BLOCK_ANSWER.equals(parsed.trigger())) {
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
