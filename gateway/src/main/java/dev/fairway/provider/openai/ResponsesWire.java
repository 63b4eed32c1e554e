package dev.fairway.provider.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Responses API on the wire ({@code POST /v1/responses}), field for field as in OpenAI's API
 * reference: the request, the {@code response} object with its output items and usage, and the
 * typed streaming events. Input items and tools are {@link JsonNode}s, validated by hand so that
 * errors name the exact item ({@code input[3].content[0].type}).
 */
public final class ResponsesWire {
  private ResponsesWire() {}

  // ------------------------------------------------------------------ request

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(
      String model,
      JsonNode input,
      String instructions,
      List<JsonNode> tools,
      JsonNode toolChoice,
      Boolean parallelToolCalls,
      TextConfig text,
      Reasoning reasoning,
      Integer maxOutputTokens,
      Double temperature,
      Double topP,
      Map<String, String> metadata,
      String user,
      Boolean stream,
      StreamOptions streamOptions,
      Boolean store,
      List<String> include,
      String previousResponseId,
      JsonNode conversation,
      JsonNode prompt,
      Boolean background,
      String truncation,
      String serviceTier,
      Integer topLogprobs,
      Integer maxToolCalls,
      String promptCacheKey,
      String promptCacheRetention,
      String safetyIdentifier,
      // Codex CLI's bookkeeping about itself (installation, turn ids): kept by OpenAI, not a model input.
      Map<String, String> clientMetadata,
      // Fairway (and OpenRouter) extension: models to fall back to, in order.
      List<String> models) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TextConfig(Format format, String verbosity) {}

  /** {@code text.format}: {@code text}, {@code json_object}, or {@code json_schema} with its fields inline. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Format(String type, String name, String description, JsonNode schema, Boolean strict) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reasoning(String effort, String summary, String generateSummary) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StreamOptions(Boolean includeObfuscation) {}

  // ------------------------------------------------------------------ response

  /** The {@code response} object; request parameters are echoed as OpenAI echoes them. */
  @JsonPropertyOrder({"id", "object", "created_at", "status", "background", "error", "incomplete_details",
      "instructions", "max_output_tokens", "max_tool_calls", "model", "output", "parallel_tool_calls",
      "previous_response_id", "reasoning", "service_tier", "store", "temperature", "text", "tool_choice", "tools",
      "top_logprobs", "top_p", "truncation", "usage", "user", "metadata"})
  public record Response(
      String id,
      String object,
      long createdAt,
      String status,
      boolean background,
      ErrorDetail error,
      IncompleteDetails incompleteDetails,
      String instructions,
      Integer maxOutputTokens,
      Integer maxToolCalls,
      String model,
      List<OutputItem> output,
      boolean parallelToolCalls,
      String previousResponseId,
      ReasoningEcho reasoning,
      String serviceTier,
      boolean store,
      Double temperature,
      TextConfig text,
      JsonNode toolChoice,
      List<JsonNode> tools,
      int topLogprobs,
      Double topP,
      String truncation,
      Usage usage,
      String user,
      Map<String, String> metadata) {}

  /** {@code reasoning} as a response echoes it: both fields, null when not set. */
  public record ReasoningEcho(String effort, String summary) {}

  public record IncompleteDetails(String reason) {}

  public record ErrorDetail(String code, String message) {}

  /**
   * One output item: {@code message} (role, content), {@code function_call} (call_id, name,
   * arguments) or {@code reasoning} (summary, encrypted_content). Only the fields of its type are set.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"id", "type", "status", "role", "content", "call_id", "name", "arguments", "summary",
      "encrypted_content"})
  public record OutputItem(String id, String type, String status, String role, List<OutputContent> content,
      String callId, String name, String arguments, List<Summary> summary, String encryptedContent) {

    public static OutputItem message(String id, String status, List<OutputContent> content) {
      return new OutputItem(id, "message", status, "assistant", content, null, null, null, null, null);
    }

    public static OutputItem functionCall(String id, String status, String callId, String name, String arguments) {
      return new OutputItem(id, "function_call", status, null, null, callId, name, arguments, null, null);
    }

    public static OutputItem reasoning(String id, List<Summary> summary, String encryptedContent) {
      return new OutputItem(id, "reasoning", null, null, null, null, null, null, summary, encryptedContent);
    }
  }

  /** {@code output_text} with its annotations (and logprobs, always empty here). */
  public record OutputContent(String type, String text, List<JsonNode> annotations, List<JsonNode> logprobs) {
    public static OutputContent text(String text) {
      return new OutputContent("output_text", text, List.of(), List.of());
    }
  }

  public record Summary(String type, String text) {
    public static Summary text(String text) {
      return new Summary("summary_text", text);
    }
  }

  public record Usage(long inputTokens, InputTokensDetails inputTokensDetails, long outputTokens,
      OutputTokensDetails outputTokensDetails, long totalTokens) {}

  public record InputTokensDetails(long cachedTokens) {}

  public record OutputTokensDetails(long reasoningTokens) {}

  // ------------------------------------------------------------------ stream

  /** {@code response.created}, {@code .in_progress}, {@code .completed}, {@code .incomplete}, {@code .failed}. */
  public record ResponseEvent(String type, long sequenceNumber, Response response) {}

  public record ItemEvent(String type, long sequenceNumber, int outputIndex, OutputItem item) {}

  /** {@code response.content_part.added} / {@code .done}. */
  public record PartEvent(String type, long sequenceNumber, String itemId, int outputIndex, int contentIndex,
      OutputContent part) {}

  public record TextDeltaEvent(String type, long sequenceNumber, String itemId, int outputIndex, int contentIndex,
      String delta, List<JsonNode> logprobs) {}

  public record TextDoneEvent(String type, long sequenceNumber, String itemId, int outputIndex, int contentIndex,
      String text, List<JsonNode> logprobs) {}

  public record ArgumentsDeltaEvent(String type, long sequenceNumber, String itemId, int outputIndex, String delta) {}

  public record ArgumentsDoneEvent(String type, long sequenceNumber, String itemId, int outputIndex, String name,
      String arguments) {}

  /** {@code response.reasoning_summary_part.added} / {@code .done}. */
  public record SummaryPartEvent(String type, long sequenceNumber, String itemId, int outputIndex, int summaryIndex,
      Summary part) {}

  public record SummaryDeltaEvent(String type, long sequenceNumber, String itemId, int outputIndex, int summaryIndex,
      String delta) {}

  public record SummaryDoneEvent(String type, long sequenceNumber, String itemId, int outputIndex, int summaryIndex,
      String text) {}

  /** The {@code error} event of a stream that fails before or after its response was created. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ErrorEvent(String type, long sequenceNumber, String code, String message, String param) {}
}
