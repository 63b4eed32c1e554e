package dev.fairway.ingress;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Catalog;
import dev.fairway.config.ServerConfig;
import dev.fairway.ingress.admin.AdminApi;
import dev.fairway.ingress.anthropic.AnthropicIngress;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.ingress.openai.EmbeddingsIngress;
import dev.fairway.ingress.openai.ResponsesIngress;
import dev.fairway.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.BindException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door: one instance per event loop, all listening on the same port. Every request
 * head passes the {@link FrontDoor} checks (Host, path, origin) first; then the router maps paths
 * to protocol handlers, JSON bodies are read by the {@link BodyReader} under the body budget and
 * its time limits, and anything unexpected is answered in the protocol's error format. Idle client
 * connections are closed by the {@link ConnectionGuard}.
 */
public final class HttpIngress extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpIngress.class);

  private final ServerConfig server;
  private final Pipeline pipeline;
  private final Catalog catalog;
  private final LongSupplier ticker;
  private final AdminApi admin;
  private final java.util.List<String> routers;
  private final BodyBudget budget;
  private final java.time.InstantSource clock;
  private final dev.fairway.pipeline.CallEvents events;
  private final Extras extras;
  private final dev.fairway.routing.HousePolicy policy;
  private HttpServer http;

  /**
   * @param policy the house policy the routers apply ({@code /v1/models} names it)
   * @param budget shared by every ingress of the gateway
   */
  public HttpIngress(ServerConfig server, Pipeline pipeline, Catalog catalog, java.util.List<String> routers,
      dev.fairway.routing.HousePolicy policy, LongSupplier ticker, java.time.InstantSource clock,
      dev.fairway.pipeline.CallEvents events, AdminApi admin, BodyBudget budget, Extras extras) {
    this.policy = policy;
    this.extras = extras;
    this.clock = clock;
    this.events = events;
    this.budget = budget;
    this.server = server;
    this.pipeline = pipeline;
    this.catalog = catalog;
    this.routers = java.util.List.copyOf(routers);
    this.ticker = ticker;
    this.admin = admin;
  }

  @Override
  public Future<?> start() {
    IngressSupport support = new IngressSupport(server, ticker, clock, events);
    OpenAiIngress openai = new OpenAiIngress(support, pipeline, catalog, routers, policy);
    AnthropicIngress anthropic = new AnthropicIngress(support, pipeline);

    // ---- guards (issue 10): see FrontDoor, ConnectionGuard, BodyReader, Cors
    ClientErrorLog clientErrors = new ClientErrorLog(ticker, TimeUnit.SECONDS.toNanos(1));
    Cors cors = new Cors(server.cors());
    FrontDoor door = new FrontDoor(server.allowedHosts(), server.host(), cors);
    // HTTP/1.1 holds one body per connection; an HTTP/2 connection may hold up to a quarter of the budget.
    long share = Math.max(server.maxBodyBytes(), budget.limit() / 4);
    ConnectionGuard connections = new ConnectionGuard(vertx, ticker, server.timeouts().idle(), budget, share);
    Handler<RoutingContext> body = new BodyReader(server, budget, connections, vertx, ticker, clientErrors);

    Router router = Router.router(vertx);
    Endpoints api = new Endpoints(router);
    // Every routed exchange ends (answered, failed or cut off) before its connection counts as idle.
    router.route().handler(rc -> {
      HttpConnection c = rc.request().connection();
      rc.addEndHandler(v -> connections.requestFinished(c));
      rc.next();
    });

    if (extras.adminGate() != null) {
      router.route("/admin/*").handler(extras.adminGate());
    }
    if (extras.metricsGate() != null) {
      router.route("/metrics").handler(extras.metricsGate());
    }
    api.get("/healthz").handler(rc -> rc.response().putHeader("content-type", "application/json")
        .end("{\"status\":\"ok\"}"));
    api.post("/v1/chat/completions").handler(body).handler(openai::chatCompletions);
    api.post("/v1/responses").handler(body).handler(new ResponsesIngress(support, pipeline)::create);
    api.get("/v1/responses").handler(ResponsesIngress::websocket);
    api.post("/v1/embeddings").handler(body).handler(new EmbeddingsIngress(support, pipeline)::create);
    api.get("/v1/models").handler(openai::models);
    api.get("/v1/models/:model").handler(openai::model);
    api.get("/admin/health").handler(admin::health);
    api.post("/admin/health/reset").handler(admin::resetHealth);
    api.get("/metrics").handler(admin::metrics);
    api.post("/v1/messages").handler(body).handler(anthropic::messages);
    api.post("/v1/messages/count_tokens").handler(body).handler(anthropic::countTokens);
    // After the model endpoints: the router tries routes in order, and the admin, ledger and
    // transparency routes (dozens, most with path parameters) cost every chat request ~5 µs of
    // matching when they come first. None of their paths overlaps a route above.
    extras.mounts().forEach(m -> m.accept(router));

    router.errorHandler(413, rc -> error(rc, GatewayError.upstream(ErrorKind.REQUEST_TOO_LARGE,
        "Request body too large: the limit is " + server.maxBodyBytes() + " bytes.")
        .withReason(Reason.REQUEST_TOO_LARGE)));
    router.errorHandler(404, rc -> error(rc, GatewayError.of(ErrorKind.NOT_FOUND,
        "Unknown request URL: " + rc.request().method() + " " + rc.request().path() + ".")
        .withReason(Reason.UNKNOWN_URL)));
    router.errorHandler(405, rc -> {
      String allow = api.allow(rc.normalizedPath());
      if (allow != null) {
        rc.response().putHeader("allow", allow);
      }
      error(rc, GatewayError.invalid("Method " + rc.request().method() + " is not allowed on " + rc.request().path()
          + (allow == null ? "." : " (allowed: " + allow + ")."), null, Reason.METHOD_NOT_ALLOWED));
    });
    router.errorHandler(500, this::internalError);

    HttpServerOptions opts = new HttpServerOptions()
        .setHost(server.host())
        .setPort(server.port())
        .setTcpNoDelay(true)
        .setTcpFastOpen(true)
        // Off unless asked: with SO_REUSEPORT a second gateway on the same port would start
        // silently and the kernel would split traffic between the two configurations.
        .setReusePort(server.allowPortReuse())
        .setIdleTimeout(0) // idle connections are the ConnectionGuard's: a request waiting on a provider is not idle
        .setCompressionSupported(false)
        .setMaxHeaderSize(64 * 1024)
        // HTTP/1.1 only on cleartext: with h2c detection on, Vert.x creates the connection (and
        // calls the ConnectionGuard) only once a whole request head has arrived, so a client
        // trickling its head would never be timed out.
        .setHttp2ClearTextEnabled(false);
    http = vertx.createHttpServer(opts)
        .connectionHandler(connections::opened)
        .invalidRequestHandler(req -> invalidRequest(req, connections, clientErrors))
        .exceptionHandler(t -> clientErrors.warn("?", "-", "-", "connection error", t.getMessage()))
        .requestHandler(req -> front(req, door, cors, api, router, connections, clientErrors));
    return http.listen().recover(this::bindFailure);
  }

  /** The checks before routing, then OPTIONS, then the router. */
  private static void front(HttpServerRequest req, FrontDoor door, Cors cors, Endpoints api, Router router,
      ConnectionGuard connections, ClientErrorLog clientErrors) {
    HttpConnection conn = req.connection();
    connections.requestStarted(conn);
    String host = req.getHeader("host");
    if (host == null && req.version() == HttpVersion.HTTP_2 && req.authority() != null) {
      host = req.authority().toString();
    }
    String origin = req.getHeader("origin");
    GatewayError refused = door.check(req.path(), host, origin);
    if (refused != null) {
      clientErrors.warn(remote(req), req.method().name(), req.path(), "refused at the front door",
          refused.reason().code());
      finish(req, ProtocolErrors.answer(req, refused, false), connections);
      return;
    }
    boolean crossOrigin = origin != null && !FrontDoor.sameOrigin(origin, host);
    if (req.method() == HttpMethod.OPTIONS) {
      options(req, cors, api, crossOrigin, connections);
      return;
    }
    if (crossOrigin) {
      cors.decorate(req.response().headers(), origin); // FrontDoor let it through: CORS allows it
    }
    router.handle(req);
  }

  /** {@code OPTIONS}: a CORS preflight for an allowed origin, or 204 with the path's Allow. */
  private static void options(HttpServerRequest req, Cors cors, Endpoints api, boolean crossOrigin,
      ConnectionGuard connections) {
    String allow = api.allow(req.path());
    if (allow == null) {
      finish(req, ProtocolErrors.answer(req, GatewayError.of(ErrorKind.NOT_FOUND,
          "Unknown request URL: OPTIONS " + req.path() + ".").withReason(Reason.UNKNOWN_URL), false), connections);
      return;
    }
    if (crossOrigin && Cors.isPreflight("OPTIONS", req.headers())) {
      GatewayError e = cors.preflight(req.headers(), req.response().headers(), allow);
      if (e != null) {
        finish(req, ProtocolErrors.answer(req, e, false), connections);
        return;
      }
    } else {
      req.response().putHeader("allow", allow);
    }
    finish(req, req.response().setStatusCode(204).end(), connections);
  }

  private static void finish(HttpServerRequest req, Future<Void> answered, ConnectionGuard connections) {
    HttpConnection c = req.connection();
    answered.onComplete(v -> connections.requestFinished(c));
  }

  /** A request Vert.x could not decode (broken head, a line or headers too long): one WARN line, a protocol error. */
  private static void invalidRequest(HttpServerRequest req, ConnectionGuard connections, ClientErrorLog clientErrors) {
    Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
    clientErrors.warn(remote(req), req.method() == null ? "?" : req.method().name(), safePath(req),
        "malformed request head", cause == null ? null : cause.getMessage());
    connections.requestStarted(req.connection());
    finish(req, ProtocolErrors.answer(req, GatewayError.invalid("The request is not valid HTTP"
        + (cause == null ? "." : ": " + ClientErrorLog.oneLine(cause.getMessage()) + "."), null,
        Reason.MALFORMED_REQUEST), true), connections);
  }

  private static String safePath(HttpServerRequest req) {
    try {
      return req.path();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static String remote(HttpServerRequest req) {
    return req.remoteAddress() == null ? "?" : req.remoteAddress().toString();
  }

  /**
   * A taken port is a clear start-up error naming it, never a silent split (see setReusePort).
   * Without a cause: the launcher prints the innermost message, and this one is the useful one.
   */
  private Future<HttpServer> bindFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
        return Future.failedFuture(new IllegalStateException("cannot listen on " + server.host() + ":" + server.port()
            + ": the port is already in use (another Fairway, or another program). Stop it, choose another"
            + " server.port, or set server.allow_port_reuse: true to share the port on purpose."));
      }
    }
    return Future.failedFuture(t);
  }

  private void internalError(RoutingContext rc) {
    Throwable t = rc.failure();
    if (t instanceof GatewayError g) {
      error(rc, g);
      return;
    }
    // Logged without the request body: it may hold secrets or personal data.
    log.error("unexpected failure on {} {}", rc.request().method(), rc.request().path(), t);
    error(rc, GatewayError.of(ErrorKind.INTERNAL, "The gateway failed to process the request."));
  }

  /** Answers in the error format of the protocol the path belongs to (Anthropic's under /v1/messages). */
  private static void error(RoutingContext rc, GatewayError e) {
    if (AnthropicIngress.owns(rc.request().path())) {
      AnthropicIngress.error(rc, e);
    } else {
      OpenAiIngress.error(rc, e);
    }
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return http.actualPort();
  }
}
