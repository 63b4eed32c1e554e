package dev.fairway.dispatch;

import java.time.Duration;

/** What to do after a failed attempt. */
public sealed interface RetryDecision {

  /** Try another deployment or the next candidate now: the failure is local to where it happened. */
  record FallBack(String reason) implements RetryDecision {}

  /** Try again after {@code delay} (every alternative has been tried; the failure may be transient). */
  record Retry(Duration delay, String reason) implements RetryDecision {}

  /** Give up and answer with the error. */
  record Fail(String reason) implements RetryDecision {}
}
