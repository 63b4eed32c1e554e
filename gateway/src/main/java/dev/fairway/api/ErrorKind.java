package dev.fairway.api;

/**
 * Fairway's error taxonomy. Every provider's errors map into it once, and every ingress protocol
 * maps it out once. {@code retryable} says whether another attempt (same or next model) may help.
 */
public enum ErrorKind {
  INVALID_REQUEST(400, false),
  AUTHENTICATION(401, false),
  PERMISSION(403, false),
  NOT_FOUND(404, false),
  REQUEST_TOO_LARGE(413, false),
  /** The prompt does not fit the model's context window; a larger-window model may take it. */
  CONTEXT_TOO_LONG(400, false),
  CONTENT_FILTERED(400, false),
  RATE_LIMITED(429, true),
  /** The provider is overloaded (Anthropic's 529, OpenAI's 503). */
  OVERLOADED(503, true),
  /** The provider failed (5xx) or answered something that is not its protocol. */
  UPSTREAM(502, true),
  /** The provider could not be reached, or the connection broke before an answer. */
  CONNECTION(502, true),
  TIMEOUT(504, true),
  /**
   * The call was stopped on purpose: the client went away, or another attempt answered first.
   * Nobody is at fault; 499 is nginx's "client closed request", seen only in logs and the ledger.
   */
  CANCELLED(499, false),
  /** No deployment can take the call right now (all circuits open, budget of retries spent). */
  UNAVAILABLE(503, true),
  INTERNAL(500, false);

  private final int httpStatus;
  private final boolean retryable;

  ErrorKind(int httpStatus, boolean retryable) {
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  /** The status Fairway answers with when this error reaches the client. */
  public int httpStatus() {
    return httpStatus;
  }

  public boolean retryable() {
    return retryable;
  }
}
