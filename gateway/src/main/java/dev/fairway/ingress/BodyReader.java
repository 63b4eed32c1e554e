package dev.fairway.ingress;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.config.ServerConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Reads a JSON request body under the gateway's limits, then hands the request on with its body.
 * Before reading: {@code Content-Type: application/json} is required (415), a declared length over
 * the size limit gets 413, and one that cannot fit the body budget now gets 503. While reading:
 * bytes are reserved from the connection's share of the budget as they arrive (never as
 * announced), a body silent for longer than the body timeout or arriving slower than the minimum
 * rate gets 408, a chunked body over the limit gets 413, a malformed one 400, each in the path's
 * protocol and closing the connection, since the rest of the body will not be read.
 *
 * <p>This replaces Vert.x's BodyHandler, which reserves nothing, has no timeouts and lets a
 * malformed chunk reach the router as an unhandled exception (answered {@code 200 OK}).
 */
final class BodyReader implements Handler<RoutingContext> {
  private final ServerConfig server;
  private final BodyBudget budget;
  private final ConnectionGuard connections;
  private final Vertx vertx;
  private final LongSupplier ticker;
  private final ClientErrorLog clientErrors;

  BodyReader(ServerConfig server, BodyBudget budget, ConnectionGuard connections, Vertx vertx, LongSupplier ticker,
      ClientErrorLog clientErrors) {
    this.server = server;
    this.budget = budget;
    this.connections = connections;
    this.vertx = vertx;
    this.ticker = ticker;
    this.clientErrors = clientErrors;
  }

  @Override
  public void handle(RoutingContext rc) {
    rc.put(IngressSupport.ARRIVAL, ticker.getAsLong()); // the request's start, before its body is read
    HttpServerRequest req = rc.request();
    if (!isJson(req.getHeader("content-type"))) {
      refuse(rc, GatewayError.invalid("Unsupported content type " + describe(req.getHeader("content-type"))
          + ": send the body as JSON with the header 'Content-Type: application/json'.", null,
          Reason.UNSUPPORTED_MEDIA_TYPE), false);
      return;
    }
    long declared = -1;
    String len = req.getHeader("content-length");
    if (len != null) {
      try {
        declared = Long.parseLong(len.trim());
      } catch (NumberFormatException bad) {
        declared = -1; // Netty refuses such a head before it gets here
      }
    }
    if (declared > server.maxBodyBytes()) {
      refuse(rc, tooLarge(), false);
      return;
    }
    if (declared > 0 && !budget.fits(declared)) {
      refuse(rc, overloaded(), false);
      return;
    }
    boolean chunked = req.version() != HttpVersion.HTTP_2 && declared < 0
        && "chunked".equalsIgnoreCase(trim(req.getHeader("transfer-encoding")));
    if (declared <= 0 && !chunked && req.version() != HttpVersion.HTTP_2) {
      setBody(rc, Buffer.buffer()); // HTTP/1.x without a length or chunking has no body
      return;
    }
    if ("100-continue".equalsIgnoreCase(trim(req.getHeader("expect"))) && req.version() != HttpVersion.HTTP_1_0) {
      req.response().writeContinue();
    }
    new Read(rc, declared).start();
  }

  /** One body being received. Confined to the request's event loop. */
  private final class Read {
    final RoutingContext rc;
    final HttpServerRequest req;
    final long declared;
    final BodyBudget.Account account;
    // The chunks as they came; joined once, into an array of the exact size, at the end. A growing
    // buffer would double its capacity as it fills and hold up to twice the body for the exchange.
    final java.util.ArrayList<Buffer> chunks = new java.util.ArrayList<>();
    final long started;
    long lastChunk;
    long received;
    long reserved;
    long timer = -1;
    boolean done;

    Read(RoutingContext rc, long declared) {
      this.rc = rc;
      this.req = rc.request();
      this.declared = declared;
      this.account = connections.state(req.connection()).account;
      this.started = ticker.getAsLong();
      this.lastChunk = started;
    }

    void start() {
      // Whatever else happens, the reservation ends with the exchange.
      rc.addEndHandler(v -> release());
      req.handler(this::chunk);
      req.endHandler(v -> end());
      req.exceptionHandler(this::broken);
      armTimer(server.timeouts().body().toNanos());
      req.resume();
    }

    void chunk(Buffer b) {
      if (done) {
        return;
      }
      lastChunk = ticker.getAsLong();
      received += b.length();
      if (received > server.maxBodyBytes()) {
        fail(tooLarge());
        return;
      }
      if (!account.tryReserve(b.length())) {
        if (declared > 0) {
          // A body of known, allowed length: let it finish arriving (dropped, not held), so the
          // client reads the 503 instead of a reset; the connection then keeps its idle limit.
          drop(overloaded());
        } else {
          fail(overloaded());
        }
        return;
      }
      reserved += b.length();
      chunks.add(b);
      if (tooSlow(lastChunk)) {
        clientErrors.warn(remote(), req.method().name(), req.path(), "request body arriving too slowly", null);
        fail(slow("arrived too slowly"));
      }
    }

    void end() {
      if (done) {
        return;
      }
      done = true;
      cancelTimer();
      byte[] all = new byte[(int) received];
      int at = 0;
      for (Buffer c : chunks) {
        c.getBytes(all, at);
        at += c.length();
      }
      chunks.clear();
      setBody(rc, Buffer.buffer(all));
    }

    void broken(Throwable t) {
      if (done) {
        return;
      }
      boolean closed = req.connection() == null || t.getClass().getSimpleName().contains("Closed");
      clientErrors.warn(remote(), req.method().name(), req.path(),
          closed ? "connection closed in the middle of the request body" : "malformed request body", t.getMessage());
      fail(GatewayError.invalid("The request body is not valid HTTP: " + (closed ? "the connection closed before its end."
          : "malformed chunked encoding."), null, Reason.MALFORMED_REQUEST));
    }

    void fail(GatewayError e) {
      done = true;
      chunks.clear();
      cancelTimer();
      release();
      req.handler(null);
      ProtocolErrors.answer(req, e, true);
    }

    void drop(GatewayError e) {
      done = true;
      cancelTimer();
      chunks.clear();
      release();
      req.handler(b -> { });
      ProtocolErrors.answer(req, e, false);
    }

    void release() {
      if (reserved > 0) {
        account.release(reserved);
        reserved = 0;
      }
    }

    /** Below the minimum rate, once the first body timeout of the upload has passed. */
    boolean tooSlow(long now) {
      long rate = server.timeouts().minBodyBytesPerSecond();
      long elapsed = now - started;
      return rate > 0 && elapsed > server.timeouts().body().toNanos() && received < rate * (elapsed / 1e9);
    }

    void armTimer(long nanos) {
      timer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> check());
    }

    void cancelTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    /** The body timer: silent too long, or too slow on average; otherwise look again later. */
    void check() {
      timer = -1;
      if (done) {
        return;
      }
      long now = ticker.getAsLong();
      long silence = now - lastChunk;
      long limit = server.timeouts().body().toNanos();
      if (silence >= limit) {
        clientErrors.warn(remote(), req.method().name(), req.path(), "request body stalled", null);
        fail(slow("stopped arriving for " + Duration.ofNanos(silence).toMillis() + " ms"));
      } else if (tooSlow(now)) {
        clientErrors.warn(remote(), req.method().name(), req.path(), "request body arriving too slowly", null);
        fail(slow("arrived too slowly"));
      } else {
        armTimer(limit - silence);
      }
    }

    String remote() {
      return req.remoteAddress() == null ? "?" : req.remoteAddress().toString();
    }
  }

  private GatewayError slow(String what) {
    return GatewayError.invalid("The request body " + what + " (it must arrive within "
        + server.timeouts().body().toMillis() + " ms of silence at most, at " + server.timeouts().minBodyBytesPerSecond()
        + " bytes per second or faster).", null, Reason.BODY_TIMEOUT);
  }

  private GatewayError tooLarge() {
    return GatewayError.upstream(ErrorKind.REQUEST_TOO_LARGE,
        "Request body too large: the limit is " + server.maxBodyBytes() + " bytes.").withReason(Reason.REQUEST_TOO_LARGE);
  }

  private static GatewayError overloaded() {
    return GatewayError.overloaded("The gateway is holding too many large request bodies at once; retry shortly.",
        Duration.ofSeconds(1));
  }

  /**
   * Answers before the body is read. The connection stays open: the unread body is drained and
   * dropped (a client that keeps sending on an idle connection is closed by the idle limit).
   */
  private static void refuse(RoutingContext rc, GatewayError e, boolean close) {
    HttpServerRequest req = rc.request();
    if (!close && !req.isEnded()) {
      req.handler(b -> { });
      req.exceptionHandler(t -> { });
      req.resume();
    }
    ProtocolErrors.answer(req, e, close);
  }

  private static void setBody(RoutingContext rc, Buffer body) {
    // What Vert.x's own BodyHandler does, so that rc.body() works for the handlers after this one.
    RoutingContextInternal internal = (RoutingContextInternal) rc;
    internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
    internal.setBody(body);
    rc.next();
  }

  /** {@code application/json}, with or without parameters ({@code ; charset=utf-8}). */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json");
  }

  private static String describe(String contentType) {
    return contentType == null ? "(none)" : "'" + ClientErrorLog.oneLine(contentType) + "'";
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
