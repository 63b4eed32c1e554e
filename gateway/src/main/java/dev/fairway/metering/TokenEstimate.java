package dev.fairway.metering;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.Message;
import dev.fairway.api.ToolDefinition;

/**
 * Rough token counts (about four characters a token, plus fixed costs per message, image and
 * tool) for when a provider did not report usage: a stream cut before its usage event is still
 * metered. Cheap by design; routing uses a real tokenizer.
 */
public final class TokenEstimate {
  private TokenEstimate() {}

  public static long input(ChatRequest r) {
    long chars = 0;
    long fixed = 3;
    for (Message m : r.messages()) {
      fixed += 4;
      for (ContentPart p : m.content()) {
        chars += switch (p) {
          case ContentPart.Text t -> t.text().length();
          case ContentPart.ToolCall c -> c.name().length() + c.arguments().length();
          case ContentPart.ToolResult tr -> tr.text().length();
          case ContentPart.Reasoning rs -> rs.text() == null ? 0 : rs.text().length();
          case ContentPart.Image i -> 0;
        };
        if (p instanceof ContentPart.Image) {
          fixed += 85;
        }
      }
    }
    for (ToolDefinition t : r.tools()) {
      chars += t.name().length() + (t.description() == null ? 0 : t.description().length())
          + (t.parameters() == null ? 0 : t.parameters().toString().length());
    }
    return fixed + (chars + 3) / 4;
  }

  public static long output(long chars) {
    return (chars + 3) / 4;
  }
}
