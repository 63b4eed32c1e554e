package dev.fairway.pipeline;

import io.vertx.core.Future;

/**
 * One stage of the request pipeline (authenticate, limit, cache, route, dispatch). It may look at
 * or change the context, answer by itself, or hand on with {@link Chain#proceed()} exactly once.
 * Stages are named classes, listed in order by {@link Pipeline#assemble}.
 */
@FunctionalInterface
public interface Interceptor {
  Future<Outcome> intercept(Chain chain);

  /** The rest of the pipeline, as seen from one interceptor. */
  interface Chain {
    RequestContext context();

    /** Runs the remaining stages; may be called at most once. */
    Future<Outcome> proceed();
  }
}
