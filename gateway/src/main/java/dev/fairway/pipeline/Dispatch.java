package dev.fairway.pipeline;

import io.vertx.core.Future;

/** Stage 5, the last: calls the routed models (falling back and retrying as needed) and answers. */
final class Dispatch implements Interceptor {
  private final Caller caller;

  Dispatch(Caller caller) {
    this.caller = caller;
  }

  @Override
  public Future<Outcome> intercept(Chain chain) {
    return caller.call(chain.context());
  }
}
