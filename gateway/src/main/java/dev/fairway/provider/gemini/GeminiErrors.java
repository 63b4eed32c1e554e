package dev.fairway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.Json;
import dev.fairway.provider.UpstreamErrors;
import dev.fairway.provider.gemini.GeminiWire.ErrorStatus;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini's errors ({@code {"error": {"code", "message", "status", "details"}}}, Google's
 * {@code google.rpc.Status}) mapped once into Fairway's taxonomy. The canonical status name decides
 * where it is present, the HTTP status otherwise.
 */
public final class GeminiErrors {
  private GeminiErrors() {}

  // "The input token count (1234567) exceeds the maximum number of tokens allowed (1048576)."
  private static final Pattern CONTEXT = Pattern.compile(
      "(?i)(input token count.*exceeds the maximum|exceeds the maximum number of tokens|prompt is too long)");
  // "Developer instruction is not enabled for models/gemma-3-27b-it", "... is not supported for this model."
  private static final Pattern MODEL_LACKS =
      Pattern.compile("(?i)is not (enabled|supported|available) (for|with|by) (models/|this model)");
  // google.protobuf.Duration in JSON: "22s", "10.689924287s"
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
  private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
  private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

  /**
   * Maps a non-2xx answer. {@code retryAfter} is the Retry-After header when there was one; a
   * {@code RetryInfo.retryDelay} in the body is used otherwise.
   */
  public static GatewayError fromUpstream(int status, byte[] body, Duration retryAfter, String provider) {
    ErrorStatus err = null;
    try {
      JsonNode root = Json.CAMEL.readTree(body);
      // Some proxies and the streaming JSON-array mode wrap the error in an array.
      JsonNode e = root != null && root.isArray() && !root.isEmpty() ? root.get(0).path("error") : root.path("error");
      if (e.isObject()) {
        err = Json.CAMEL.treeToValue(e, ErrorStatus.class);
      }
    } catch (Exception notJson) {
      // a proxy's HTML page, say: the status alone decides
    }
    return map(status, err, retryAfter, provider);
  }

  /** Maps an error a stream reported in place of a chunk. */
  static GatewayError fromStream(ErrorStatus err, String provider) {
    int status = err.code() != null && err.code() >= 400 ? err.code() : 500;
    return map(status, err, null, provider);
  }

  private static GatewayError map(int status, ErrorStatus err, Duration retryAfter, String provider) {
    String message = err == null ? null : err.message();
    String name = err == null || err.status() == null ? "" : err.status();
    String reason = err == null ? null : detailReason(err);
    Duration wait = retryAfter != null ? retryAfter : err == null ? null : retryDelay(err);
    String msg = message == null || message.isBlank() ? null : UpstreamErrors.scrub(message);

    if ("API_KEY_INVALID".equals(reason) || (message != null && message.contains("API key not valid"))) {
      // Google answers a bad key with 400 INVALID_ARGUMENT: it is still the gateway's credential.
      return UpstreamErrors.byStatus(401, msg, null, null, null, provider);
    }
    return switch (name) {
      case "INVALID_ARGUMENT" -> {
        if (msg != null && CONTEXT.matcher(msg).find()) {
          yield GatewayError.upstream(ErrorKind.CONTEXT_TOO_LONG, msg).withReason(Reason.CONTEXT_TOO_LONG)
              .withParam("messages").withUpstream(status, null);
        }
        if (msg != null && MODEL_LACKS.matcher(msg).find()) {
          // This model cannot (system instructions on Gemma, JSON mode on some previews): another may.
          yield GatewayError.upstream(ErrorKind.INVALID_REQUEST, msg).withReason(Reason.UNSUPPORTED_FEATURE)
              .withUpstream(status, null);
        }
        yield GatewayError.upstream(ErrorKind.INVALID_REQUEST, msg(msg, status, provider))
            .withUpstream(status, "invalid_argument");
      }
      // Billing not enabled, free tier unavailable in the region: the operator's account, not the request.
      case "FAILED_PRECONDITION" -> GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider
          + "' refused the call for an account precondition: " + msg(msg, status, provider)).withUpstream(status, "upstream_account_precondition");
      case "UNAUTHENTICATED" -> UpstreamErrors.byStatus(401, msg, null, null, null, provider);
      case "PERMISSION_DENIED" -> UpstreamErrors.byStatus(403, msg, null, null, null, provider);
      case "NOT_FOUND" -> UpstreamErrors.byStatus(404, msg, null, null, null, provider);
      case "RESOURCE_EXHAUSTED" -> GatewayError.upstream(ErrorKind.RATE_LIMITED, msg(msg, status, provider))
          .withUpstream(status, "rate_limit_exceeded").withRetryAfter(wait);
      case "UNAVAILABLE" -> GatewayError.upstream(ErrorKind.OVERLOADED, msg(msg, status, provider))
          .withReason(Reason.GATEWAY_OVERLOADED).withUpstream(status, null).withRetryAfter(wait);
      case "DEADLINE_EXCEEDED" -> GatewayError.upstream(ErrorKind.TIMEOUT, msg(msg, status, provider))
          .withUpstream(status, "upstream_deadline_exceeded").withRetryAfter(wait);
      case "INTERNAL", "UNKNOWN", "CANCELLED", "ABORTED" -> GatewayError.upstream(ErrorKind.UPSTREAM,
          msg(msg, status, provider))
          .withUpstream(status >= 500 ? status : 500, "upstream_error").withRetryAfter(wait);
      default -> status == 400 && msg != null && CONTEXT.matcher(msg).find()
          ? GatewayError.upstream(ErrorKind.CONTEXT_TOO_LONG, msg).withReason(Reason.CONTEXT_TOO_LONG)
              .withParam("messages").withUpstream(status, null)
          : UpstreamErrors.byStatus(status, msg, null, null, wait, provider);
    };
  }

  private static String msg(String msg, int status, String provider) {
    return msg != null ? msg : "provider '" + provider + "' answered HTTP " + status;
  }

  private static String detailReason(ErrorStatus err) {
    if (err.details() == null) {
      return null;
    }
    for (JsonNode d : err.details()) {
      if (ERROR_INFO.equals(d.path("@type").asText())) {
        return d.path("reason").asText(null);
      }
    }
    return null;
  }

  /** The {@code RetryInfo.retryDelay} of an error's details, or null. */
  static Duration retryDelay(ErrorStatus err) {
    if (err.details() == null) {
      return null;
    }
    for (JsonNode d : err.details()) {
      if (RETRY_INFO.equals(d.path("@type").asText())) {
        Matcher m = DURATION.matcher(d.path("retryDelay").asText(""));
        if (m.matches()) {
          return Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
        }
      }
    }
    return null;
  }

  /** The prompt or the answer was blocked by Gemini's safety (or similar) filters. */
  static GatewayError contentFiltered(String what, String reason, String provider) {
    return GatewayError.upstream(ErrorKind.CONTENT_FILTERED, "provider '" + provider + "' blocked the " + what
        + " (" + reason + ")").withUpstream(0, "content_filter");
  }
}
