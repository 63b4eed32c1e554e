package dev.fairway.pipeline;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;
import java.math.BigDecimal;

/**
 * How a request ended, as reported once by {@link CallEvents#requestFinished}: what the client
 * got, and what every attempt on its behalf consumed and cost.
 *
 * @param result whether it was answered, streamed to the end, failed, or abandoned by the client
 * @param httpStatus the status the client received (499 when it went away first)
 * @param outcome what the pipeline answered, or null when it failed
 * @param error why it failed, or null
 * @param usage tokens over all attempts (retries, fallbacks and hedges included)
 * @param usageEstimated true when some attempt's usage was estimated (a stream cut before the
 *     provider reported its usage), not reported by the provider
 * @param costUsd the cost of {@code usage}, each attempt at its own model's prices, exact
 * @param attempts upstream attempts made
 * @param durationNanos from the request's arrival to its end
 * @param ttftNanos from arrival to the first content token reaching the client, or -1
 */
public record Finished(Result result, int httpStatus, Outcome outcome, GatewayError error, Usage usage,
    boolean usageEstimated, BigDecimal costUsd, int attempts, long durationNanos, long ttftNanos) {

  /** What the client experienced. */
  public enum Result {
    /** A whole answer was written. */
    ANSWERED,
    /** A stream was written to its end (its last event may be an error event). */
    STREAMED,
    /** An error answer was written. */
    FAILED,
    /** The client went away before the answer was complete. */
    CLIENT_GONE
  }

  public boolean succeeded() {
    return result == Result.ANSWERED || (result == Result.STREAMED && error == null);
  }
}
