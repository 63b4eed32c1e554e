package dev.fairway.routing.embed;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.Message;

/**
 * The part of a request the router embeds: the conversation's text, system prompt included,
 * keeping only its last {@code windowChars} characters. The end of a prompt is where the question
 * is; long shared prefixes (few-shot examples, system prompts) would otherwise dominate the
 * embedding. On the routing data a 400-character tail routed as well as the whole prompt under
 * cross-validation, and it bounds the embedding time of any request (about 100 tokens).
 */
public final class RoutingText {
  public static final int DEFAULT_WINDOW = 400;

  private RoutingText() {}

  public static String of(ChatRequest r, int windowChars) {
    StringBuilder sb = new StringBuilder();
    for (Message m : r.messages()) {
      for (ContentPart p : m.content()) {
        String t = switch (p) {
          case ContentPart.Text x -> x.text();
          case ContentPart.ToolResult tr -> tr.text();
          default -> null;
        };
        if (t != null && !t.isEmpty()) {
          if (!sb.isEmpty()) {
            sb.append('\n');
          }
          sb.append(t);
        }
      }
    }
    return tail(sb.toString(), windowChars);
  }

  /** The last {@code windowChars} characters, starting at a word boundary when one is near. */
  public static String tail(String text, int windowChars) {
    if (windowChars <= 0 || text.length() <= windowChars) {
      return text.strip();
    }
    int start = text.length() - windowChars;
    if (Character.isLowSurrogate(text.charAt(start))) {
      start++;
    }
    int space = text.indexOf(' ', start);
    if (space >= 0 && space - start < 20) {
      start = space + 1;
    }
    return text.substring(start).strip();
  }
}
