package dev.fairway.tenancy;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;

/**
 * Why a presented credential opens nothing. Every refusal is a 401 with {@link
 * Reason#INVALID_API_KEY}; the message says only what the holder of the key may know: an unknown
 * key and a wrong secret read alike, and expiry, blocking and rotation are told only to whoever
 * presented the right secret.
 */
public enum AuthRefusal {
  MISSING("Missing API key: send a Fairway key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."),
  /** Not the shape of a Fairway key, or no key has its id. */
  UNKNOWN("Invalid API key."),
  WRONG_SECRET("Invalid API key."),
  /** The secret was replaced by {@code rotate} and its grace period is over. */
  ROTATED_OUT("Invalid API key: this key was rotated and its previous secret's grace period has ended."),
  EXPIRED("This API key has expired."),
  BLOCKED("This API key is blocked."),
  TEAM_BLOCKED("This API key's team is blocked.");

  private final GatewayError error;

  AuthRefusal(String message) {
    this.error = GatewayError.of(ErrorKind.AUTHENTICATION, Reason.INVALID_API_KEY, message);
  }

  /** The error to answer with, in either protocol. */
  public GatewayError error() {
    return error;
  }
}
