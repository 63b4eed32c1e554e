package dev.fairway.provider.bedrock;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Amazon Bedrock Runtime's Converse and ConverseStream on the wire, field for field as in the
 * Bedrock API reference (camelCase JSON, {@link dev.fairway.provider.Json#CAMEL}). AWS unions
 * (ContentBlock, ToolChoice, ...) are records whose members are all nullable: exactly one is set.
 * Blobs (image bytes) travel as base64 text in the JSON protocol.
 */
public final class BedrockWire {
  private BedrockWire() {}

  // ------------------------------------------------------------------ request

  /** The body of {@code POST /model/{modelId}/converse} and {@code /converse-stream}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConverseRequest(
      List<Message> messages,
      List<SystemContentBlock> system,
      InferenceConfiguration inferenceConfig,
      ToolConfiguration toolConfig,
      JsonNode additionalModelRequestFields,
      List<String> additionalModelResponseFieldPaths,
      Map<String, String> requestMetadata) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Message(String role, List<ContentBlock> content) {}

  /** A union: text, image, toolUse, toolResult or reasoningContent (others are passed through). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ContentBlock(
      String text,
      ImageBlock image,
      ToolUseBlock toolUse,
      ToolResultBlock toolResult,
      ReasoningContentBlock reasoningContent,
      JsonNode document,
      JsonNode video,
      JsonNode guardContent,
      JsonNode cachePoint,
      JsonNode citationsContent) {

    public static ContentBlock text(String text) {
      return new ContentBlock(text, null, null, null, null, null, null, null, null, null);
    }

    public static ContentBlock image(ImageBlock image) {
      return new ContentBlock(null, image, null, null, null, null, null, null, null, null);
    }

    public static ContentBlock toolUse(ToolUseBlock toolUse) {
      return new ContentBlock(null, null, toolUse, null, null, null, null, null, null, null);
    }

    public static ContentBlock toolResult(ToolResultBlock toolResult) {
      return new ContentBlock(null, null, null, toolResult, null, null, null, null, null, null);
    }

    public static ContentBlock reasoning(ReasoningContentBlock reasoning) {
      return new ContentBlock(null, null, null, null, reasoning, null, null, null, null, null);
    }
  }

  /** {@code format}: png, jpeg, gif or webp. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ImageBlock(String format, ImageSource source) {}

  /** A union: {@code bytes} (base64 in JSON) or {@code s3Location}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ImageSource(String bytes, JsonNode s3Location) {
    public static ImageSource bytes(String base64) {
      return new ImageSource(base64, null);
    }
  }

  /** {@code input} is a JSON document (an object for every model Fairway knows). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolUseBlock(String toolUseId, String name, JsonNode input) {}

  /** {@code status}: success or error. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolResultBlock(String toolUseId, List<ToolResultContentBlock> content, String status) {}

  /** A union: json, text, image (document and video are passed through). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolResultContentBlock(JsonNode json, String text, ImageBlock image, JsonNode document, JsonNode video) {
    public static ToolResultContentBlock text(String text) {
      return new ToolResultContentBlock(null, text, null, null, null);
    }

    public static ToolResultContentBlock image(ImageBlock image) {
      return new ToolResultContentBlock(null, null, image, null, null);
    }
  }

  /** A union: reasoningText or redactedContent (base64). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReasoningContentBlock(ReasoningText reasoningText, String redactedContent) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReasoningText(String text, String signature) {}

  /** A union: text (guardContent and cachePoint are passed through). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SystemContentBlock(String text, JsonNode guardContent, JsonNode cachePoint) {
    public static SystemContentBlock text(String text) {
      return new SystemContentBlock(text, null, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InferenceConfiguration(Integer maxTokens, Double temperature, Double topP, List<String> stopSequences) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolConfiguration(List<Tool> tools, ToolChoice toolChoice) {}

  /** A union: toolSpec (cachePoint is passed through). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tool(ToolSpecification toolSpec, JsonNode cachePoint) {
    public static Tool spec(String name, String description, JsonNode schema) {
      return new Tool(new ToolSpecification(name, description, new ToolInputSchema(schema)), null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolSpecification(String name, String description, ToolInputSchema inputSchema) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolInputSchema(JsonNode json) {}

  /** A union: {@code auto: {}}, {@code any: {}} or {@code tool: {name}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolChoice(JsonNode auto, JsonNode any, SpecificToolChoice tool) {}

  public record SpecificToolChoice(String name) {}

  // ------------------------------------------------------------------ response

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConverseResponse(
      ConverseOutput output,
      String stopReason,
      TokenUsage usage,
      ConverseMetrics metrics,
      JsonNode additionalModelResponseFields,
      ConverseTrace trace,
      JsonNode performanceConfig) {}

  /** A union: message. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConverseOutput(Message message) {}

  /**
   * Bedrock counts {@code inputTokens} without the tokens read from or written to the prompt cache:
   * {@code totalTokens = inputTokens + cacheReadInputTokens + cacheWriteInputTokens + outputTokens}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TokenUsage(
      Long inputTokens, Long outputTokens, Long totalTokens, Long cacheReadInputTokens, Long cacheWriteInputTokens) {}

  public record ConverseMetrics(Long latencyMs) {}

  /**
   * Present when the request enabled a guardrail trace or went through a prompt router. The guardrail
   * assessments are kept as JSON: Fairway only needs to know whether a policy {@code BLOCKED}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConverseTrace(GuardrailTraceAssessment guardrail, PromptRouterTrace promptRouter) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GuardrailTraceAssessment(
      List<String> modelOutput,
      Map<String, JsonNode> inputAssessment,
      Map<String, List<JsonNode>> outputAssessments,
      String actionReason) {}

  public record PromptRouterTrace(String invokedModelId) {}

  // ------------------------------------------------------------------ stream events (payloads)

  public record MessageStartEvent(String role) {}

  public record ContentBlockStartEvent(Integer contentBlockIndex, ContentBlockStart start) {}

  /** A union: toolUse (Bedrock sends no start event for text blocks). */
  public record ContentBlockStart(ToolUseBlockStart toolUse) {}

  public record ToolUseBlockStart(String toolUseId, String name) {}

  public record ContentBlockDeltaEvent(Integer contentBlockIndex, ContentBlockDelta delta) {}

  /** A union: text, toolUse (a fragment of the input JSON text) or reasoningContent. */
  public record ContentBlockDelta(String text, ToolUseBlockDelta toolUse, ReasoningContentBlockDelta reasoningContent) {}

  public record ToolUseBlockDelta(String input) {}

  /** A union: text, signature or redactedContent. */
  public record ReasoningContentBlockDelta(String text, String signature, String redactedContent) {}

  public record ContentBlockStopEvent(Integer contentBlockIndex) {}

  public record MessageStopEvent(String stopReason, JsonNode additionalModelResponseFields) {}

  public record ConverseStreamMetadataEvent(TokenUsage usage, ConverseMetrics metrics, ConverseTrace trace) {}

  // ------------------------------------------------------------------ errors

  /**
   * An error body: {@code {"message": ...}} (some AWS front ends write {@code Message}). A
   * modelStreamErrorException also carries the model's own status and message.
   */
  public record ErrorBody(
      @JsonAlias("Message") String message,
      Integer originalStatusCode,
      String originalMessage,
      @com.fasterxml.jackson.annotation.JsonProperty("__type") String type) {}
}
