package dev.fairway.routing;

import dev.fairway.catalog.Capabilities;

/**
 * What an objective may know about a candidate: its measured or predicted merit and nothing else.
 * There is deliberately no model id, owner, provider or first-party flag here, so an objective
 * cannot prefer a vendor, not even by accident; the neutrality audit relies on this.
 *
 * @param quality predicted quality of this model's answer to this prompt, in [0, 1]
 * @param costUsd predicted cost of the call at list prices
 * @param ttftMs expected time to first token from live statistics, or NaN when unmeasured
 * @param fromData true when {@code quality} comes from outcome data, false when it is a prior
 */
public record Merit(double quality, double costUsd, double ttftMs, Capabilities capabilities, boolean fromData) {

  /** Expected latency in seconds for utility objectives; an unmeasured deployment counts as 0. */
  public double latencySeconds() {
    return Double.isNaN(ttftMs) ? 0 : ttftMs / 1000.0;
  }
}
