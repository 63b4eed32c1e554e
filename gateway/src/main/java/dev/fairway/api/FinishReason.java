package dev.fairway.api;

/** Why the model stopped. A hit stop sequence is {@link #STOP} with the sequence beside it. */
public enum FinishReason {
  STOP,
  LENGTH,
  TOOL_CALLS,
  CONTENT_FILTER
}
