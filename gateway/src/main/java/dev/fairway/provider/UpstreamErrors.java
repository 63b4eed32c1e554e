package dev.fairway.provider;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What every adapter shares when a provider says no: status → kind, Retry-After parsing, and
 * scrubbing anything credential-like out of messages before they can reach a client or a log.
 */
public final class UpstreamErrors {
  private UpstreamErrors() {}

  /**
   * The canonical error for an HTTP status. Credential failures at the provider are the gateway
   * operator's problem, not the client's: they become {@code UPSTREAM} (so other deployments are
   * tried) with a message that reveals nothing about the credential.
   */
  public static GatewayError byStatus(int status, String message, String param, String code, Duration retryAfter,
      String provider) {
    String msg = message == null || message.isBlank() ? "provider '" + provider + "' answered HTTP " + status : scrub(message);
    param = scrub(param);
    code = scrub(code);
    if (status >= 300 && status < 400) {
      // The gateway never follows redirects (a POST with credentials to wherever a Location says):
      // a misconfigured base_url or a proxy, the operator's problem, never the client's 400.
      return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' answered HTTP " + status
          + " (a redirect, which the gateway does not follow; check the provider's base_url)")
          .withReason(Reason.UPSTREAM_REDIRECT).withUpstream(status, null);
    }
    return switch (status) {
      case 400, 422 -> GatewayError.upstream(ErrorKind.INVALID_REQUEST, msg).withParam(param)
          .withUpstream(status, code);
      case 401, 403 -> GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "' refused the gateway's credentials (HTTP " + status + ")")
          .withReason(Reason.UPSTREAM_AUTH_FAILED).withUpstream(status, null);
      case 404 -> GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "' does not know this model or endpoint (HTTP 404): " + msg)
          .withReason(Reason.UPSTREAM_NOT_FOUND).withUpstream(status, null);
      case 408 -> GatewayError.upstream(ErrorKind.TIMEOUT, msg).withUpstream(status, code).withRetryAfter(retryAfter);
      case 413 -> GatewayError.upstream(ErrorKind.REQUEST_TOO_LARGE, msg).withParam(param).withUpstream(status, code);
      case 429 -> GatewayError.upstream(ErrorKind.RATE_LIMITED, msg).withUpstream(status, code)
          .withRetryAfter(retryAfter);
      case 503, 529 -> GatewayError.upstream(ErrorKind.OVERLOADED, msg).withUpstream(status, code)
          .withRetryAfter(retryAfter);
      case 504 -> GatewayError.upstream(ErrorKind.TIMEOUT, msg).withUpstream(status, code).withRetryAfter(retryAfter);
      default -> status >= 500
          ? GatewayError.upstream(ErrorKind.UPSTREAM, msg).withUpstream(status, code).withRetryAfter(retryAfter)
          : GatewayError.upstream(ErrorKind.INVALID_REQUEST, msg).withParam(param).withUpstream(status, code);
    };
  }

  /**
   * Removes key-shaped strings and credential headers from a provider's text. The configured
   * secrets themselves are removed later, for every field, by the gateway's {@link Redactor}.
   */
  public static String scrub(String message) {
    return Redactor.SHAPES_ONLY.redact(message);
  }

  /**
   * Parses {@code retry-after-ms} (OpenAI) or {@code Retry-After} (seconds or an HTTP date);
   * null when absent or unreadable.
   */
  public static Duration retryAfter(String retryAfterMs, String retryAfter, Instant now) {
    try {
      if (retryAfterMs != null) {
        double ms = Double.parseDouble(retryAfterMs.trim());
        if (ms >= 0) {
          return Duration.ofNanos((long) (ms * 1_000_000));
        }
      }
    } catch (NumberFormatException ignored) {
      // fall through to Retry-After
    }
    if (retryAfter == null || retryAfter.isBlank()) {
      return null;
    }
    String v = retryAfter.trim();
    try {
      double s = Double.parseDouble(v);
      return s < 0 ? null : Duration.ofMillis((long) (s * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException notDate) {
        return null;
      }
    }
  }
}
