package dev.fairway.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model accepts beyond plain text chat: tool calling, image input, JSON output modes; or, for
 * an embedding model ({@code embeddings}), that it turns texts into vectors and serves no chat.
 */
public record Capabilities(boolean tools, boolean vision, boolean json, boolean embeddings) {
  public static final Capabilities ALL = new Capabilities(true, true, true);
  public static final Capabilities TEXT_ONLY = new Capabilities(false, false, false);
  public static final Capabilities EMBEDDINGS = new Capabilities(false, false, false, true);

  public Capabilities(boolean tools, boolean vision, boolean json) {
    this(tools, vision, json, false);
  }

  /** True for chat models: every model but an embedding model. */
  public boolean chat() {
    return !embeddings;
  }

  public List<String> names() {
    List<String> n = new ArrayList<>(4);
    if (tools) n.add("tools");
    if (vision) n.add("vision");
    if (json) n.add("json");
    if (embeddings) n.add("embeddings");
    return n;
  }
}
