package dev.fairway.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A typed failure anywhere on a request's path. It carries what the client's protocol needs
 * (kind, message, offending parameter, Retry-After) and why ({@link Reason}), never a provider
 * credential. Control flow switches on {@link #kind()} and {@link #reason()}; the wire code is
 * derived from them at the edge. Stack traces are not captured: these are expected outcomes,
 * thrown often under load. Immutable: the {@code with...} methods return a copy.
 */
public final class GatewayError extends RuntimeException {
  private final ErrorKind kind;
  private final Reason reason;
  private final String param;
  private final String upstreamCode;
  private final Duration retryAfter;
  private final int upstreamStatus;

  private GatewayError(ErrorKind kind, String message, Reason reason, String param, String upstreamCode,
      Duration retryAfter, int upstreamStatus) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.reason = reason == null ? Reason.NONE : reason;
    this.param = param;
    this.upstreamCode = upstreamCode;
    this.retryAfter = retryAfter;
    this.upstreamStatus = upstreamStatus;
  }

  public static GatewayError of(ErrorKind kind, String message) {
    return new GatewayError(kind, message, null, null, null, null, 0);
  }

  public static GatewayError of(ErrorKind kind, Reason reason, String message) {
    return new GatewayError(kind, message, reason, null, null, null, 0);
  }

  /** The client's request is wrong; {@code param} names the field (e.g. {@code messages[1].content}). */
  public static GatewayError invalid(String message, String param) {
    return new GatewayError(ErrorKind.INVALID_REQUEST, message, null, param, null, null, 0);
  }

  public static GatewayError invalid(String message, String param, Reason reason) {
    return new GatewayError(ErrorKind.INVALID_REQUEST, message, reason, param, null, null, 0);
  }

  /**
   * The target provider cannot honour {@code param} (an image URL Bedrock cannot fetch, a seed
   * Anthropic has no notion of...). Dispatch then tries the next candidate; the request fails with
   * it only when no candidate can serve it.
   */
  public static GatewayError unsupported(String message, String param) {
    return new GatewayError(ErrorKind.INVALID_REQUEST, message, Reason.UNSUPPORTED_FEATURE, param, null, null, 0);
  }

  /** The prompt does not fit; a model with a larger window may take it. */
  public static GatewayError contextTooLong(String message, String param) {
    return new GatewayError(ErrorKind.CONTEXT_TOO_LONG, message, Reason.CONTEXT_TOO_LONG, param, null, null, 0);
  }

  public static GatewayError notFound(String message, String param, Reason reason) {
    return new GatewayError(ErrorKind.NOT_FOUND, message, reason, param, null, null, 0);
  }

  /** A call stopped on purpose ({@link Reason#CLIENT_DISCONNECTED}, {@link Reason#HEDGE_LOST}). */
  public static GatewayError cancelled(Reason reason, String message) {
    if (!reason.isCancellation()) {
      throw new IllegalArgumentException(reason + " is not a cancellation");
    }
    return new GatewayError(ErrorKind.CANCELLED, message, reason, null, null, null, 0);
  }

  /** A time limit passed (deadline, time to first token, stream idle, response headers). */
  public static GatewayError timeout(Reason reason, String message) {
    return new GatewayError(ErrorKind.TIMEOUT, message, reason, null, null, null, 0);
  }

  /** The gateway is at capacity; the client should retry after {@code retryAfter}. */
  public static GatewayError overloaded(String message, Duration retryAfter) {
    return new GatewayError(ErrorKind.OVERLOADED, message, Reason.GATEWAY_OVERLOADED, null, null, retryAfter, 0);
  }

  /** What a provider said, mapped into the taxonomy; add details with the {@code with...} methods. */
  public static GatewayError upstream(ErrorKind kind, String message) {
    return new GatewayError(kind, message, null, null, null, null, 0);
  }

  /** Wraps anything thrown on the request path; a GatewayError passes through unchanged. */
  public static GatewayError from(Throwable t) {
    if (t instanceof GatewayError g) {
      return g;
    }
    return new GatewayError(ErrorKind.INTERNAL, "internal error", null, null, null, null, 0);
  }

  public GatewayError withReason(Reason r) {
    return new GatewayError(kind, getMessage(), r, param, upstreamCode, retryAfter, upstreamStatus);
  }

  public GatewayError withParam(String p) {
    return new GatewayError(kind, getMessage(), reason, p, upstreamCode, retryAfter, upstreamStatus);
  }

  public GatewayError withRetryAfter(Duration d) {
    return new GatewayError(kind, getMessage(), reason, param, upstreamCode, d, upstreamStatus);
  }

  /** The provider's HTTP status and its own error code (already scrubbed of anything secret). */
  public GatewayError withUpstream(int status, String code) {
    return new GatewayError(kind, getMessage(), reason, param, code, retryAfter, status);
  }

  public GatewayError withMessage(String message) {
    return new GatewayError(kind, message, reason, param, upstreamCode, retryAfter, upstreamStatus);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** Why, when the kind alone does not say; {@link Reason#NONE} otherwise. Never null. */
  public Reason reason() {
    return reason;
  }

  /** The request parameter at fault (e.g. {@code messages[1].content}), or null. */
  public String param() {
    return param;
  }

  /** The provider's own error code or type, when the error came from one and has no reason; or null. */
  public String upstreamCode() {
    return upstreamCode;
  }

  /** The code a client sees: the reason's, else the provider's; null when neither says more than the kind. */
  public String wireCode() {
    return reason.code() != null ? reason.code() : upstreamCode;
  }

  /** How long the provider (or the gateway) asked the caller to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The provider's HTTP status when the error came from one, else 0. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  public boolean retryable() {
    return kind.retryable();
  }

  public boolean isUnsupportedFeature() {
    return reason == Reason.UNSUPPORTED_FEATURE;
  }

  public boolean isCancellation() {
    return reason.isCancellation();
  }

  @Override
  public String toString() {
    return "GatewayError[" + kind + (reason != Reason.NONE ? " " + reason : "")
        + (upstreamStatus > 0 ? " upstream " + upstreamStatus : "") + ": " + getMessage() + "]";
  }
}
