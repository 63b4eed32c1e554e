package dev.fairway.routing;

import dev.fairway.api.ChatRequest;
import dev.fairway.catalog.Model;

/** What a request needs from a model beyond text chat, checked against the model's capabilities. */
public final class Requirements {
  private Requirements() {}

  /** The first capability the model lacks for this request, or null when it can serve it. */
  public static String missing(ChatRequest req, Model m) {
    if (!m.capabilities().chat()) {
      return "an embedding model (no chat)";
    }
    if (!req.tools().isEmpty() && !m.capabilities().tools()) {
      return "no tool support";
    }
    if (req.hasImages() && !m.capabilities().vision()) {
      return "no image input";
    }
    if (req.wantsJson() && !m.capabilities().json()) {
      return "no JSON mode";
    }
    return null;
  }
}
