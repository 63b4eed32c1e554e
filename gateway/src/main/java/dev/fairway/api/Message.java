package dev.fairway.api;

import java.util.List;
import java.util.Objects;

/** One turn of a conversation. {@code name} is OpenAI's optional participant name, else null. */
public record Message(Role role, List<ContentPart> content, String name) {

  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(new ContentPart.Text(text)), null);
  }

  public static Message user(String text) {
    return new Message(Role.USER, List.of(new ContentPart.Text(text)), null);
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new ContentPart.Text(text)), null);
  }

  /** The concatenated text parts of this message (images and tool parts skipped). */
  public String text() {
    return textOf(content);
  }

  public List<ContentPart.ToolCall> toolCalls() {
    return content.stream()
        .filter(ContentPart.ToolCall.class::isInstance)
        .map(ContentPart.ToolCall.class::cast)
        .toList();
  }

  static String textOf(List<ContentPart> parts) {
    if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : parts) {
      if (p instanceof ContentPart.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }
}
