package dev.fairway.pipeline;

import dev.fairway.routing.Access;
import dev.fairway.routing.Routing;
import io.vertx.core.Future;

/**
 * Stage 4: decides the ordered candidates (a named model with its fallbacks, or a router's
 * choice), within the tenant's allow-list.
 */
final class Route implements Interceptor {
  private final Routing routing;

  Route(Routing routing) {
    this.routing = routing;
  }

  @Override
  public Future<Outcome> intercept(Chain chain) {
    RequestContext ctx = chain.context();
    Access access = Access.of(ctx.allowedModels());
    var decision = ctx.endpoint() == Endpoint.COUNT_TOKENS
        ? Future.succeededFuture(routing.routeForCounting(ctx.request(), access))
        : routing.route(ctx.request(), access);
    return decision.compose(d -> {
      ctx.routed(d);
      return chain.proceed();
    });
  }
}
