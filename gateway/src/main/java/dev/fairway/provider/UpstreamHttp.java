package dev.fairway.provider;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.ProviderConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One provider's HTTP client: bounded pools of keep-alive HTTP/1.1 connections with TCP_NODELAY.
 * Connection failures become {@code CONNECTION} errors; a {@link CallControl} cancel aborts the
 * exchange.
 *
 * <p>There is one pool per event loop. A request and its upstream connection then live on the
 * same thread: no hand-off between loops (each costs a selector wake-up and a context switch,
 * which the profile showed as the largest single cost of a proxied call), and no cross-thread
 * access to the request's state. The connection limit is split across the pools.
 */
public final class UpstreamHttp implements AutoCloseable {
  private final java.time.Clock clock;
  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final java.util.concurrent.ConcurrentHashMap<Thread, HttpClientAgent> clients =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final String provider;
  // The provider's origin, parsed once: a request to it needs only its path, not a URL parse.
  private final String origin;
  private final String host;
  private final int port;
  private final boolean ssl;

  /** @param eventLoops how many event loops will call it (the connection limit is split among them) */
  public UpstreamHttp(Vertx vertx, ProviderConfig cfg, int eventLoops) {
    this(vertx, cfg, eventLoops, java.time.Clock.systemUTC());
  }

  /** @param clock the wall clock, for Retry-After dates and rate-limit reset times */
  public UpstreamHttp(Vertx vertx, ProviderConfig cfg, int eventLoops, java.time.Clock clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.provider = cfg.id();
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setTcpKeepAlive(true)
        .setConnectTimeout((int) cfg.connectTimeout().toMillis())
        .setKeepAliveTimeout(60)
        .setDecompressionSupported(true)
        .setMaxInitialLineLength(8192)
        .setMaxHeaderSize(64 * 1024);
    if ("https".equals(cfg.baseUrl().getScheme())) {
      options.setSsl(true).setVerifyHost(true);
    }
    this.options = options;
    java.net.URI base = cfg.baseUrl();
    this.ssl = "https".equals(base.getScheme());
    this.host = base.getHost();
    this.port = base.getPort() != -1 ? base.getPort() : ssl ? 443 : 80;
    this.origin = base.getScheme() + "://" + base.getRawAuthority();
    this.pool = new PoolOptions().setHttp1MaxSize(Math.max(1, cfg.maxConnections() / eventLoops))
        .setMaxWaitQueueSize(-1);
  }

  /** The pool of the calling event loop (created on first use); off the loops, a shared one. */
  private HttpClientAgent client() {
    return clients.computeIfAbsent(Thread.currentThread(), t -> vertx.createHttpClient(options, pool));
  }

  public String provider() {
    return provider;
  }

  /**
   * Sends one request; completes with the response (any status, body not yet read, paused until
   * {@link #body} or {@link #events} reads it) or fails with a
   * GatewayError. After a cancel through {@code control}, the exchange is aborted and the future
   * fails with the cancel reason.
   */
  public Future<HttpClientResponse> send(HttpMethod method, String absoluteUri, MultiMap headers, Buffer body,
      CallControl control) {
    if (control.isCancelled()) {
      return Future.failedFuture(control.reason());
    }
    RequestOptions ro = target(absoluteUri).setMethod(method).setHeaders(headers);
    Promise<HttpClientResponse> promise = Promise.promise();
    client().request(ro).onComplete(ar -> {
      if (ar.failed()) {
        promise.tryFail(connectionError(ar.cause()));
        return;
      }
      HttpClientRequest req = ar.result();
      control.onCancel(() -> {
        req.reset();
        promise.tryFail(control.reason());
      });
      if (control.isCancelled()) {
        return;
      }
      long headersTimer = headersTimer(control, req, promise);
      req.send(body).onComplete(r -> {
        if (headersTimer >= 0) {
          vertx.cancelTimer(headersTimer);
        }
        if (r.succeeded()) {
          control.rateLimits(RateLimits.from(r.result().headers(), clock.instant()));
          // Held until a reader attaches (body(), events()): a caller that chained its reader from
          // another thread could otherwise attach it after the body had already gone by, and read
          // an empty 200.
          r.result().pause();
          if (!promise.tryComplete(r.result())) {
            req.reset(); // cancelled meanwhile
          }
        } else {
          promise.tryFail(control.isCancelled() ? control.reason() : connectionError(r.cause()));
        }
      });
    });
    return promise.future();
  }

  /**
   * Fails the call with {@code upstream_headers_timeout} when the provider has sent no response
   * headers within the call's limit; -1 when it has none.
   */
  private long headersTimer(CallControl control, HttpClientRequest req, Promise<HttpClientResponse> promise) {
    java.time.Duration limit = control.headersTimeout();
    if (limit == null) {
      return -1;
    }
    return vertx.setTimer(Math.max(1, limit.toMillis()), id -> {
      if (promise.tryFail(GatewayError.timeout(Reason.HEADERS_TIMEOUT, "provider '" + provider
          + "' sent no response headers within " + limit.toMillis() + " ms"))) {
        req.reset();
      }
    });
  }

  /** Where a request goes: the pre-parsed origin plus the path when it is the provider's own origin. */
  RequestOptions target(String absoluteUri) {
    if (host != null && !host.startsWith("[") && absoluteUri.startsWith(origin) && absoluteUri.length() > origin.length()
        && absoluteUri.charAt(origin.length()) == '/') {
      return new RequestOptions().setHost(host).setPort(port).setSsl(ssl).setURI(absoluteUri.substring(origin.length()));
    }
    return new RequestOptions().setAbsoluteURI(absoluteUri);
  }

  /**
   * Reads a whole response body, failing with a CONNECTION error if the connection breaks, and
   * with {@code stream_idle_timeout} if the body goes silent for longer than the call's idle limit.
   */
  public Future<Buffer> body(HttpClientResponse response, CallControl control) {
    java.time.Duration idle = control.idleTimeout();
    if (idle == null) {
      Future<Buffer> whole = response.body().recover(t -> Future.failedFuture(
          control.isCancelled() ? control.reason() : connectionError(t)));
      response.resume();
      return whole;
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    IdleWatch watch = new IdleWatch(vertx, idle, System::nanoTime, () -> {
      if (promise.tryFail(idleError(idle))) {
        response.request().reset();
      }
    });
    response.handler(b -> {
      watch.activity();
      body.appendBuffer(b);
    });
    response.endHandler(v -> {
      watch.stop();
      promise.tryComplete(body);
    });
    response.exceptionHandler(t -> {
      watch.stop();
      promise.tryFail(control.isCancelled() ? control.reason() : connectionError(t));
    });
    control.onCancel(watch::stop);
    watch.start();
    response.resume();
    return promise.future();
  }

  GatewayError idleError(java.time.Duration idle) {
    return GatewayError.timeout(Reason.STREAM_IDLE_TIMEOUT, "provider '" + provider + "' sent nothing for "
        + idle.toMillis() + " ms in the middle of its answer");
  }

  /**
   * The usual non-streaming exchange: send, then for 2xx parse the body with {@code onSuccess},
   * otherwise map status and body with {@code onError}.
   */
  public <T> Future<T> exchange(HttpMethod method, String uri, MultiMap headers, Buffer body, CallControl control,
      Function<Buffer, T> onSuccess, ErrorMapper onError) {
    return send(method, uri, headers, body, control).compose(resp -> body(resp, control).compose(b -> {
      try {
        if (resp.statusCode() / 100 == 2) {
          return Future.succeededFuture(onSuccess.apply(b));
        }
        return Future.failedFuture(onError.map(resp, b));
      } catch (GatewayError e) {
        return Future.failedFuture(e);
      } catch (RuntimeException e) {
        return Future.failedFuture(GatewayError.upstream(ErrorKind.UPSTREAM,
            "provider '" + provider + "' answered something that is not its protocol")
            .withReason(Reason.UPSTREAM_MALFORMED).withUpstream(resp.statusCode(), null));
      }
    }));
  }

  /**
   * For a streamed call: a 2xx response becomes an event source decoding its body with the decoder
   * made for it; any other status is read and mapped with {@code onError}.
   */
  public Future<EventSource> events(HttpClientResponse resp, CallControl control, ErrorMapper onError,
      Function<HttpClientResponse, HttpEventSource.BodyDecoder> decoder) {
    if (resp.statusCode() / 100 != 2) {
      return body(resp, control).compose(b -> Future.failedFuture(onError.map(resp, b)));
    }
    HttpEventSource source = new HttpEventSource(resp, decoder.apply(resp), control, provider);
    java.time.Duration idle = control.idleTimeout();
    if (idle != null) {
      source.watchIdle(new IdleWatch(vertx, idle, System::nanoTime, () -> source.timedOut(idleError(idle))));
    }
    return Future.succeededFuture(source);
  }

  /** Maps a provider's non-2xx answer into a GatewayError. */
  @FunctionalInterface
  public interface ErrorMapper {
    GatewayError map(HttpClientResponse response, Buffer body);
  }

  public java.time.Duration retryAfter(HttpClientResponse resp) {
    return UpstreamErrors.retryAfter(resp.getHeader("retry-after-ms"), resp.getHeader("retry-after"), clock.instant());
  }

  public GatewayError connectionError(Throwable t) {
    if (t instanceof GatewayError g) {
      return g;
    }
    String what = t instanceof ConnectException ? "connection refused"
        : t instanceof TimeoutException ? "timed out connecting"
        : t.getClass().getSimpleName().contains("Closed") ? "connection closed before an answer"
        : "connection failed";
    return GatewayError.upstream(ErrorKind.CONNECTION, "provider '" + provider + "' unreachable: " + what)
        .withUpstream(0, "upstream_unreachable");
  }

  /** The wall clock this provider's adapter reads. */
  public java.time.Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    clients.values().forEach(HttpClientAgent::close);
  }
}
