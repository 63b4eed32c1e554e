package dev.fairway.pipeline;

import io.vertx.core.Future;

/** Stage 3: answers from the tenant's response cache when it holds this request's answer. */
final class CacheLookup implements Interceptor {
  private final ResponseCache cache;

  CacheLookup(ResponseCache cache) {
    this.cache = cache;
  }

  @Override
  public Future<Outcome> intercept(Chain chain) {
    if (cache == ResponseCache.NONE) {
      return chain.proceed();
    }
    return cache.lookup(chain.context()).compose(hit -> hit != null ? Future.succeededFuture(hit) : chain.proceed());
  }
}
