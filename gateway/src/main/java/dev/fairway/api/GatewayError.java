package dev.fairway.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A typed failure anywhere on a request's path. It carries what the client's protocol needs
 * (kind, message, offending parameter, code, Retry-After) and never a provider credential.
 * Stack traces are not captured: these are expected outcomes, thrown often under load.
 */
public final class GatewayError extends RuntimeException {
  private final ErrorKind kind;
  private final String param;
  private final String code;
  private final Duration retryAfter;
  private final int upstreamStatus;

  public GatewayError(ErrorKind kind, String message, String param, String code, Duration retryAfter, int upstreamStatus) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.param = param;
    this.code = code;
    this.retryAfter = retryAfter;
    this.upstreamStatus = upstreamStatus;
  }

  /**
   * Code of the error a translator raises when the target provider cannot honour a feature of the
   * request (an image URL Bedrock cannot fetch, a seed Anthropic has no notion of...). Dispatch
   * then tries the next candidate; the request fails with it only when no candidate can serve it.
   */
  public static final String UNSUPPORTED_FEATURE = "unsupported_feature";

  /** The target provider cannot honour {@code param}; see {@link #UNSUPPORTED_FEATURE}. */
  public static GatewayError unsupported(String message, String param) {
    return new GatewayError(ErrorKind.INVALID_REQUEST, message, param, UNSUPPORTED_FEATURE, null, 0);
  }

  public boolean isUnsupportedFeature() {
    return UNSUPPORTED_FEATURE.equals(code);
  }

  public static GatewayError of(ErrorKind kind, String message) {
    return new GatewayError(kind, message, null, null, null, 0);
  }

  public static GatewayError invalid(String message, String param) {
    return new GatewayError(ErrorKind.INVALID_REQUEST, message, param, null, null, 0);
  }

  public static GatewayError invalid(String message, String param, String code) {
    return new GatewayError(ErrorKind.INVALID_REQUEST, message, param, code, null, 0);
  }

  /** Wraps anything thrown on the request path; a GatewayError passes through unchanged. */
  public static GatewayError from(Throwable t) {
    if (t instanceof GatewayError g) {
      return g;
    }
    return new GatewayError(ErrorKind.INTERNAL, "internal error", null, null, null, 0);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The request parameter at fault (e.g. {@code messages[1].content}), or null. */
  public String param() {
    return param;
  }

  /** A machine-readable code (e.g. {@code model_not_found}), or null. */
  public String code() {
    return code;
  }

  /** How long the provider asked us to wait, or null. */
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

  @Override
  public String toString() {
    return "GatewayError[" + kind + (upstreamStatus > 0 ? " upstream " + upstreamStatus : "") + ": " + getMessage() + "]";
  }
}
