package dev.fairway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.provider.bedrock.BedrockWire.ContentBlock;
import dev.fairway.provider.bedrock.BedrockWire.ConverseResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure translation of Converse responses (and the parts ConverseStream shares) into canonical form. */
public final class BedrockResponses {
  private BedrockResponses() {}

  /**
   * What Bedrock answered, in canonical form.
   *
   * @param requestId Bedrock's {@code x-amzn-RequestId} (a Converse body has no id of its own)
   * @param modelId the model id the call was made with (the body does not name it either); when
   *     that is a prompt router, the model it invoked (from the trace) is named instead
   */
  public static ChatResponse toCanonical(ConverseResponse w, BedrockRequests.Prepared call, String requestId,
      String modelId, long createdEpochSeconds, String provider) {
    if (w.output() == null || w.output().message() == null || w.stopReason() == null) {
      throw GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' returned a Converse response without"
          + " an output message").withReason(Reason.UPSTREAM_MALFORMED);
    }
    if (guardrailBlockedInput(w.trace())) {
      throw GatewayError.upstream(ErrorKind.CONTENT_FILTERED, "The provider's guardrail blocked the prompt.")
          .withParam("messages").withUpstream(0, "guardrail_intervened");
    }
    List<ContentPart> content = new ArrayList<>(2);
    boolean answeredInJson = false;
    List<ContentBlock> blocks = w.output().message().content() == null ? List.of() : w.output().message().content();
    for (ContentBlock b : blocks) {
      if (b.text() != null) {
        content.add(new ContentPart.Text(b.text()));
      } else if (b.toolUse() != null) {
        BedrockWire.ToolUseBlock t = b.toolUse();
        String input = t.input() == null || t.input().isNull() ? "{}" : t.input().toString();
        if (call.jsonTool() != null && call.jsonTool().equals(t.name())) {
          content.add(new ContentPart.Text(input));
          answeredInJson = true;
        } else {
          content.add(new ContentPart.ToolCall(t.toolUseId(), t.name(), input));
        }
      } else if (b.reasoningContent() != null && b.reasoningContent().reasoningText() != null) {
        BedrockWire.ReasoningText rt = b.reasoningContent().reasoningText();
        content.add(new ContentPart.Reasoning(rt.text(), rt.signature()));
      }
    }
    FinishReason reason = finishReason(w.stopReason(), provider);
    if (answeredInJson && reason == FinishReason.TOOL_CALLS && content.stream().noneMatch(ContentPart.ToolCall.class::isInstance)) {
      reason = FinishReason.STOP; // the forced JSON tool is how the model answers, not a call for the client
    }
    String stop = reason == FinishReason.STOP && "stop_sequence".equals(w.stopReason())
        ? stopSequence(w.additionalModelResponseFields(), call.stopSequences()) : null;
    return new ChatResponse(requestId, answeredBy(w.trace(), modelId), content, reason, stop, usage(w.usage()),
        createdEpochSeconds);
  }

  /** The model that answered: the one a prompt router chose when the call went through one. */
  private static String answeredBy(BedrockWire.ConverseTrace trace, String modelId) {
    if (trace != null && trace.promptRouter() != null && trace.promptRouter().invokedModelId() != null
        && !trace.promptRouter().invokedModelId().isBlank()) {
      return trace.promptRouter().invokedModelId();
    }
    return modelId;
  }

  /**
   * Converse's stop reasons. A model that produced malformed output or a malformed tool call did not
   * answer: that is the provider failing (retryable), not an answer to pass on.
   */
  public static FinishReason finishReason(String stopReason, String provider) {
    return switch (stopReason) {
      case "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
      case "malformed_model_output", "malformed_tool_use" -> throw GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "': the model produced " + stopReason.replace('_', ' '))
          .withUpstream(0, stopReason);
      default -> FinishReason.STOP;
    };
  }

  /**
   * The stop sequence that ended the answer: Anthropic's models name it in
   * {@code additionalModelResponseFields.stop_sequence}; otherwise it is known only when one was sent.
   */
  public static String stopSequence(JsonNode additionalFields, List<String> sent) {
    if (additionalFields != null && additionalFields.path("stop_sequence").isTextual()) {
      return additionalFields.path("stop_sequence").asText();
    }
    return sent.size() == 1 ? sent.get(0) : null;
  }

  /** Bedrock's usage; its {@code inputTokens} excludes cache reads and writes, Fairway's includes them. */
  public static Usage usage(BedrockWire.TokenUsage u) {
    if (u == null) {
      return Usage.ZERO;
    }
    long read = orZero(u.cacheReadInputTokens());
    long write = orZero(u.cacheWriteInputTokens());
    return new Usage(orZero(u.inputTokens()) + read + write, orZero(u.outputTokens()), read, write, 0);
  }

  /** True when a guardrail trace shows a policy that BLOCKED the prompt (the input assessment). */
  public static boolean guardrailBlockedInput(BedrockWire.ConverseTrace trace) {
    if (trace == null || trace.guardrail() == null || trace.guardrail().inputAssessment() == null) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : trace.guardrail().inputAssessment().entrySet()) {
      if (blocked(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean blocked(JsonNode n) {
    if (n == null) {
      return false;
    }
    if (n.isObject() && "BLOCKED".equals(n.path("action").asText(null))) {
      return true;
    }
    for (JsonNode child : n) {
      if (child.isContainerNode() && blocked(child)) {
        return true;
      }
    }
    return false;
  }

  private static long orZero(Long v) {
    return v == null || v < 0 ? 0 : v;
  }
}
