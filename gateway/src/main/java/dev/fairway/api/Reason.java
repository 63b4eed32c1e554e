package dev.fairway.api;

/**
 * Why a request or an attempt failed, when the kind alone does not say enough to act on: the
 * dispatcher, the circuit breakers and the retry rule switch on these, never on message text or
 * wire codes. Each protocol's error mapper derives the client-facing {@code code} from it at the
 * edge ({@link #code()}).
 */
public enum Reason {
  /** Nothing more specific than the error's kind. */
  NONE(null, false),

  // Cancellations: someone stopped the call; they say nothing about the deployment's health.
  /** The client went away before the answer was complete. */
  CLIENT_DISCONNECTED("client_disconnected", true),
  /** Another attempt of the same request answered first. */
  HEDGE_LOST("hedge_lost", true),

  // Time limits.
  /** The request's own deadline passed; not the deployment's fault. */
  DEADLINE_EXCEEDED("deadline_exceeded", false),
  /** A streamed attempt produced no token within its time-to-first-token limit. */
  TTFT_TIMEOUT("ttft_timeout", false),
  /** A stream went silent between chunks for longer than its idle limit. */
  STREAM_IDLE_TIMEOUT("stream_idle_timeout", false),
  /** The provider sent no response headers within the limit. */
  HEADERS_TIMEOUT("upstream_headers_timeout", false),

  // The provider's side.
  /** The provider refused the gateway's credentials: no point retrying the same deployment. */
  UPSTREAM_AUTH_FAILED("upstream_auth_failed", false),
  /** The provider does not know the model or endpoint: no point retrying the same deployment. */
  UPSTREAM_NOT_FOUND("upstream_not_found", false),
  /** The provider's account cannot pay. */
  UPSTREAM_BILLING("upstream_billing", false),
  /** The provider answered something that is not its protocol. */
  UPSTREAM_MALFORMED("upstream_malformed", false),
  /** The provider answered with a redirect (3xx), which the gateway never follows: a wrong base_url, usually. */
  UPSTREAM_REDIRECT("upstream_redirect", false),

  // The request's side.
  /** The target cannot honour a feature of the request; another candidate may. */
  UNSUPPORTED_FEATURE("unsupported_feature", false),
  /** The prompt does not fit the model's context window; a larger window may take it. */
  CONTEXT_TOO_LONG("context_length_exceeded", false),
  MODEL_NOT_FOUND("model_not_found", false),
  MODEL_NOT_ALLOWED("model_not_allowed", false),
  INVALID_JSON("invalid_json", false),
  INVALID_TYPE("invalid_type", false),
  INVALID_VALUE("invalid_value", false),
  UNKNOWN_PARAMETER("unknown_parameter", false),
  MISSING_PARAMETER("missing_required_parameter", false),
  UNSUPPORTED_PARAMETER("unsupported_parameter", false),
  UNSUPPORTED_VALUE("unsupported_value", false),
  REQUEST_TOO_LARGE("request_too_large", false),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", false, 415),
  EMPTY_ARRAY("empty_array", false),
  ARRAY_ABOVE_MAX_LENGTH("array_above_max_length", false),
  INTEGER_BELOW_MIN_VALUE("integer_below_min_value", false),
  DECIMAL_BELOW_MIN_VALUE("decimal_below_min_value", false),
  DECIMAL_ABOVE_MAX_VALUE("decimal_above_max_value", false),
  INVALID_IMAGE_URL("invalid_image_url", false),
  INVALID_IMAGE_FORMAT("invalid_image_format", false),
  INVALID_BASE64("invalid_base64", false),
  /** No candidate of a router passes its filters for this request. */
  NO_CANDIDATE("no_candidate", false),

  // The transparency log.
  /** No decision record of that id is in the transparency log. */
  DECISION_NOT_FOUND("decision_not_found", false),
  /** The decision is logged, but no signed checkpoint covers it yet. */
  NOT_YET_CHECKPOINTED("not_yet_checkpointed", false),

  // The gateway's side.
  /** The gateway itself is at capacity (buffered bodies, connections). */
  GATEWAY_OVERLOADED("overloaded", false),
  UNKNOWN_URL("unknown_url", false),
  /** The gateway's own database (ledger, keys) cannot be reached; the request path is unaffected. */
  STORAGE_UNAVAILABLE("storage_unavailable", false),
  METHOD_NOT_ALLOWED("method_not_allowed", false, 405),

  // The client's HTTP itself (refused at the front door, before any protocol handler).
  /** The request head or body is not valid HTTP (bad chunking, a broken header, a bad escape). */
  MALFORMED_REQUEST("malformed_request", false),
  /** The path has encoded dot segments, encoded slashes or other tricks that could reach another route. */
  INVALID_PATH("invalid_path", false),
  /** The Host header names a host this gateway does not serve (DNS-rebinding defence). */
  HOST_NOT_ALLOWED("host_not_allowed", false),
  /** A browser page from another origin, which the CORS configuration does not allow. */
  CROSS_ORIGIN_NOT_ALLOWED("cross_origin_not_allowed", false),
  /** The client sent its request body too slowly, or stopped sending it. */
  BODY_TIMEOUT("request_timeout", false, 408),

  // Tenancy.
  INVALID_API_KEY("invalid_api_key", false),
  BUDGET_EXCEEDED("insufficient_quota", false),
  RATE_LIMIT_EXCEEDED("rate_limit_exceeded", false),
  /** The admin API has no virtual key with that id. */
  KEY_NOT_FOUND("key_not_found", false),
  /** The admin API has no team with that id. */
  TEAM_NOT_FOUND("team_not_found", false);

  private final String code;
  private final boolean cancellation;
  private final int httpStatus;

  Reason(String code, boolean cancellation) {
    this(code, cancellation, 0);
  }

  Reason(String code, boolean cancellation, int httpStatus) {
    this.code = code;
    this.cancellation = cancellation;
    this.httpStatus = httpStatus;
  }

  /**
   * The HTTP status a client gets for this reason when it is more precise than its kind's (405,
   * 408, 415), else 0.
   */
  public int httpStatus() {
    return httpStatus;
  }

  /** The machine-readable code clients see, or null for {@link #NONE}. */
  public String code() {
    return code;
  }

  /** True when the call was stopped on purpose (client gone, hedge lost), not failed. */
  public boolean isCancellation() {
    return cancellation;
  }
}
