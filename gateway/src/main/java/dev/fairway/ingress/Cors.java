package dev.fairway.ingress;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.config.ServerConfig;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin resource sharing as configured in {@code server.cors}: off (no origin allowed)
 * unless origins are listed. For an allowed origin it answers preflights and adds the response
 * headers a browser needs to let the page read the answer.
 */
final class Cors {
  static final String EXPOSED = String.join(", ", FairwayHeaders.REQUEST_ID, "request-id", FairwayHeaders.MODEL,
      FairwayHeaders.PROVIDER, FairwayHeaders.DEPLOYMENT, FairwayHeaders.ATTEMPTS, FairwayHeaders.COST,
      FairwayHeaders.ROUTE, FairwayHeaders.SIMULATED, "retry-after");

  private final ServerConfig.Cors config;
  private final Set<String> origins;
  private final Set<String> headers;

  Cors(ServerConfig.Cors config) {
    this.config = config;
    this.origins = Set.copyOf(config.allowedOrigins());
    this.headers = Set.copyOf(config.allowedHeaders());
  }

  boolean enabled() {
    return config.enabled();
  }

  boolean allows(String origin) {
    return origin != null && (origins.contains("*") || origins.contains(origin.trim().toLowerCase(Locale.ROOT)));
  }

  /** A preflight is an OPTIONS with an Origin and Access-Control-Request-Method. */
  static boolean isPreflight(String method, MultiMap h) {
    return "OPTIONS".equals(method) && h.get("origin") != null && h.get("access-control-request-method") != null;
  }

  /**
   * Fills a preflight's answer for an allowed origin; returns why not when the method is not one
   * the path takes or a requested header is not allowed.
   *
   * @param allow the methods the path takes, as in an Allow header
   */
  GatewayError preflight(MultiMap request, MultiMap response, String allow) {
    String origin = request.get("origin");
    String method = request.get("access-control-request-method").trim().toUpperCase(Locale.ROOT);
    if (!(", " + allow + ",").contains(", " + method + ",")) {
      return GatewayError.of(ErrorKind.PERMISSION, Reason.CROSS_ORIGIN_NOT_ALLOWED,
          "Method " + ClientErrorLog.oneLine(method) + " is not allowed here (allowed: " + allow + ").");
    }
    String requested = request.get("access-control-request-headers");
    if (requested != null && !requested.isBlank()) {
      for (String h : requested.split(",")) {
        String name = h.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !headers.contains(name)) {
          return GatewayError.of(ErrorKind.PERMISSION, Reason.CROSS_ORIGIN_NOT_ALLOWED, "Header "
              + ClientErrorLog.oneLine(name) + " is not allowed across origins; add it to server.cors.allowed_headers.");
        }
      }
    }
    decorate(response, origin);
    response.set("access-control-allow-methods", allow);
    response.set("access-control-allow-headers", String.join(", ", config.allowedHeaders()));
    response.set("access-control-max-age", Long.toString(config.maxAge().toSeconds()));
    return null;
  }

  /** The headers an allowed cross-origin answer carries. */
  void decorate(MultiMap response, String origin) {
    response.set("access-control-allow-origin", origins.contains("*") ? "*" : origin.trim());
    response.add("vary", "Origin");
    response.set("access-control-expose-headers", EXPOSED);
  }
}
