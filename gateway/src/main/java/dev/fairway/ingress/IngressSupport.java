package dev.fairway.ingress;

import dev.fairway.api.GatewayError;
import dev.fairway.config.ServerConfig;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.pipeline.Credential;
import dev.fairway.pipeline.Deadline;
import dev.fairway.pipeline.Endpoint;
import dev.fairway.pipeline.Finished;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.routing.RouteDecision;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What every ingress protocol does the same way: it opens each request's {@link RequestContext}
 * (id, credential, deadline), runs the pipeline, writes the common headers, and ends the request
 * exactly once, whichever way it ends.
 */
public final class IngressSupport {
  /** Where {@link HttpIngress} stamps a request's arrival (ticker nanos) before its body is read. */
  public static final String ARRIVAL = "fairway.arrival";

  private final RequestIds ids = new RequestIds();
  private final ServerConfig server;
  private final LongSupplier ticker;
  private final InstantSource clock;
  private final CallEvents events;

  public IngressSupport(ServerConfig server, LongSupplier ticker, InstantSource clock, CallEvents events) {
    this.server = server;
    this.ticker = ticker;
    this.clock = clock;
    this.events = events;
  }

  /** How one protocol answers errors. */
  public interface ErrorFormat {
    /** The HTTP status this protocol answers {@code e} with. */
    int status(GatewayError e);

    /** Writes {@code e} as this protocol's error object (with that status). */
    void write(RoutingContext rc, GatewayError e);
  }

  /**
   * Opens the context of a request that has just reached a model endpoint (its body read, not yet
   * decoded) and fires {@code requestStarted}. Its deadline is the configured request timeout;
   * {@link #deadline} shortens it by the client's {@code x-fairway-timeout-ms}.
   */
  public RequestContext begin(RoutingContext rc, Endpoint endpoint) {
    Long arrival = rc.get(ARRIVAL);
    long now = ticker.getAsLong();
    long start = arrival != null ? arrival : now;
    long wall = clock.millis() - (now - start) / 1_000_000;
    HttpServerRequest req = rc.request();
    String id = requestId(rc);
    rc.response().putHeader(FairwayHeaders.DECISION, id);
    RequestContext ctx = RequestContext.start(id, endpoint, credential(req), req::getHeader, start, wall, ticker, events);
    ctx.deadline(new Deadline(start + server.requestTimeout().toNanos(), ticker));
    return ctx;
  }

  /**
   * Applies the client's {@code x-fairway-timeout-ms}, which may shorten the deadline, never
   * lengthen it.
   *
   * @throws GatewayError invalid_request for a value that is not a positive number of milliseconds
   */
  public void deadline(RoutingContext rc, RequestContext ctx) {
    String h = rc.request().getHeader(FairwayHeaders.TIMEOUT_MS);
    if (h == null) {
      return;
    }
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
    long at = ctx.startNanos() + Duration.ofMillis(ms).toNanos();
    if (at < ctx.deadline().atNanos()) {
      ctx.deadline(new Deadline(at, ticker));
    }
  }

  /**
   * The key the client presented: {@code Authorization: Bearer} (OpenAI's SDKs) or
   * {@code x-api-key} (Anthropic's); when both are sent, the one that looks like a Fairway key.
   */
  static Credential credential(HttpServerRequest req) {
    String auth = req.getHeader("authorization");
    String bearer = null;
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      bearer = auth.substring(7).trim();
    }
    String apiKey = req.getHeader("x-api-key");
    if (apiKey != null) {
      apiKey = apiKey.trim();
    }
    if (bearer != null && !bearer.isEmpty() && (apiKey == null || apiKey.isEmpty() || bearer.startsWith("sk-fw-")
        || !apiKey.startsWith("sk-fw-"))) {
      return new Credential(bearer, "authorization");
    }
    if (apiKey != null && !apiKey.isEmpty()) {
      return new Credential(apiKey, "x-api-key");
    }
    return null;
  }

  /**
   * The request's id, assigned (and sent as {@code x-request-id}) on first use, so that errors
   * raised before a context exists can name it too.
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

    /** A token count; only the endpoints that count need it. */
    default void counted(Outcome.Counted counted) {
      throw new IllegalStateException("this endpoint does not count tokens");
    }

    /** Embeddings; only {@code /v1/embeddings} needs it. */
    default void embedded(Outcome.Embedded embedded) {
      throw new IllegalStateException("this endpoint does not embed");
    }


    void error(GatewayError error);
  }

  /**
   * Runs the pipeline for a decoded request and hands the outcome to the protocol's responder. A
   * client that disconnects cancels the request; if it is gone when the outcome arrives, nothing is
   * written, a started stream is cancelled, and the request ends as {@code CLIENT_GONE}.
   */
  public static void run(RoutingContext rc, RequestContext ctx, Pipeline pipeline, Responder responder) {
    rc.response().closeHandler(v -> {
      ctx.clientDisconnected();
      clientGone(ctx, null);
    });
    pipeline.execute(ctx).onComplete(ar -> {
      if (rc.response().closed()) {
        if (ar.succeeded() && ar.result() instanceof Outcome.Streaming s) {
          s.events().cancel();
        }
        clientGone(ctx, ar.succeeded() ? ar.result() : null);
        return;
      }
      if (ar.failed()) {
        responder.error(GatewayError.from(ar.cause()));
        return;
      }
      switch (ar.result()) {
        case Outcome.Answered a -> responder.answer(a);
        case Outcome.Streaming s -> responder.stream(s);
        case Outcome.Counted c -> responder.counted(c);
        case Outcome.Embedded e -> responder.embedded(e);
      }
    });
  }

  /** Ends a request whose client went away (only the first end of a request counts). */
  static void clientGone(RequestContext ctx, Outcome outcome) {
    ctx.finish(Finished.Result.CLIENT_GONE, 499, outcome, ctx.clientGone().reason());
  }

  /**
   * Writes a whole answer: the served and route headers, the cost of every attempt, the stages'
   * headers; then ends the request and sends the body.
   */
  public void answer(RoutingContext rc, RequestContext ctx, Outcome outcome, String contentType, Buffer body) {
    HttpServerResponse resp = rc.response();
    if (outcome.served() != null) {
      FairwayHeaders.served(resp.headers(), outcome.served());
      dropped(resp, ctx, outcome.served());
    }
    if (!(outcome instanceof Outcome.Counted)) {
      resp.putHeader(FairwayHeaders.COST, dev.fairway.metering.Pricing.format(ctx.costSoFar()));
    }
    routeHeader(resp, ctx);
    stageHeaders(resp, ctx);
    resp.putHeader("content-type", contentType);
    ctx.finish(Finished.Result.ANSWERED, 200, outcome, null);
    resp.end(body);
  }

  /** Writes the headers of a stream about to start (status 200, SSE framing, the cost trailer announced). */
  public void streamHeaders(RoutingContext rc, RequestContext ctx, Outcome.Streaming s) {
    HttpServerResponse resp = rc.response();
    FairwayHeaders.served(resp.headers(), s.served());
    dropped(resp, ctx, s.served());
    routeHeader(resp, ctx);
    stageHeaders(resp, ctx);
    resp.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no")
        .putHeader("trailer", FairwayHeaders.COST);
  }

  /** Ends the request as failed, then writes the error in the protocol's format. */
  public static void fail(RoutingContext rc, RequestContext ctx, GatewayError e, ErrorFormat format) {
    if (rc.response().closed()) {
      clientGone(ctx, null);
      return;
    }
    if (!rc.response().headWritten()) {
      stageHeaders(rc.response(), ctx);
    }
    ctx.finish(Finished.Result.FAILED, rc.response().headWritten() ? rc.response().getStatusCode() : format.status(e),
        null, e);
    format.write(rc, e);
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

  private static void dropped(HttpServerResponse resp, RequestContext ctx, dev.fairway.pipeline.Served served) {
    if (served.provider() != null && ctx.request() != null) {
      Dropped.header(resp, ctx.request(), served, ctx.ingressDropped());
    }
  }

  private static void stageHeaders(HttpServerResponse resp, RequestContext ctx) {
    for (Map.Entry<String, String> h : ctx.responseHeaders().entrySet()) {
      resp.putHeader(h.getKey(), h.getValue());
    }
  }

  public static void retryAfter(HttpServerResponse resp, GatewayError e) {
    if (e.retryAfter() != null) {
      long s = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      resp.putHeader("retry-after", Long.toString(s));
    }
  }
}
