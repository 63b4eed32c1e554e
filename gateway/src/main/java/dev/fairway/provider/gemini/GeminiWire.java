package dev.fairway.provider.gemini;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Gemini API's {@code generateContent} / {@code streamGenerateContent} on the wire, field for
 * field as in Google's API reference (camelCase JSON, read and written with
 * {@link dev.fairway.provider.Json#CAMEL}). Only the fields Fairway sends or reads are modelled;
 * unknown response fields (grounding, citations, logprobs...) are ignored.
 */
public final class GeminiWire {
  private GeminiWire() {}

  // ------------------------------------------------------------------ request

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GenerateContentRequest(
      List<Content> contents,
      Content systemInstruction,
      List<Tool> tools,
      ToolConfig toolConfig,
      GenerationConfig generationConfig) {}

  /** One turn: {@code role} is "user" or "model" (null in systemInstruction). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Content(String role, List<Part> parts) {}

  /**
   * A union: exactly one of text, inlineData, fileData, functionCall, functionResponse is set.
   * {@code thought} marks a thought summary; {@code thoughtSignature} is the opaque token a thinking
   * model attaches to a part and expects back verbatim in the next turn.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Part(
      String text,
      Boolean thought,
      String thoughtSignature,
      Blob inlineData,
      FileData fileData,
      FunctionCall functionCall,
      FunctionResponse functionResponse) {

    public static Part text(String text) {
      return new Part(text, null, null, null, null, null, null);
    }

    public static Part inline(String mimeType, String base64) {
      return new Part(null, null, null, new Blob(mimeType, base64), null, null, null);
    }

    public static Part call(FunctionCall call, String thoughtSignature) {
      return new Part(null, null, thoughtSignature, null, null, call, null);
    }

    public static Part response(FunctionResponse response) {
      return new Part(null, null, null, null, null, null, response);
    }

    Part withThoughtSignature(String signature) {
      return new Part(text, thought, signature, inlineData, fileData, functionCall, functionResponse);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Blob(String mimeType, String data) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileData(String mimeType, String fileUri) {}

  /** {@code args} is a JSON object; {@code id} is optional and often absent in answers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionCall(String id, String name, JsonNode args) {}

  /** {@code response} is a JSON object; Gemini reads its "output" and "error" keys when present. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionResponse(String id, String name, JsonNode response) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tool(List<FunctionDeclaration> functionDeclarations) {}

  /** {@code parameters} takes Google's OpenAPI subset, {@code parametersJsonSchema} JSON Schema; never both. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionDeclaration(String name, String description, JsonNode parameters, JsonNode parametersJsonSchema) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolConfig(FunctionCallingConfig functionCallingConfig) {}

  /** {@code mode}: AUTO, ANY or NONE; {@code allowedFunctionNames} only with ANY. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionCallingConfig(String mode, List<String> allowedFunctionNames) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GenerationConfig(
      List<String> stopSequences,
      String responseMimeType,
      JsonNode responseSchema,
      JsonNode responseJsonSchema,
      Integer candidateCount,
      Integer maxOutputTokens,
      Double temperature,
      Double topP,
      Integer topK,
      Integer seed,
      Double presencePenalty,
      Double frequencyPenalty,
      String mediaResolution,
      ThinkingConfig thinkingConfig) {}

  /** Gemini 2.5 takes {@code thinkingBudget}, Gemini 3 {@code thinkingLevel}; never both. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ThinkingConfig(Boolean includeThoughts, Integer thinkingBudget, String thinkingLevel) {}

  // ------------------------------------------------------------------ response (and each streamed chunk)

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GenerateContentResponse(
      List<Candidate> candidates,
      PromptFeedback promptFeedback,
      UsageMetadata usageMetadata,
      String modelVersion,
      String responseId,
      // Set instead of candidates when the stream reports an error mid-way.
      ErrorStatus error) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Candidate(
      Content content, String finishReason, String finishMessage, List<SafetyRating> safetyRatings, Integer index) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SafetyRating(String category, String probability, Boolean blocked) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PromptFeedback(String blockReason, List<SafetyRating> safetyRatings) {}

  /**
   * Token counts. {@code promptTokenCount} includes {@code cachedContentTokenCount};
   * {@code thoughtsTokenCount} is NOT part of {@code candidatesTokenCount} but billed as output;
   * {@code toolUsePromptTokenCount} (e.g. search results fed back) is billed as input.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UsageMetadata(
      Long promptTokenCount,
      Long candidatesTokenCount,
      Long totalTokenCount,
      Long cachedContentTokenCount,
      Long thoughtsTokenCount,
      Long toolUsePromptTokenCount) {}

  // ------------------------------------------------------------------ errors

  public record ErrorBody(ErrorStatus error) {}

  /** Google's {@code google.rpc.Status}: HTTP code, message, canonical status name, typed details. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ErrorStatus(Integer code, String message, String status, List<JsonNode> details) {}
}
