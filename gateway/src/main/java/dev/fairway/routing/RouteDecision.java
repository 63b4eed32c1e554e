package dev.fairway.routing;

import java.util.List;

/**
 * The outcome of routing: candidates in the order dispatch should try them (the first is the
 * choice, the rest the fallback plan), plus the models dropped and why.
 *
 * @param router the router that decided ({@code explicit}, {@code auto:balanced}, a named router...)
 */
public record RouteDecision(String router, List<RouteCandidate> candidates, List<String> dropped) {
  public RouteDecision {
    candidates = List.copyOf(candidates);
    dropped = List.copyOf(dropped);
  }

  public RouteCandidate chosen() {
    return candidates.get(0);
  }
}
