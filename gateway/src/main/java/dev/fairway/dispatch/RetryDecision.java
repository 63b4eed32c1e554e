package dev.fairway.dispatch;

import dev.fairway.api.GatewayError;
import java.time.Duration;

/** What to do after a failed attempt. */
public sealed interface RetryDecision {
  String reason();

  /** Try another deployment or the next candidate now: the failure is local to where it happened. */
  record FallBack(String reason) implements RetryDecision {}

  /** Try again after {@code delay} (every alternative has been tried; the failure may be transient). */
  record Retry(Duration delay, String reason) implements RetryDecision {}

  /** Do nothing yet: another attempt of the request (a hedge) is still running and may answer. */
  record Wait(String reason) implements RetryDecision {}

  /** Give up and answer with {@code error} (the failure, the deadline's, or the client's cancellation). */
  record Fail(String reason, GatewayError error) implements RetryDecision {}
}
