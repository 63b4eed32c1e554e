package dev.fairway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.Json;
import dev.fairway.provider.UpstreamErrors;
import java.time.Duration;

/** OpenAI's error objects, both ways: a provider's error in, a client's error out. */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  /** Maps a non-2xx answer of an OpenAI-compatible provider into the taxonomy. */
  public static GatewayError fromUpstream(int status, byte[] body, Duration retryAfter, String provider) {
    String message = null;
    String code = null;
    String type = null;
    String param = null;
    try {
      JsonNode err = Json.SNAKE.readTree(body).path("error");
      if (err.isObject()) {
        message = err.path("message").asText(null);
        code = err.path("code").isValueNode() ? err.path("code").asText(null) : null;
        type = err.path("type").asText(null);
        param = err.path("param").asText(null);
      } else if (err.isTextual()) {
        message = err.asText(); // Ollama and some servers: {"error": "..."}
      }
    } catch (Exception ignored) {
      // Not JSON (a proxy's HTML page, say): the status alone decides.
    }
    if ("context_length_exceeded".equals(code) || (message != null && message.contains("maximum context length"))) {
      return GatewayError.upstream(ErrorKind.CONTEXT_TOO_LONG, UpstreamErrors.scrub(message))
          .withReason(Reason.CONTEXT_TOO_LONG).withParam(param).withUpstream(status, null);
    }
    if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
      return GatewayError.upstream(ErrorKind.CONTENT_FILTERED, UpstreamErrors.scrub(message)).withParam(param)
          .withUpstream(status, code);
    }
    return UpstreamErrors.byStatus(status, message, param, code != null ? code : type, retryAfter, provider);
  }

  /** The HTTP status and body a client of Fairway's OpenAI-compatible API receives. */
  public static OpenAiWire.ErrorBody toWire(GatewayError e) {
    // An exhausted budget is OpenAI's own insufficient_quota (429), which SDKs tell from a rate limit.
    String type = e.reason() == Reason.BUDGET_EXCEEDED ? "insufficient_quota" : switch (e.kind()) {
      case INVALID_REQUEST, CONTEXT_TOO_LONG, CONTENT_FILTERED, NOT_FOUND, REQUEST_TOO_LARGE -> "invalid_request_error";
      case AUTHENTICATION -> "authentication_error";
      case PERMISSION -> "permission_error";
      case RATE_LIMITED -> "rate_limit_error";
      case OVERLOADED, UPSTREAM, CONNECTION, TIMEOUT, UNAVAILABLE, INTERNAL, CANCELLED -> "server_error";
    };
    String code = e.wireCode() != null ? e.wireCode() : switch (e.kind()) {
      case CONTEXT_TOO_LONG -> "context_length_exceeded";
      case RATE_LIMITED -> "rate_limit_exceeded";
      case OVERLOADED -> "overloaded";
      case TIMEOUT -> "timeout";
      case CONNECTION -> "upstream_unreachable";
      case UPSTREAM -> "upstream_error";
      case UNAVAILABLE -> "no_deployment_available";
      case AUTHENTICATION -> "invalid_api_key";
      default -> null;
    };
    return new OpenAiWire.ErrorBody(new OpenAiWire.ErrorDetail(e.getMessage(), type, e.param(), code));
  }

  public static int status(GatewayError e) {
    return e.reason().httpStatus() != 0 ? e.reason().httpStatus() : e.kind().httpStatus();
  }
}
