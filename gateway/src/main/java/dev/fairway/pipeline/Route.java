package dev.fairway.pipeline;

import dev.fairway.routing.Access;
import dev.fairway.routing.Conversations;
import dev.fairway.routing.RouterSpec;
import dev.fairway.routing.Routing;
import io.vertx.core.Future;

/**
 * Stage 4: decides the ordered candidates (a named model with its fallbacks, or a router's
 * choice), within the tenant's allow-list. A router keeps a sticky conversation's model, and
 * learns, when the request finishes, which model served the conversation this time.
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
    if (ctx.endpoint() == Endpoint.COUNT_TOKENS) {
      ctx.routed(routing.routeForCounting(ctx.request(), access));
      return chain.proceed();
    }
    if (ctx.endpoint() == Endpoint.EMBEDDINGS) {
      ctx.routed(routing.routeEmbeddings(ctx.embedding().model(), access));
      return chain.proceed();
    }
    Conversations.Key conversation = conversation(ctx);
    return routing.route(ctx.request(), access, conversation).compose(d -> {
      ctx.routed(d);
      if (conversation != null) {
        ctx.onFinish(f -> {
          if (f.outcome() != null && f.outcome().served() != null && f.succeeded()) {
            routing.conversations().remember(conversation, f.outcome().served().model().id());
          }
        });
      }
      return chain.proceed();
    });
  }

  private Conversations.Key conversation(RequestContext ctx) {
    Conversations c = routing.conversations();
    if (!c.enabled()) {
      return null;
    }
    RouterSpec spec = routing.routerFor(ctx.request().model());
    return spec == null ? null : c.key(ctx.tenant() == null ? null : ctx.tenant().keyId(), spec.name(), ctx.request(),
        ctx::header);
  }
}
