package dev.fairway.pipeline;

import dev.fairway.api.GatewayError;
import io.vertx.core.Future;
import java.util.List;

/** Walks the interceptor list, enforcing that each stage proceeds at most once. */
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
      throw new IllegalStateException("the last interceptor (" + interceptors.get(index - 1).getClass().getSimpleName()
          + ") must answer, not proceed");
    }
    if (proceeded) {
      throw new IllegalStateException(interceptors.get(index - 1).getClass().getSimpleName()
          + " must call proceed() at most once");
    }
    proceeded = true;
    Interceptor next = interceptors.get(index);
    try {
      Future<Outcome> f = next.intercept(new RealChain(interceptors, index + 1, context));
      if (f == null) {
        throw new IllegalStateException(next.getClass().getSimpleName() + " returned null");
      }
      return f;
    } catch (GatewayError e) {
      return Future.failedFuture(e);
    }
  }
}
