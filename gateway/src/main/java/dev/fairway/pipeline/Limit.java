package dev.fairway.pipeline;

import io.vertx.core.Future;

/**
 * Stage 2: reserves the request's maximum cost and its rate allowance against every applicable
 * budget and limit, or refuses it before any upstream call (403, 429); the reservation is settled
 * to the actual usage when the request finishes.
 */
final class Limit implements Interceptor {
  private final Admission admission;

  Limit(Admission admission) {
    this.admission = admission;
  }

  @Override
  public Future<Outcome> intercept(Chain chain) {
    if (admission == Admission.NONE) {
      return chain.proceed();
    }
    Future<Void> admitted = admission.admit(chain.context());
    // The usual case: decided synchronously, so no continuation (and no second future) is made.
    return admitted.succeeded() ? chain.proceed() : admitted.compose(v -> chain.proceed());
  }
}
