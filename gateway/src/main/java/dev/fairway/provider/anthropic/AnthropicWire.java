package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Anthropic's Messages API on the wire, field for field as in Anthropic's API reference. The same
 * records decode what clients send to Fairway's {@code /v1/messages} and encode what Fairway sends
 * to Anthropic. Fields typed {@link JsonNode} are the ones whose JSON type varies (a string or an
 * array of content blocks) and are validated by hand so errors can name the exact block.
 */
public final class AnthropicWire {
  private AnthropicWire() {}

  // ------------------------------------------------------------------ request

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MessagesRequest(
      String model,
      List<InputMessage> messages,
      Integer maxTokens,
      JsonNode system,
      Metadata metadata,
      List<String> stopSequences,
      Boolean stream,
      Double temperature,
      Integer topK,
      Double topP,
      List<Tool> tools,
      ToolChoice toolChoice,
      Thinking thinking,
      // Structured outputs from clients: {"format": {"type": "json_schema", "schema": ...}}, and
      // the same format under its beta name. Fairway asks Anthropic for JSON through a forced tool
      // instead, which every Claude model supports.
      JsonNode outputConfig,
      JsonNode outputFormat,
      // Fields the canonical request does not model: an Anthropic-protocol target receives them in
      // the client's own body (see NativeRequest); other targets drop the hints among them and
      // refuse the rest (see AnthropicNative).
      String serviceTier,
      JsonNode container,
      JsonNode mcpServers,
      JsonNode contextManagement,
      String inferenceGeo) {

    /** A request with only the fields Fairway sends upstream. */
    public static MessagesRequest of(String model, List<InputMessage> messages, Integer maxTokens, JsonNode system,
        Metadata metadata, List<String> stopSequences, Boolean stream, Double temperature, Integer topK, Double topP,
        List<Tool> tools, ToolChoice toolChoice, Thinking thinking) {
      return new MessagesRequest(model, messages, maxTokens, system, metadata, stopSequences, stream, temperature, topK,
          topP, tools, toolChoice, thinking, null, null, null, null, null, null, null);
    }
  }

  /** One turn; {@code content} is a string or an array of content blocks. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InputMessage(String role, JsonNode content) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Metadata(String userId) {}

  /**
   * A client tool; {@code type} is absent or {@code "custom"} (server tools carry other types). The
   * last four fields are hints (or, for {@code strict}, a guarantee) only Anthropic itself reads.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tool(String type, String name, String description, JsonNode inputSchema, JsonNode cacheControl,
      Boolean strict, Boolean eagerInputStreaming, JsonNode inputExamples, Boolean deferLoading) {
    public Tool(String type, String name, String description, JsonNode inputSchema, JsonNode cacheControl) {
      this(type, name, description, inputSchema, cacheControl, null, null, null, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolChoice(String type, String name, Boolean disableParallelToolUse) {}

  /** {@code display} ({@code summarized} or {@code omitted}) says whether thinking text is returned: a hint. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Thinking(String type, Integer budgetTokens, String display) {
    public Thinking(String type, Integer budgetTokens) {
      this(type, budgetTokens, null);
    }
  }

  // ------------------------------------------------------------------ response

  /** A {@code message} object: the answer, and the {@code message} of a stream's message_start. */
  public record Message(
      String id,
      String type,
      String role,
      String model,
      List<ContentBlock> content,
      String stopReason,
      String stopSequence,
      Usage usage) {}

  /**
   * One output content block: {@code text}, {@code tool_use}, {@code thinking} or
   * {@code redacted_thinking}. Only the fields of its type are set.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ContentBlock(String type, String text, String id, String name, JsonNode input, String thinking,
      String signature, String data) {

    public static ContentBlock text(String text) {
      return new ContentBlock("text", text, null, null, null, null, null, null);
    }

    public static ContentBlock toolUse(String id, String name, JsonNode input) {
      return new ContentBlock("tool_use", null, id, name, input, null, null, null);
    }

    public static ContentBlock thinking(String thinking, String signature) {
      return new ContentBlock("thinking", null, null, null, null, thinking, signature, null);
    }

    public static ContentBlock redactedThinking(String data) {
      return new ContentBlock("redacted_thinking", null, null, null, null, null, null, data);
    }
  }

  /**
   * Token counts as Anthropic reports them: {@code input_tokens} excludes the cache reads and
   * writes, which are reported beside it.
   */
  public record Usage(Long inputTokens, Long cacheCreationInputTokens, Long cacheReadInputTokens, Long outputTokens) {}

  // ------------------------------------------------------------------ stream, provider → Fairway

  /** Any streamed event, decoded leniently: only the fields of its {@code type} are set. */
  public record StreamEventIn(String type, Message message, Integer index, ContentBlock contentBlock, Delta delta,
      Usage usage, ErrorDetail error) {}

  /** A content_block_delta's or message_delta's {@code delta}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(String type, String text, String partialJson, String thinking, String signature,
      String stopReason, String stopSequence) {}

  // ------------------------------------------------------------------ stream, Fairway → client

  public record MessageStart(String type, Message message) {
    public MessageStart(Message message) {
      this("message_start", message);
    }
  }

  public record ContentBlockStart(String type, int index, ContentBlock contentBlock) {
    public ContentBlockStart(int index, ContentBlock block) {
      this("content_block_start", index, block);
    }
  }

  public record ContentBlockDelta(String type, int index, Delta delta) {
    public ContentBlockDelta(int index, Delta delta) {
      this("content_block_delta", index, delta);
    }
  }

  public record ContentBlockStop(String type, int index) {
    public ContentBlockStop(int index) {
      this("content_block_stop", index);
    }
  }

  /** {@code stop_sequence} is written even when null, as Anthropic does. */
  public record MessageDeltaBody(String stopReason, String stopSequence) {}

  public record MessageDelta(String type, MessageDeltaBody delta, Usage usage) {
    public MessageDelta(MessageDeltaBody delta, Usage usage) {
      this("message_delta", delta, usage);
    }
  }

  /** Events with nothing but a type: {@code message_stop} and {@code ping}. */
  public record Bare(String type) {}

  // ------------------------------------------------------------------ errors and token counting

  public record ErrorBody(String type, ErrorDetail error, @JsonInclude(JsonInclude.Include.NON_NULL) String requestId) {
    public ErrorBody(ErrorDetail error, String requestId) {
      this("error", error, requestId);
    }
  }

  public record ErrorDetail(String type, String message) {}

  /**
   * The body of {@code POST /v1/messages/count_tokens}: a Messages request without the fields that
   * steer generation ({@code max_tokens}, {@code stream}, sampling, stop sequences, metadata), which
   * the endpoint refuses.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CountTokensRequest(String model, List<InputMessage> messages, JsonNode system, List<Tool> tools,
      ToolChoice toolChoice, Thinking thinking) {
    public static CountTokensRequest of(MessagesRequest m) {
      return new CountTokensRequest(m.model(), m.messages(), m.system(), m.tools(), m.toolChoice(), m.thinking());
    }
  }

  /** The answer of count_tokens, and of Fairway's own. */
  public record TokenCount(long inputTokens) {}
}
