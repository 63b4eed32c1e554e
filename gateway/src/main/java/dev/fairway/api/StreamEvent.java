package dev.fairway.api;

/**
 * One event of a streamed answer in canonical form. A stream is: {@link Started}, any number of
 * deltas, {@link Finished}, then optionally {@link UsageReported}. Tool calls are numbered from 0 in
 * the order the model starts them; their argument fragments concatenate to JSON text.
 */
public sealed interface StreamEvent {

  record Started(String id, String model, long createdEpochSeconds) implements StreamEvent {}

  record TextDelta(String text) implements StreamEvent {}

  record ReasoningDelta(String text, String signature) implements StreamEvent {}

  record ToolCallStarted(int index, String id, String name) implements StreamEvent {}

  record ToolCallDelta(int index, String argumentsFragment) implements StreamEvent {}

  record Finished(FinishReason reason, String stopSequence) implements StreamEvent {}

  record UsageReported(Usage usage) implements StreamEvent {}

  /** True for events that carry model output (what "first token" means for deadlines and fallback). */
  default boolean isContent() {
    return this instanceof TextDelta || this instanceof ToolCallStarted || this instanceof ToolCallDelta
        || this instanceof ReasoningDelta;
  }
}
