package dev.fairway.api;

/** Whether and which tool the model must call. */
public sealed interface ToolChoice {
  record Auto() implements ToolChoice {}

  record None() implements ToolChoice {}

  /** The model must call some tool. */
  record Required() implements ToolChoice {}

  /** The model must call this tool. */
  record Tool(String name) implements ToolChoice {}

  ToolChoice AUTO = new Auto();
  ToolChoice NONE = new None();
  ToolChoice REQUIRED = new Required();
}
