package dev.fairway.pipeline;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.CallControl;
import dev.fairway.routing.RouteDecision;
import java.util.Objects;

/**
 * One request on its way through the pipeline. Interceptors read the canonical request and fill
 * in what later stages need (the route decision); the client's disconnect cancels it. Confined to
 * the request's event loop.
 */
public final class RequestContext {
  private final String id;
  private final ChatRequest request;
  private final Deadline deadline;
  private final CallControl clientGone = new CallControl();
  private RouteDecision decision;
  private java.util.Set<String> allowedModels;

  public RequestContext(String id, ChatRequest request, Deadline deadline) {
    this.id = Objects.requireNonNull(id);
    this.request = Objects.requireNonNull(request);
    this.deadline = Objects.requireNonNull(deadline);
  }

  public String id() {
    return id;
  }

  public ChatRequest request() {
    return request;
  }

  public Deadline deadline() {
    return deadline;
  }

  public RouteDecision decision() {
    return decision;
  }

  public void decision(RouteDecision d) {
    this.decision = d;
  }

  /** The models this request's tenant may use, or null for any; set by authentication. */
  public java.util.Set<String> allowedModels() {
    return allowedModels;
  }

  public void allowedModels(java.util.Set<String> models) {
    this.allowedModels = models == null ? null : java.util.Set.copyOf(models);
  }

  /** Fires when the client disconnects; dispatch registers the in-flight call's cancel here. */
  public CallControl clientGone() {
    return clientGone;
  }

  public void clientDisconnected() {
    clientGone.cancel(GatewayError.cancelled(Reason.CLIENT_DISCONNECTED, "client disconnected"));
  }
}
