package dev.fairway.pipeline;

import io.vertx.core.Future;

/** Stored answers a request may be served from without calling a model; see {@link CacheLookup}. */
@FunctionalInterface
public interface ResponseCache {
  /** No cache: every lookup misses. */
  ResponseCache NONE = ctx -> Future.succeededFuture();

  /** A stored answer for the request, or a future of null on a miss. */
  Future<Outcome> lookup(RequestContext ctx);
}
