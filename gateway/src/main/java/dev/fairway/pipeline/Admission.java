package dev.fairway.pipeline;

import io.vertx.core.Future;

/**
 * Whether a request fits its tenant's budgets and rate limits; see {@link Limit}. An admission
 * reserves what the request may use and registers, with {@link RequestContext#onFinish}, the
 * settlement of what it actually used.
 */
@FunctionalInterface
public interface Admission {
  /** No limits. */
  Admission NONE = ctx -> Future.succeededFuture();

  /** Completes when admitted; fails with a {@link dev.fairway.api.GatewayError} refusal (403, 429). */
  Future<Void> admit(RequestContext ctx);
}
