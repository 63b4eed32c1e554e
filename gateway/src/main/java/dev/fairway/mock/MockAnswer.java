package dev.fairway.mock;

import java.util.List;

/**
 * A mock's answer before protocol framing: either text or tool calls.
 *
 * @param tokens the answer text split into tokens, in order (concatenated they form {@code text})
 * @param finish "stop", "length", "tool_calls" or "stop_sequence"
 * @param stopSequence the stop sequence hit, when finish is "stop_sequence"
 */
public record MockAnswer(
    List<String> tokens, List<ToolCall> toolCalls, String finish, String stopSequence, int inputTokens, int outputTokens) {

  public record ToolCall(String id, String name, String arguments) {}

  public String text() {
    return String.join("", tokens);
  }
}
