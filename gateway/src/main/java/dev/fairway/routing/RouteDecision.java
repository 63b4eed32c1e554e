package dev.fairway.routing;

import java.util.List;

/**
 * The outcome of routing: candidates in the order dispatch should try them (the first is the
 * choice, the rest the fallback plan), plus the models dropped and why.
 *
 * @param router the router that decided ({@code explicit}, {@code auto:balanced}, a named router...)
 * @param explanation the candidates' predictions and why each was kept or dropped; null for explicit routes
 * @param inputs what a router's order was computed from, for replay; null for explicit routes
 * @param policyChanged true when a disclosed house policy made the choice differ from merit alone
 */
public record RouteDecision(String router, List<RouteCandidate> candidates, List<String> dropped,
    Explanation explanation, RouteInputs inputs, boolean policyChanged) {
  public RouteDecision {
    candidates = List.copyOf(candidates);
    dropped = List.copyOf(dropped);
  }

  /** A decision without an explanation table (explicit routing). */
  public RouteDecision(String router, List<RouteCandidate> candidates, List<String> dropped) {
    this(router, candidates, dropped, null, null, false);
  }

  /** True when a router (not an explicit model name) decided. */
  public boolean routed() {
    return inputs != null;
  }

  public RouteCandidate chosen() {
    return candidates.get(0);
  }
}
