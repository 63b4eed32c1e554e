package dev.fairway.pipeline;

import io.vertx.core.Future;

/** Calls the models a request was routed to and answers it; see {@link Dispatch}. */
@FunctionalInterface
public interface Caller {
  Future<Outcome> call(RequestContext ctx);
}
