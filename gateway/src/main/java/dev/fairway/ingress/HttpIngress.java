package dev.fairway.ingress;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Catalog;
import dev.fairway.config.ServerConfig;
import dev.fairway.ingress.admin.AdminApi;
import dev.fairway.ingress.anthropic.AnthropicIngress;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.ingress.openai.ResponsesIngress;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.provider.Providers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door: one instance per event loop, all listening on the same port. It maps
 * paths to protocol handlers and turns anything unexpected into the protocol's error format.
 */
public final class HttpIngress extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpIngress.class);

  private final ServerConfig server;
  private final Pipeline pipeline;
  private final Catalog catalog;
  private final LongSupplier ticker;
  private final AdminApi admin;
  private final java.util.List<String> routers;
  private final Providers providers;
  private final BodyBudget budget;
  private HttpServer http;

  /** @param budget shared by every ingress of the gateway */
  public HttpIngress(ServerConfig server, Pipeline pipeline, Catalog catalog, java.util.List<String> routers,
      LongSupplier ticker, AdminApi admin, Providers providers, BodyBudget budget) {
    this.budget = budget;
    this.server = server;
    this.pipeline = pipeline;
    this.catalog = catalog;
    this.routers = java.util.List.copyOf(routers);
    this.ticker = ticker;
    this.admin = admin;
    this.providers = providers;
  }

  @Override
  public Future<?> start() {
    IngressSupport support = new IngressSupport(server, ticker);
    OpenAiIngress openai = new OpenAiIngress(support, pipeline, catalog, routers);
    AnthropicIngress anthropic = new AnthropicIngress(support, pipeline, catalog, providers, routers);

    Router router = Router.router(vertx);
    BodyHandler limited = BodyHandler.create(false).setBodyLimit(server.maxBodyBytes());
    Handler<RoutingContext> body = rc -> admit(rc, limited);

    router.get("/healthz").handler(rc -> rc.response().putHeader("content-type", "application/json")
        .end("{\"status\":\"ok\"}"));
    router.post("/v1/chat/completions").handler(body).handler(openai::chatCompletions);
    router.post("/v1/responses").handler(body).handler(new ResponsesIngress(support, pipeline)::create);
    router.get("/v1/responses").handler(ResponsesIngress::websocket);
    router.get("/v1/models").handler(openai::models);
    router.get("/v1/models/:model").handler(openai::model);
    router.get("/admin/health").handler(admin::health);
    router.post("/admin/health/reset").handler(admin::resetHealth);
    router.get("/metrics").handler(admin::metrics);
    router.post("/v1/messages").handler(body).handler(anthropic::messages);
    router.post("/v1/messages/count_tokens").handler(body).handler(anthropic::countTokens);

    router.errorHandler(413, rc -> error(rc, GatewayError.upstream(ErrorKind.REQUEST_TOO_LARGE,
        "Request body too large: the limit is " + server.maxBodyBytes() + " bytes.")
        .withReason(Reason.REQUEST_TOO_LARGE)));
    router.errorHandler(404, rc -> error(rc, GatewayError.of(ErrorKind.NOT_FOUND,
        "Unknown request URL: " + rc.request().method() + " " + rc.request().path() + ".")
        .withReason(Reason.UNKNOWN_URL)));
    router.errorHandler(405, rc -> error(rc, GatewayError.invalid(
        "Method " + rc.request().method() + " is not allowed on " + rc.request().path() + ".", null,
            Reason.METHOD_NOT_ALLOWED)));
    router.errorHandler(500, this::internalError);

    HttpServerOptions opts = new HttpServerOptions()
        .setHost(server.host())
        .setPort(server.port())
        .setTcpNoDelay(true)
        .setTcpFastOpen(true)
        .setReusePort(true)
        .setIdleTimeout(0)
        .setCompressionSupported(false)
        .setMaxHeaderSize(64 * 1024);
    http = vertx.createHttpServer(opts).requestHandler(router);
    return http.listen();
  }

  /**
   * Reserves the body's bytes (its Content-Length, or the size limit when it is chunked) for the
   * life of the exchange, then reads it; over budget, answers 503 at once.
   */
  private void admit(RoutingContext rc, Handler<RoutingContext> readBody) {
    long bytes = server.maxBodyBytes();
    String len = rc.request().getHeader("content-length");
    if (len != null) {
      try {
        bytes = Math.min(Math.max(0, Long.parseLong(len.trim())), server.maxBodyBytes());
      } catch (NumberFormatException bad) {
        // Netty rejects such a request itself; reserve the limit meanwhile
      }
    }
    long reserved = bytes;
    if (!budget.tryReserve(reserved)) {
      error(rc, GatewayError.upstream(ErrorKind.OVERLOADED, "The gateway is holding too many large request bodies at"
          + " once; retry shortly.").withReason(Reason.GATEWAY_OVERLOADED).withRetryAfter(java.time.Duration.ofSeconds(1)));
      return;
    }
    rc.addEndHandler(v -> budget.release(reserved));
    readBody.handle(rc);
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
