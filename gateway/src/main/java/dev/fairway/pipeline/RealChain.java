package dev.fairway.pipeline;

import dev.fairway.api.GatewayError;
import io.vertx.core.Future;
import java.util.List;

/** Walks the stage list, enforcing that each stage proceeds at most once and never returns null. */
final class RealChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final RequestContext context;
  private boolean proceeded;

  RealChain(List<Interceptor> interceptors, int index, RequestContext context) {
    this.interceptors = interceptors;
    this.index = index;
    this.context = context;
  }

  @Override
  public RequestContext context() {
    return context;
  }

  @Override
  public Future<Outcome> proceed() {
    if (index >= interceptors.size()) {
      throw new IllegalStateException("the last stage (" + name(interceptors.get(index - 1))
          + ") must answer, not proceed");
    }
    if (proceeded) {
      throw new IllegalStateException(name(interceptors.get(index - 1)) + " must call proceed() at most once");
    }
    proceeded = true;
    Interceptor next = interceptors.get(index);
    Future<Outcome> f;
    try {
      f = next.intercept(new RealChain(interceptors, index + 1, context));
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
    if (f == null) {
      throw new IllegalStateException(name(next) + " returned null instead of a future");
    }
    return f;
  }

  static String name(Interceptor i) {
    return i.getClass().getName();
  }
}
