package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.Json;
import dev.fairway.provider.UpstreamErrors;
import java.time.Duration;

/**
 * Anthropic's error objects ({@code {"type":"error","error":{"type":...,"message":...}}}), both
 * ways: a provider's error in, a client's error out.
 */
public final class AnthropicErrors {
  private AnthropicErrors() {}

  /** Maps a non-2xx answer of the Messages API into the taxonomy. */
  public static GatewayError fromUpstream(int status, byte[] body, Duration retryAfter, String provider) {
    String type = null;
    String message = null;
    try {
      JsonNode err = Json.SNAKE.readTree(body).path("error");
      type = err.path("type").asText(null);
      message = err.path("message").asText(null);
    } catch (Exception ignored) {
      // Not JSON (Cloudflare's 413 page, a proxy's HTML...): the status alone decides.
    }
    return map(status, type, message, retryAfter, provider);
  }

  /** Maps the {@code error} of a mid-stream {@code error} event, which comes without an HTTP status. */
  public static GatewayError fromStreamError(JsonNode error, String provider) {
    String type = error == null ? null : error.path("type").asText(null);
    String message = error == null ? null : error.path("message").asText(null);
    return map(statusOf(type), type, message, null, provider);
  }

  private static GatewayError map(int status, String type, String message, Duration retryAfter, String provider) {
    if (type != null) {
      switch (type) {
        case "invalid_request_error" -> {
          if (message != null && (message.contains("prompt is too long")
              || message.contains("exceed context limit") || message.contains("context window"))) {
            return GatewayError.upstream(ErrorKind.CONTEXT_TOO_LONG, UpstreamErrors.scrub(message))
                .withReason(Reason.CONTEXT_TOO_LONG).withParam("messages").withUpstream(status, null);
          }
        }
        case "overloaded_error" -> {
          return GatewayError.upstream(ErrorKind.OVERLOADED, msg(message, provider, status)).withUpstream(status, type)
              .withRetryAfter(retryAfter);
        }
        case "rate_limit_error" -> {
          return GatewayError.upstream(ErrorKind.RATE_LIMITED, msg(message, provider, status))
              .withUpstream(status, type).withRetryAfter(retryAfter);
        }
        case "billing_error" -> {
          // The gateway's account cannot pay: the operator's problem, and another provider may serve.
          return GatewayError.upstream(ErrorKind.UPSTREAM,
              "provider '" + provider + "' refused the call for billing reasons"
              + " (HTTP " + status + ")").withReason(Reason.UPSTREAM_BILLING).withUpstream(status, null);
        }
        case "api_error", "timeout_error" -> {
          return GatewayError.upstream(type.equals("api_error") ? ErrorKind.UPSTREAM : ErrorKind.TIMEOUT,
              msg(message, provider, status))
              .withUpstream(status, type).withRetryAfter(retryAfter);
        }
        default -> { } // authentication, permission, not found, request too large: by status below
      }
    }
    return UpstreamErrors.byStatus(status, message, null, type, retryAfter, provider);
  }

  private static String msg(String message, String provider, int status) {
    return message == null || message.isBlank() ? "provider '" + provider + "' answered HTTP " + status
        : UpstreamErrors.scrub(message);
  }

  /** The HTTP status Anthropic uses for each error type (for errors that arrive inside a stream). */
  static int statusOf(String type) {
    if (type == null) {
      return 500;
    }
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  /** The error type an Anthropic client receives for a canonical error. */
  public static String type(GatewayError e) {
    return switch (e.kind()) {
      case INVALID_REQUEST, CONTEXT_TOO_LONG, CONTENT_FILTERED -> "invalid_request_error";
      case AUTHENTICATION -> "authentication_error";
      case PERMISSION -> "permission_error";
      case NOT_FOUND -> "not_found_error";
      case REQUEST_TOO_LARGE -> "request_too_large";
      case RATE_LIMITED -> "rate_limit_error";
      case OVERLOADED, UNAVAILABLE -> "overloaded_error";
      case TIMEOUT -> "timeout_error";
      case UPSTREAM, CONNECTION, INTERNAL, CANCELLED -> "api_error";
    };
  }

  /**
   * The HTTP status an Anthropic client receives. Overload is Anthropic's 529, which its SDKs know
   * to retry; everything else keeps the canonical status.
   */
  public static int status(GatewayError e) {
    if (e.reason().httpStatus() != 0) {
      return e.reason().httpStatus();
    }
    return e.kind() == ErrorKind.OVERLOADED ? 529 : e.kind().httpStatus();
  }

  public static AnthropicWire.ErrorBody toWire(GatewayError e, String requestId) {
    return new AnthropicWire.ErrorBody(new AnthropicWire.ErrorDetail(type(e), e.getMessage()), requestId);
  }
}
