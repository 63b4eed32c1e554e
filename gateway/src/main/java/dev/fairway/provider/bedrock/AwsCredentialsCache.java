package dev.fairway.provider.bedrock;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.UpstreamErrors;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * AWS credentials for the event loop. Resolving them can block (profile files, the container or
 * instance metadata endpoint, STS), so resolution runs on a Vert.x worker thread, one at a time, and
 * the result is kept until shortly before it expires. Callers on the event loop then get cached
 * credentials at once; temporary credentials are refreshed in the background five minutes before
 * they expire, as the SDK's own caching providers do.
 */
final class AwsCredentialsCache {
  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

  private final IdentityProvider<? extends AwsCredentialsIdentity> source;
  private final Vertx vertx;
  private final Clock clock;
  private final String provider;
  private volatile AwsCredentialsIdentity current;
  private Future<AwsCredentialsIdentity> inFlight; // guarded by this

  AwsCredentialsCache(IdentityProvider<? extends AwsCredentialsIdentity> source, Vertx vertx, Clock clock,
      String provider) {
    this.source = source;
    this.vertx = vertx;
    this.clock = clock;
    this.provider = provider;
  }

  /** Credentials valid now: cached ones at once, else those a worker thread resolves. */
  Future<AwsCredentialsIdentity> get() {
    AwsCredentialsIdentity c = current;
    if (c != null) {
      Instant expires = c.expirationTime().orElse(null);
      Instant now = clock.instant();
      if (expires == null || now.plus(REFRESH_AHEAD).isBefore(expires)) {
        return Future.succeededFuture(c);
      }
      if (now.isBefore(expires)) {
        refresh(); // still valid: use them, and renew them meanwhile
        return Future.succeededFuture(c);
      }
    }
    return onCallersContext(refresh());
  }

  /**
   * The resolution may have been started elsewhere (at start-up, or by another event loop): hand
   * its outcome back on the caller's own context, where the rest of its call runs.
   */
  private static <T> Future<T> onCallersContext(Future<T> f) {
    Context ctx = Vertx.currentContext();
    if (ctx == null || f.isComplete()) {
      return f;
    }
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> ctx.runOnContext(v -> p.handle(ar)));
    return p.future();
  }

  /** Starts resolving (unless a resolution is under way) and returns its outcome. */
  synchronized Future<AwsCredentialsIdentity> refresh() {
    if (inFlight != null) {
      return inFlight;
    }
    Future<AwsCredentialsIdentity> f = vertx.<AwsCredentialsIdentity>executeBlocking(
            () -> source.resolveIdentity().join(), false)
        .recover(t -> Future.failedFuture(unavailable(t)))
        .onSuccess(c -> current = c);
    inFlight = f;
    f.onComplete(ar -> {
      synchronized (this) {
        inFlight = null;
      }
    });
    return f;
  }

  private GatewayError unavailable(Throwable t) {
    Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : UpstreamErrors.scrub(cause.getMessage());
    return GatewayError.upstream(ErrorKind.UPSTREAM,
        "provider '" + provider + "' has no usable AWS credentials: " + why)
        .withReason(Reason.UPSTREAM_AUTH_FAILED);
  }
}
