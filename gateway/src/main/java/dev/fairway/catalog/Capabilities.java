package dev.fairway.catalog;

import java.util.ArrayList;
import java.util.List;

/** What a model accepts beyond plain text chat: tool calling, image input, JSON output modes. */
public record Capabilities(boolean tools, boolean vision, boolean json) {
  public static final Capabilities ALL = new Capabilities(true, true, true);
  public static final Capabilities TEXT_ONLY = new Capabilities(false, false, false);

  public List<String> names() {
    List<String> n = new ArrayList<>(3);
    if (tools) n.add("tools");
    if (vision) n.add("vision");
    if (json) n.add("json");
    return n;
  }
}
