package dev.fairway.ingress;

import dev.fairway.pipeline.Served;
import io.vertx.core.MultiMap;

/** The response headers that tell a client what Fairway did with its request. */
public final class FairwayHeaders {
  private FairwayHeaders() {}

  public static final String MODEL = "x-fairway-model";
  public static final String PROVIDER = "x-fairway-provider";
  public static final String DEPLOYMENT = "x-fairway-deployment";
  public static final String ATTEMPTS = "x-fairway-attempts";
  public static final String COST = "x-fairway-cost-usd";
  public static final String ROUTE = "x-fairway-route";
  public static final String SIMULATED = "x-fairway-simulated";
  public static final String REQUEST_ID = "x-request-id";
  /** The id of the request's decision record in the transparency log (the request's id). */
  public static final String DECISION = "x-fairway-decision";
  public static final String TIMEOUT_MS = "x-fairway-timeout-ms";

  /** The served model, and where it answered from when a provider did (not for a cache hit). */
  public static void served(MultiMap h, Served s) {
    h.set(MODEL, s.model().id());
    if (s.deployment() != null) {
      h.set(PROVIDER, s.provider().id());
      h.set(DEPLOYMENT, s.deployment().id());
    }
    h.set(ATTEMPTS, Integer.toString(s.attempts()));
    if (s.simulated()) {
      h.set(SIMULATED, "true");
    }
  }
}
