package dev.fairway.routing.embed;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.Message;

/**
 * The part of a request the router embeds: the conversation's text (system prompt included) cut
 * to its first and last {@code window / 2} characters. The start says what kind of application or
 * task this is, the end what is being asked; long middles (few-shot examples, pasted documents)
 * add embedding time but, on the routing data, no routing quality.
 *
 * <p>Measured (5-fold CV, kNN head, AIQ on RouterBench / dcrouter): whole prompt 0.7825 / 0.6195,
 * last 400 characters 0.7818 / 0.6209, first 80 + last 80 0.7828 / 0.6212. The 160-character window
 * is also what keeps embedding within a few milliseconds: ONNX inference time grows with the
 * token count (about 2.4 ms for 23 tokens, 6 ms for 77, 55 ms for 380 on this project's 2-core
 * reference machine).
 */
public final class RoutingText {
  public static final int DEFAULT_WINDOW = 160;
  /** The lexical half of the hybrid head reads much more of the prompt, still bounded. */
  public static final int LEXICAL_WINDOW = 8000;
  static final String JOINER = " … ";

  private RoutingText() {}

  public static String of(ChatRequest r, int window) {
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
    return window(sb.toString(), window);
  }

  /** The first and last {@code window / 2} characters of {@code text} (all of it when it is short). */
  public static String window(String text, int window) {
    String t = text.strip();
    if (window <= 0 || t.length() <= window + JOINER.length()) {
      return t;
    }
    int half = window / 2;
    int headEnd = half;
    if (Character.isHighSurrogate(t.charAt(headEnd - 1))) {
      headEnd--;
    }
    int tailStart = t.length() - (window - half);
    if (Character.isLowSurrogate(t.charAt(tailStart))) {
      tailStart++;
    }
    return t.substring(0, headEnd).stripTrailing() + JOINER + t.substring(tailStart).stripLeading();
  }
}
