package dev.fairway.provider.bedrock;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.Json;
import dev.fairway.provider.UpstreamErrors;
import java.time.Duration;
import java.util.Locale;

/**
 * Bedrock's errors, mapped once into Fairway's taxonomy: HTTP errors (type in the
 * {@code x-amzn-ErrorType} header, {@code {"message": ...}} body) and the exception frames of a
 * ConverseStream ({@code :exception-type} header, same body).
 */
public final class BedrockErrors {
  private BedrockErrors() {}

  /**
   * Maps a non-2xx Converse answer.
   *
   * @param errorType the {@code x-amzn-ErrorType} header, e.g.
   *     {@code ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/}, or null
   */
  public static GatewayError fromUpstream(int status, String errorType, byte[] body, Duration retryAfter,
      String provider) {
    BedrockWire.ErrorBody b = body(body);
    String type = errorType(errorType, b);
    return map(status, type, b, retryAfter, provider);
  }

  /**
   * Maps an exception frame of a stream. Its type is the member name ({@code throttlingException});
   * the status is the one the same exception has as an HTTP error.
   */
  public static GatewayError fromStreamException(String exceptionType, byte[] payload, String provider) {
    BedrockWire.ErrorBody b = body(payload);
    String type = exceptionType == null || exceptionType.isEmpty() ? "InternalServerException"
        : Character.toUpperCase(exceptionType.charAt(0)) + exceptionType.substring(1);
    return map(statusOf(type), type, b, null, provider);
  }

  private static GatewayError map(int status, String type, BedrockWire.ErrorBody b, Duration retryAfter,
      String provider) {
    String message = b == null || b.message() == null ? null : UpstreamErrors.scrub(b.message());
    String shown = message == null ? "provider '" + provider + "' answered " + (type != null ? type : "HTTP " + status)
        : message;
    String code = type == null ? null : type;
    if (type == null) {
      return UpstreamErrors.byStatus(status, message, null, null, retryAfter, provider);
    }
    return switch (type) {
      case "ThrottlingException", "ServiceQuotaExceededException" ->
          GatewayError.upstream(ErrorKind.RATE_LIMITED, shown).withUpstream(status, code).withRetryAfter(retryAfter);
      case "ServiceUnavailableException", "ModelNotReadyException" ->
          GatewayError.upstream(ErrorKind.OVERLOADED, shown).withUpstream(status, code).withRetryAfter(retryAfter);
      case "ModelTimeoutException" -> GatewayError.upstream(ErrorKind.TIMEOUT, shown).withUpstream(status, code)
          .withRetryAfter(retryAfter);
      case "ModelErrorException", "ModelStreamErrorException", "InternalServerException" -> {
        String detail = b != null && b.originalMessage() != null
            ? shown + " (model said: " + UpstreamErrors.scrub(b.originalMessage()) + ")" : shown;
        yield GatewayError.upstream(ErrorKind.UPSTREAM, detail).withUpstream(status, code).withRetryAfter(retryAfter);
      }
      case "ValidationException" -> contextTooLong(message)
          ? GatewayError.upstream(ErrorKind.CONTEXT_TOO_LONG, shown).withReason(Reason.CONTEXT_TOO_LONG)
              .withParam("messages").withUpstream(status, null)
          : GatewayError.upstream(ErrorKind.INVALID_REQUEST, shown).withUpstream(status, code);
      // The gateway's AWS credentials or model access, never the client's fault: try elsewhere.
      case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
          "IncompleteSignatureException", "MissingAuthenticationTokenException", "ExpiredTokenException",
          "InvalidClientTokenId", "SignatureDoesNotMatch" -> GatewayError.upstream(ErrorKind.UPSTREAM,
              "provider '" + provider + "' refused the gateway's AWS credentials (" + type + ")")
              .withReason(Reason.UPSTREAM_AUTH_FAILED).withUpstream(status, null);
      case "ResourceNotFoundException" -> GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "' does not know this model or endpoint: " + shown)
          .withReason(Reason.UPSTREAM_NOT_FOUND).withUpstream(status, null);
      default -> UpstreamErrors.byStatus(status, message, null, code, retryAfter, provider);
    };
  }

  /** Bedrock's wordings for a prompt larger than the model's context window. */
  static boolean contextTooLong(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("too long") || m.contains("too many input tokens") || m.contains("context window")
        || m.contains("context length") || m.contains("maximum context") || m.contains("exceeds the maximum")
        && m.contains("token");
  }

  /** The HTTP status each Converse exception has, per the API reference's Errors section. */
  static int statusOf(String type) {
    return switch (type) {
      case "ValidationException" -> 400;
      case "AccessDeniedException" -> 403;
      case "ResourceNotFoundException" -> 404;
      case "ModelTimeoutException" -> 408;
      case "ModelErrorException", "ModelStreamErrorException" -> 424;
      case "ThrottlingException", "ModelNotReadyException" -> 429;
      case "ServiceUnavailableException" -> 503;
      default -> 500;
    };
  }

  /** The bare type from the header ({@code Type:uri} or {@code namespace#Type}) or the body's {@code __type}. */
  static String errorType(String header, BedrockWire.ErrorBody body) {
    String t = header != null && !header.isBlank() ? header : body == null ? null : body.type();
    if (t == null || t.isBlank()) {
      return null;
    }
    int colon = t.indexOf(':');
    if (colon >= 0) {
      t = t.substring(0, colon);
    }
    int hash = t.lastIndexOf('#');
    if (hash >= 0) {
      t = t.substring(hash + 1);
    }
    t = t.trim();
    return t.isEmpty() ? null : t;
  }

  private static BedrockWire.ErrorBody body(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return Json.CAMEL.readValue(body, BedrockWire.ErrorBody.class);
    } catch (Exception notJson) {
      return null; // a proxy's HTML page, say: the type and status decide
    }
  }
}
