package dev.fairway.routing;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routing when the client names a model: that model first, then the request's own {@code models}
 * list, then the fallbacks configured for the first model. Fallbacks that cannot serve the
 * request (no tool, image or JSON support it needs) or that the tenant may not use are dropped,
 * with the reason recorded; a named model the tenant may not use is refused (403).
 */
public final class ExplicitRouter {
  private ExplicitRouter() {}

  public static RouteDecision route(ChatRequest req, Catalog catalog) {
    return route(req, catalog, Access.ANY);
  }

  public static RouteDecision route(ChatRequest req, Catalog catalog, Access access) {
    Model primary = catalog.find(req.model()).orElseThrow(() -> notFound(req.model(), "model"));
    if (!primary.capabilities().chat()) {
      throw GatewayError.invalid("The model `" + primary.id() + "` is an embedding model: it serves /v1/embeddings,"
          + " not chat.", "model", Reason.UNSUPPORTED_VALUE);
    }
    if (!access.mayUse(primary, catalog)) {
      throw notAllowed(req.model(), "model");
    }
    Map<String, RouteCandidate> ordered = new LinkedHashMap<>();
    ordered.put(primary.id(), new RouteCandidate(primary, "requested"));
    for (int i = 0; i < req.fallbackModels().size(); i++) {
      String name = req.fallbackModels().get(i);
      Model m = catalog.find(name).orElseThrow(() -> notFound(name, "models"));
      ordered.putIfAbsent(m.id(), new RouteCandidate(m, "request fallback"));
    }
    for (String id : catalog.fallbacksOf(primary.id())) {
      catalog.find(id).ifPresent(m -> ordered.putIfAbsent(m.id(), new RouteCandidate(m, "configured fallback")));
    }
    List<RouteCandidate> kept = new ArrayList<>(ordered.size());
    List<String> dropped = new ArrayList<>();
    for (RouteCandidate c : ordered.values()) {
      boolean first = c.model() == primary;
      String why = first ? null
          : !access.mayUse(c.model(), catalog) ? "not in the key's allowed models"
          : Requirements.missing(req, c.model());
      if (why == null) {
        kept.add(c);
      } else {
        dropped.add(c.model().id() + ": " + why);
      }
    }
    return new RouteDecision("explicit", kept, dropped);
  }

  static GatewayError notFound(String model, String param) {
    return GatewayError.notFound("The model `" + model + "` does not exist or you do not have access to it.", param,
        Reason.MODEL_NOT_FOUND);
  }

  /** 403 naming the model; it says nothing about what the key may use instead. */
  static GatewayError notAllowed(String model, String param) {
    return GatewayError.of(ErrorKind.PERMISSION, Reason.MODEL_NOT_ALLOWED,
        "This key is not allowed to use model `" + model + "`.").withParam(param);
  }
}
