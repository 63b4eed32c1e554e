package dev.fairway.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.provider.Json;
import dev.fairway.provider.gemini.GeminiWire.Candidate;
import dev.fairway.provider.gemini.GeminiWire.GenerateContentResponse;
import dev.fairway.provider.gemini.GeminiWire.Part;
import dev.fairway.provider.gemini.GeminiWire.UsageMetadata;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pure translation of Gemini answers into canonical form, and the rules streamed chunks share:
 * finish reasons, safety blocks, tool-call ids, usage.
 */
public final class GeminiResponses {
  private GeminiResponses() {}

  /** Finish reasons meaning a filter stopped the answer (safety, recitation, blocklists, PII...). */
  private static final Set<String> FILTERED = Set.of(
      "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT",
      "IMAGE_RECITATION");
  /** Finish reasons meaning the model botched a tool call: another attempt (or model) may do better. */
  private static final Set<String> BAD_TOOL_CALL = Set.of(
      "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS", "MISSING_THOUGHT_SIGNATURE");

  /**
   * What Gemini answered, in canonical form.
   *
   * @param createdEpochSeconds Gemini answers carry no timestamp; the caller's clock supplies it
   * @param singleToolCall keep only the first tool call (the client asked for
   *     {@code parallel_tool_calls: false}, which Gemini has no switch for)
   */
  public static ChatResponse toCanonical(GenerateContentResponse w, String provider, long createdEpochSeconds,
      boolean singleToolCall) {
    checkPrompt(w, provider);
    Candidate c = firstCandidate(w);
    if (c == null) {
      throw GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "' returned an answer without candidates")
          .withReason(Reason.UPSTREAM_MALFORMED);
    }
    List<ContentPart> content = new ArrayList<>(2);
    int calls = 0;
    boolean output = false;
    if (c.content() != null && c.content().parts() != null) {
      for (Part p : c.content().parts()) {
        if (p.functionCall() != null) {
          if (singleToolCall && calls > 0) {
            continue;
          }
          if (p.thoughtSignature() != null) {
            content.add(new ContentPart.Reasoning(null, p.thoughtSignature()));
          }
          content.add(toolCall(w.responseId(), calls++, p.functionCall()));
          output = true;
        } else if (Boolean.TRUE.equals(p.thought())) {
          content.add(new ContentPart.Reasoning(p.text() == null ? "" : p.text(), p.thoughtSignature()));
        } else if (p.text() != null && !p.text().isEmpty()) {
          appendText(content, p.text());
          output = true;
        }
      }
    }
    FinishReason reason = finishReason(c, output, calls > 0, provider);
    return new ChatResponse(w.responseId(), w.modelVersion(), content, reason, null, usage(w.usageMetadata()),
        createdEpochSeconds);
  }

  /** Consecutive text parts are one text (Gemini splits long answers into several parts). */
  private static void appendText(List<ContentPart> content, String text) {
    if (!content.isEmpty() && content.get(content.size() - 1) instanceof ContentPart.Text t) {
      content.set(content.size() - 1, new ContentPart.Text(t.text() + text));
    } else {
      content.add(new ContentPart.Text(text));
    }
  }

  /** Throws when Gemini refused the prompt itself (no candidates, a block reason). */
  static void checkPrompt(GenerateContentResponse w, String provider) {
    if (w.promptFeedback() != null && w.promptFeedback().blockReason() != null
        && !w.promptFeedback().blockReason().equals("BLOCK_REASON_UNSPECIFIED")) {
      throw GeminiErrors.contentFiltered("prompt", w.promptFeedback().blockReason(), provider);
    }
  }

  /** Fairway serves one choice: candidate 0 (a missing index means 0). */
  static Candidate firstCandidate(GenerateContentResponse w) {
    if (w.candidates() == null) {
      return null;
    }
    for (Candidate c : w.candidates()) {
      if (c != null && (c.index() == null || c.index() == 0)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The canonical finish reason of a finished candidate, or an error when the candidate produced
   * nothing usable: a filtered empty answer is CONTENT_FILTERED (the client should know why it got
   * nothing), a botched tool call an UPSTREAM error another attempt may not repeat.
   *
   * @param output whether the candidate produced any text or tool call (in a stream: so far)
   */
  static FinishReason finishReason(Candidate c, boolean output, boolean toolCalls, String provider) {
    String r = c.finishReason() == null ? "STOP" : c.finishReason();
    if (FILTERED.contains(r)) {
      if (!output) {
        throw GeminiErrors.contentFiltered("answer", r, provider);
      }
      return FinishReason.CONTENT_FILTER;
    }
    if (BAD_TOOL_CALL.contains(r) && !output) {
      String detail = c.finishMessage() == null ? "" : ": " + c.finishMessage();
      throw GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "' produced an unusable tool call (" + r + ")"
          + detail).withUpstream(0, r.toLowerCase(java.util.Locale.ROOT));
    }
    if (toolCalls) {
      return FinishReason.TOOL_CALLS; // Gemini says STOP after function calls
    }
    return r.equals("MAX_TOKENS") ? FinishReason.LENGTH : FinishReason.STOP;
  }

  /** A Gemini function call as a canonical tool call, with a stable id when Gemini gave none. */
  static ContentPart.ToolCall toolCall(String responseId, int index, GeminiWire.FunctionCall fc) {
    String args = arguments(fc.args());
    String id = fc.id() != null && !fc.id().isEmpty() ? fc.id() : toolCallId(responseId, index, fc.name(), args);
    return new ContentPart.ToolCall(id, fc.name() == null ? "" : fc.name(), args);
  }

  static String arguments(JsonNode args) {
    if (args == null || args.isNull()) {
      return "{}";
    }
    try {
      return Json.CAMEL.writeValueAsString(args);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Gemini often omits call ids. The one Fairway makes up is a hash of the answer's id, the call's
   * position, name and arguments: unique within a conversation, and the same every time the same
   * answer is translated (streamed or not, replayed, cached), never random.
   */
  static String toolCallId(String responseId, int index, String name, String args) {
    long h = 0xcbf29ce484222325L;
    String key = (responseId == null ? "" : responseId) + '\u0000' + index + '\u0000' + name + '\u0000' + args;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    String hex = Long.toHexString(h);
    return "call_" + "0".repeat(16 - hex.length()) + hex;
  }

  /**
   * Gemini's usage in canonical form. Thoughts are billed as output but counted outside
   * {@code candidatesTokenCount}, so output = candidates + thoughts; tool-use prompt tokens (fed
   * back search results and the like) are billed as input; cached tokens are already inside
   * {@code promptTokenCount}. Gemini bills cache storage by time, never per write.
   */
  public static Usage usage(UsageMetadata u) {
    if (u == null) {
      return Usage.ZERO;
    }
    long prompt = n(u.promptTokenCount()) + n(u.toolUsePromptTokenCount());
    long thoughts = n(u.thoughtsTokenCount());
    long output = n(u.candidatesTokenCount()) + thoughts;
    return new Usage(prompt, output, Math.min(n(u.cachedContentTokenCount()), prompt), 0, thoughts);
  }

  private static long n(Long v) {
    return v == null || v < 0 ? 0 : v;
  }
}
