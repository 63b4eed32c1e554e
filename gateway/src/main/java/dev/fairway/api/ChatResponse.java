package dev.fairway.api;

import java.util.List;

/**
 * A complete (non-streamed) answer in canonical form: one choice, as Fairway serves {@code n = 1}.
 *
 * @param model the model that answered, as the provider named it
 * @param stopSequence the stop sequence that ended the answer, when the provider reports it
 */
public record ChatResponse(
    String id,
    String model,
    List<ContentPart> content,
    FinishReason finishReason,
    String stopSequence,
    Usage usage,
    long createdEpochSeconds) {

  public ChatResponse {
    content = List.copyOf(content);
    usage = usage == null ? Usage.ZERO : usage;
    finishReason = finishReason == null ? FinishReason.STOP : finishReason;
  }

  public String text() {
    return Message.textOf(content);
  }

  public List<ContentPart.ToolCall> toolCalls() {
    return content.stream()
        .filter(ContentPart.ToolCall.class::isInstance)
        .map(ContentPart.ToolCall.class::cast)
        .toList();
  }

  public ChatResponse withModel(String newModel) {
    return new ChatResponse(id, newModel, content, finishReason, stopSequence, usage, createdEpochSeconds);
  }
}
