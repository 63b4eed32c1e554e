package dev.fairway.provider.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Chat Completions on the wire, field for field as in OpenAI's API reference. The same records
 * decode what clients send to Fairway's ingress and encode what Fairway sends to OpenAI-compatible
 * providers. Fields typed {@link JsonNode} are the ones whose JSON type varies (string or array).
 */
public final class OpenAiWire {
  private OpenAiWire() {}

  // ------------------------------------------------------------------ request

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChatCompletionRequest(
      String model,
      List<ChatMessage> messages,
      List<Tool> tools,
      JsonNode toolChoice,
      Boolean parallelToolCalls,
      ResponseFormat responseFormat,
      Integer maxTokens,
      Integer maxCompletionTokens,
      Double temperature,
      Double topP,
      JsonNode stop,
      Long seed,
      String user,
      Boolean stream,
      StreamOptions streamOptions,
      Integer n,
      Double presencePenalty,
      Double frequencyPenalty,
      String reasoningEffort,
      // Accepted so that Fairway can answer "not supported" precisely rather than "unknown".
      Boolean logprobs,
      Integer topLogprobs,
      Map<String, Double> logitBias,
      JsonNode audio,
      List<String> modalities,
      JsonNode prediction,
      String serviceTier,
      Boolean store,
      Map<String, String> metadata,
      JsonNode webSearchOptions,
      JsonNode functions,
      JsonNode functionCall,
      String verbosity,
      String promptCacheKey,
      String safetyIdentifier,
      // Fairway (and OpenRouter) extension: models to fall back to, in order.
      List<String> models) {

    /** A minimal request with only what Fairway sends upstream set; the rest null. */
    public static ChatCompletionRequest of(String model, List<ChatMessage> messages) {
      return new ChatCompletionRequest(model, messages, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChatMessage(
      String role,
      JsonNode content,
      String name,
      List<ToolCall> toolCalls,
      String toolCallId,
      String refusal,
      JsonNode audio,
      JsonNode functionCall,
      JsonNode annotations,
      // Reasoning text some OpenAI-compatible servers (vLLM, DeepSeek) return; never sent by OpenAI.
      String reasoningContent) {

    public static ChatMessage of(String role, JsonNode content) {
      return new ChatMessage(role, content, null, null, null, null, null, null, null, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolCall(Integer index, String id, String type, FunctionCall function) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionCall(String name, String arguments) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tool(String type, FunctionDefinition function) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionDefinition(String name, String description, JsonNode parameters, Boolean strict) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResponseFormat(String type, JsonSchema jsonSchema) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record JsonSchema(String name, String description, JsonNode schema, Boolean strict) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StreamOptions(Boolean includeUsage, Boolean includeObfuscation) {}

  // ------------------------------------------------------------------ response

  public record ChatCompletion(
      String id,
      String object,
      long created,
      String model,
      List<Choice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) CompletionUsage usage,
      @JsonInclude(JsonInclude.Include.NON_NULL) String systemFingerprint,
      @JsonInclude(JsonInclude.Include.NON_NULL) String serviceTier) {}

  public record Choice(int index, ResponseMessage message, String finishReason, JsonNode logprobs) {}

  public record ResponseMessage(
      String role,
      String content,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
      String refusal,
      @JsonInclude(JsonInclude.Include.NON_NULL) String reasoningContent) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CompletionUsage(
      long promptTokens,
      long completionTokens,
      long totalTokens,
      PromptTokensDetails promptTokensDetails,
      CompletionTokensDetails completionTokensDetails) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PromptTokensDetails(Long cachedTokens, Long audioTokens) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CompletionTokensDetails(
      Long reasoningTokens, Long audioTokens, Long acceptedPredictionTokens, Long rejectedPredictionTokens) {}

  // ------------------------------------------------------------------ stream

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChatCompletionChunk(
      String id,
      String object,
      long created,
      String model,
      List<ChunkChoice> choices,
      CompletionUsage usage,
      String systemFingerprint,
      // Set instead of choices when a provider reports an error mid-stream.
      JsonNode error) {}

  public record ChunkChoice(int index, Delta delta, String finishReason, JsonNode logprobs) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(String role, String content, List<ToolCall> toolCalls, String refusal, String reasoningContent) {}

  // ------------------------------------------------------------------ models and errors

  /** @param fairwayHousePolicy Fairway's extension: the disclosed house policy, absent when there is none */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelList(String object, List<ModelEntry> data, HousePolicy fairwayHousePolicy) {
    public ModelList(String object, List<ModelEntry> data) {
      this(object, data, null);
    }
  }

  /** @param metadata Fairway's extension on router entries (the house policy they apply), else absent */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelEntry(String id, String object, long created, String ownedBy, ModelMetadata metadata) {
    public ModelEntry(String id, String object, long created, String ownedBy) {
      this(id, object, created, ownedBy, null);
    }
  }

  public record ModelMetadata(HousePolicy fairwayHousePolicy) {}

  /** A house policy as {@code /v1/models} names it (the same fields as {@code GET /transparency/policy}). */
  public record HousePolicy(List<String> owners, double qualityBonus, double priceDiscount, String description) {}

  public record ErrorBody(ErrorDetail error) {}

  public record ErrorDetail(String message, String type, String param, String code) {}
}
