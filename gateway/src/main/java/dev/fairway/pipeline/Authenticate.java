package dev.fairway.pipeline;

import io.vertx.core.Future;

/** Stage 1: identifies the request's tenant from its credential, or refuses it (401). */
final class Authenticate implements Interceptor {
  private final Authenticator authenticator;

  Authenticate(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public Future<Outcome> intercept(Chain chain) {
    RequestContext ctx = chain.context();
    ctx.tenant(authenticator.authenticate(ctx));
    return chain.proceed();
  }
}
