package dev.fairway.ingress;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.config.ServerConfig;
import dev.fairway.pipeline.Deadline;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.routing.RouteDecision;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.LongSupplier;

/** What every ingress protocol does the same way: request ids, deadlines, common headers. */
public final class IngressSupport {
  private final RequestIds ids = new RequestIds();
  private final ServerConfig server;
  private final LongSupplier ticker;

  public IngressSupport(ServerConfig server, LongSupplier ticker) {
    this.server = server;
    this.ticker = ticker;
  }

  /**
   * A context for a decoded request. The deadline is the configured request timeout, shortened by
   * an {@code x-fairway-timeout-ms} header when the client sends one.
   */
  public RequestContext context(RoutingContext rc, ChatRequest req) {
    Duration timeout = server.requestTimeout();
    String h = rc.request().getHeader(FairwayHeaders.TIMEOUT_MS);
    if (h != null) {
      long ms;
      try {
        ms = Long.parseLong(h.trim());
      } catch (NumberFormatException e) {
        ms = -1;
      }
      if (ms <= 0) {
        throw GatewayError.invalid("Invalid header " + FairwayHeaders.TIMEOUT_MS + ": expected a positive number of"
            + " milliseconds, got '" + h + "'.", FairwayHeaders.TIMEOUT_MS);
      }
      timeout = Duration.ofMillis(Math.min(ms, timeout.toMillis()));
    }
    return new RequestContext(requestId(rc), req, Deadline.after(timeout, ticker));
  }

  /**
   * The request's id, assigned (and sent as {@code x-request-id}) on first use, so that errors
   * raised before a context exists (a body that does not decode) can name it too.
   */
  public String requestId(RoutingContext rc) {
    String id = rc.response().headers().get(FairwayHeaders.REQUEST_ID);
    if (id == null) {
      id = ids.next();
      rc.response().putHeader(FairwayHeaders.REQUEST_ID, id);
    }
    return id;
  }

  /** What one client protocol does with each outcome of a request. */
  public interface Responder {
    void answer(Outcome.Answered answered);

    void stream(Outcome.Streaming streaming);

    void error(GatewayError error);
  }

  /**
   * Runs the pipeline for a decoded request and hands the outcome to the protocol's responder. A
   * client that disconnects cancels the request; if it is gone when the outcome arrives, nothing is
   * written and a started stream is cancelled.
   */
  public static void run(RoutingContext rc, RequestContext ctx, Pipeline pipeline, Responder responder) {
    rc.response().closeHandler(v -> ctx.clientDisconnected());
    pipeline.execute(ctx).onComplete(ar -> {
      if (rc.response().closed()) {
        if (ar.succeeded() && ar.result() instanceof Outcome.Streaming s) {
          s.events().cancel();
        }
        return;
      }
      if (ar.failed()) {
        responder.error(GatewayError.from(ar.cause()));
        return;
      }
      switch (ar.result()) {
        case Outcome.Answered a -> responder.answer(a);
        case Outcome.Streaming s -> responder.stream(s);
      }
    });
  }

  /**
   * Adds {@code x-fairway-route} when a router (not an explicit model name) chose the model: the
   * router, objective, task class, and the choice and runner-up with their predicted quality and cost.
   */
  public void routeHeader(HttpServerResponse resp, RequestContext ctx) {
    RouteDecision d = ctx.decision();
    if (d != null && d.explanation() != null) {
      resp.putHeader(FairwayHeaders.ROUTE, d.explanation().header());
    }
  }

  public static void retryAfter(HttpServerResponse resp, GatewayError e) {
    if (e.retryAfter() != null) {
      long s = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      resp.putHeader("retry-after", Long.toString(s));
    }
  }
}
