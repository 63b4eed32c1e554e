package dev.fairway.pipeline;

import dev.fairway.dispatch.Dispatcher;
import dev.fairway.routing.Routing;
import io.vertx.core.Future;
import java.util.List;

/**
 * The request pipeline, assembled in one place so it reads top to bottom:
 * route (which models, in which order) → dispatch (call them, falling back as needed).
 * Authentication, limits and caching slot in before routing as they arrive.
 */
public final class Pipeline {
  private final List<Interceptor> interceptors;

  private Pipeline(List<Interceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  public static Pipeline assemble(Routing routing, Dispatcher dispatcher) {
    return new Pipeline(List.of(
        route(routing),
        dispatch(dispatcher)));
  }

  /** Decides the ordered candidates for the request (a named model, or a router's choice). */
  static Interceptor route(Routing routing) {
    return chain -> {
      RequestContext ctx = chain.context();
      return routing.route(ctx).compose(d -> {
        ctx.decision(d);
        return chain.proceed();
      });
    };
  }

  /** Calls the candidates; the last stage, so it answers rather than proceeding. */
  static Interceptor dispatch(Dispatcher dispatcher) {
    return chain -> dispatcher.dispatch(chain.context());
  }

  public Future<Outcome> execute(RequestContext ctx) {
    return new RealChain(interceptors, 0, ctx).proceed();
  }
}
