package dev.fairway.pipeline;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;
import java.math.BigDecimal;

/**
 * One finished attempt of a request: what it consumed and cost, and how it ended.
 *
 * @param error why it failed (cancellations included), or null when it succeeded
 * @param usageEstimated true when the provider never reported usage and Fairway estimated it
 * @param costUsd {@code usage} at the attempt's model's prices
 */
public record AttemptRecord(Attempt attempt, GatewayError error, Usage usage, boolean usageEstimated,
    BigDecimal costUsd, long nanos) {

  public boolean succeeded() {
    return error == null;
  }
}
